import Foundation
import Yams

/// A generator's configuration data, flattened to `outer.inner` keys (lower-cased), read with the
/// same YAML, TOML and JSON readers as front matter. Only settings that change where files are served
/// are ever asked for, so a file that cannot be read counts as empty rather than as an error.
struct SiteConfig: Sendable, Equatable {
    /// Values by flattened, lower-cased key.
    var fields: [String: String] = [:]

    /// The value of `key`, trimmed, or nil when absent or empty.
    subscript(key: String) -> String? {
        guard let value = fields[key]?.trimmedWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    /// Reads those of `files` (relative to `root`) that exist, the first one's keys winning; YAML, TOML or JSON by extension.
    static func read(root: String, files: [String]) -> SiteConfig {
        var config = SiteConfig()
        for file in files {
            let path = SitePaths.join(root, file)
            guard let text = SitePaths.read(path) else { continue }
            config.merge(parse(text, name: file))
        }
        return config
    }

    /// Reads every `.toml`/`.yaml`/`.yml`/`.json` file of a folder (Hugo `config/_default/`). A file
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

    /// Parses YAML, TOML or JSON by the file's extension; unreadable text gives no fields.
    static func parse(_ text: String, name: String) -> SiteConfig {
        switch (name as NSString).pathExtension.lowercased() {
        case "toml": return SiteConfig(fields: FrontMatter.toml(text[...]))
        case "yml", "yaml":
            let fields = (try? FrontMatter.yamsFields(text, input: name)) ?? (try? FrontMatter.yamsFields(tabsAsSpaces(text), input: name))
            return SiteConfig(fields: fields ?? [:])
        case "json": return SiteConfig(fields: FrontMatter.json(text[...]) ?? [:])
        default: return SiteConfig()
        }
    }

    /// The text with every tab that starts a line (after the first) written as two spaces, as Hexo
    /// reads its YAML (hexo-front-matter's `escape`): YAML forbids tabs for indentation, and a
    /// plugin's settings pasted with tabs would otherwise lose the whole configuration.
    static func tabsAsSpaces(_ text: String) -> String {
        guard text.utf8.contains(9) else { return text }
        var lines = text.components(separatedBy: "\n")
        for index in lines.indices.dropFirst() {
            let tabs = lines[index].prefix(while: { $0 == "\t" }).count
            if tabs > 0 { lines[index] = String(repeating: "  ", count: tabs) + lines[index].dropFirst(tabs) }
        }
        return lines.joined(separator: "\n")
    }

    /// The tables of the list at `keys` (`module.mounts`), each with its scalar values: TOML
    /// `[[module.mounts]]` blocks, or a YAML or JSON list of mappings. Empty when there is none.
    static func tables(at keys: [String], in text: String, name: String) -> [[String: String]] {
        switch (name as NSString).pathExtension.lowercased() {
        case "toml": return tomlTables(named: keys.joined(separator: "."), in: text)
        case "yml", "yaml":
            guard var node = (try? Yams.compose(yaml: text, .basic, .default, .utf8)) ?? (try? Yams.compose(yaml: tabsAsSpaces(text), .basic, .default, .utf8)) else { return [] }
            for key in keys {
                guard let next = node.mapping?.first(where: { $0.key.string?.lowercased() == key })?.value else { return [] }
                node = next
            }
            return (node.sequence ?? []).compactMap(\.mapping).map { flattened($0) }
        case "json":
            var value = try? JSONSerialization.jsonObject(with: Data(text.utf8))
            for key in keys {
                value = (value as? [String: Any])?.first(where: { $0.key.lowercased() == key })?.value
            }
            return (value as? [Any] ?? []).compactMap { $0 as? [String: Any] }.map { table in
                Dictionary(table.compactMap { key, value in (value as? String).map { (key.lowercased(), $0) } },
                           uniquingKeysWith: { first, _ in first })
            }
        default: return []
        }
    }

    /// The strings of the YAML list at `keys` (`assets: {sources: [a, b]}`), empty when there is
    /// none or the file is not YAML (the flattened fields keep a list's first entry only).
    static func strings(at keys: [String], in text: String, name: String) -> [String] {
        guard ["yml", "yaml"].contains((name as NSString).pathExtension.lowercased()),
              var node = (try? Yams.compose(yaml: text, .basic, .default, .utf8)) ?? (try? Yams.compose(yaml: tabsAsSpaces(text), .basic, .default, .utf8)) else { return [] }
        for key in keys {
            guard let next = node.mapping?.first(where: { $0.key.string?.lowercased() == key })?.value else { return [] }
            node = next
        }
        return (node.sequence ?? []).compactMap(\.string)
    }

    /// A YAML mapping's scalar values by lower-cased key, nested mappings as `outer.inner`
    /// (Jekyll's `defaults: - scope: {path: …}` gives `scope.path`).
    private static func flattened(_ mapping: Node.Mapping, prefix: String = "") -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.string.map({ prefix + $0.lowercased() }) else { continue }
            if let scalar = value.scalar {
                if fields[name] == nil { fields[name] = scalar.string }
            } else if let inner = value.mapping {
                fields.merge(flattened(inner, prefix: name + ".")) { first, _ in first }
            }
        }
        return fields
    }

    /// The `[[name]]` blocks of a TOML file, each with its `key = value` lines.
    private static func tomlTables(named name: String, in text: String) -> [[String: String]] {
        var tables: [[String: String]] = []
        var inside = false
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map({ $0.trimmedWhitespace() }) {
            if line.hasPrefix("[") {
                let header = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).lowercased()
                inside = line.hasPrefix("[[") && header == name
                if inside { tables.append([:]) }
                continue
            }
            guard inside else { continue }
            tables[tables.count - 1].merge(FrontMatter.toml(line[...])) { first, _ in first }
        }
        return tables
    }

    /// The string literal given to `key:` in a JavaScript configuration (`baseUrl: '/docs/'`,
    /// `input: "src"`), the first one written; nil when there is none (the value is code).
    static func scriptString(_ key: String, in text: String) -> String? {
        let pattern = #"(?<![\w.$])"# + NSRegularExpression.escapedPattern(for: key) + #"\s*:\s*(?:"([^"]*)"|'([^']*)'|`([^`$]*)`)"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1...3).lazy.compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }.first
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
