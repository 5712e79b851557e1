import Foundation
import Yams

/// Jekyll's front-matter defaults (`defaults:` in `_config.yml`), read for the values they give
/// static files: `- scope: {path: assets/img} values: {image: true}`.
enum JekyllDefaults {
    /// The scope paths (relative to the site root, "" for all) whose values give `key` the value
    /// `value` (compared as text: `true`, `gallery`).
    static func scopes(root: String, key: String, value: String) -> [String] {
        guard let file = SitePaths.firstFile(["_config.yml", "_config.yaml"], in: root), let text = SitePaths.read(root + "/" + file),
              let config = (try? Yams.load(yaml: text)) as? [String: Any],
              let defaults = config["defaults"] as? [[String: Any]] else { return [] }
        return defaults.compactMap { entry in
            guard let values = entry["values"] as? [String: Any], let given = values[key], "\(given)" == value else { return nil }
            let path = (entry["scope"] as? [String: Any])?["path"] as? String ?? ""
            return SitePaths.trimSlashes(path)
        }
    }
}
