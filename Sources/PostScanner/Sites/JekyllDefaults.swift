import Foundation

/// Jekyll's front-matter defaults (`defaults:` in `_config.yml`), read for the values they give
/// static files: `- scope: {path: assets/img} values: {image: true}`.
enum JekyllDefaults {
    /// The scope paths (relative to the site root, "" for all) whose values give `key` the value
    /// `value` (compared as text: `true`, `gallery`).
    static func scopes(root: String, key: String, value: String) -> [String] {
        guard let file = SitePaths.firstFile(["_config.yml", "_config.yaml"], in: root), let text = SitePaths.read(root + "/" + file) else { return [] }
        return SiteConfig.tables(at: ["defaults"], in: text, name: file).compactMap { entry in
            guard entry["values." + key.lowercased()] == value else { return nil }
            return SitePaths.trimSlashes(entry["scope.path"] ?? "")
        }
    }
}
