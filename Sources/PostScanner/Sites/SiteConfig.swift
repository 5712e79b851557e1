import Foundation

/// A generator's configuration data, flattened to `outer.inner` keys (lower-cased), read with the
/// same YAML and TOML readers as front matter. Only settings that change where files are served
/// are ever asked for, so a file that cannot be read counts as empty rather than as an error.
struct SiteConfig: Sendable, Equatable {
    /// Values by flattened, lower-cased key.
    var fields: [String: String] = [:]

    /// The value of `key`, trimmed, or nil when absent or empty.
    subscript(key: String) -> String? {
        guard let value = fields[key]?.trimmedWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    /// Reads the first of `files` (relative to `root`) that exists; YAML or TOML by extension.
    static func read(root: String, files: [String]) -> SiteConfig {
        var config = SiteConfig()
        for file in files {
            let path = SitePaths.join(root, file)
            guard let text = SitePaths.read(path) else { continue }
            config.merge(parse(text, name: file))
        }
        return config
    }

    /// Reads every `.toml`/`.yaml`/`.yml` file of a folder (Hugo `config/_default/`). A file
    /// named after a top-level table (`languages.toml`, `params.yaml`) holds that table's keys.
    static func readFolder(_ folder: String) -> SiteConfig {
        var config = SiteConfig()
        for name in SitePaths.names(in: folder) {
            let stem = (name as NSString).deletingPathExtension.lowercased()
            guard let text = SitePaths.read(folder + "/" + name) else { continue }
            let parsed = parse(text, name: name)
            if stem == "config" || stem == "hugo" {
                config.merge(parsed)
            } else {
                // `languages.en.toml` holds the keys of `[languages.en]`.
                config.merge(SiteConfig(fields: Dictionary(parsed.fields.map { (stem + "." + $0.key, $0.value) }, uniquingKeysWith: { a, _ in a })))
            }
        }
        return config
    }

    /// Parses YAML or TOML by the file's extension; unreadable text gives no fields.
    static func parse(_ text: String, name: String) -> SiteConfig {
        switch (name as NSString).pathExtension.lowercased() {
        case "toml": return SiteConfig(fields: FrontMatter.toml(text[...]))
        case "yml", "yaml": return SiteConfig(fields: (try? FrontMatter.yamsFields(text, input: name)) ?? [:])
        default: return SiteConfig()
        }
    }

    /// Adds `other`'s keys; keys already present win (the first file read is the main one).
    mutating func merge(_ other: SiteConfig) {
        fields.merge(other.fields) { mine, _ in mine }
    }

    /// The keys that start with `prefix`, e.g. every `languages.*.contentdir`.
    func values(where matches: (String) -> Bool) -> [String] {
        fields.keys.sorted().filter(matches).compactMap { self[$0] }
    }

    /// The path of a URL (`https://example.com/blog/` → `/blog`), without the trailing slash;
    /// "" for a bare host or when `url` is nil.
    static func urlPath(_ url: String?) -> String {
        guard let url, !url.isEmpty else { return "" }
        var path = url.hasPrefix("/") ? url : (URL(string: url)?.path ?? "")
        while path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
