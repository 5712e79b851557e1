import Foundation
import GRDB

/// Every URL a post used for an image (its `src`, `srcset`/`data-*` variants, the inner URL
/// of a proxied URL, a local file's path) leads to the URL that was fetched, so a lookup by
/// the URL a person sees finds the archived image.
extension Catalog {
    /// Adds the alias table and fills it from the image references already recorded.
    /// A migration of its own, registered after every earlier one: old ones are never edited.
    static func registerAliasMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v-imageURLAliases: every URL a post used for an image") { db in
            try db.execute(sql: """
                CREATE TABLE image_url_alias (
                    alias TEXT NOT NULL,
                    url TEXT NOT NULL,
                    PRIMARY KEY (alias, url)
                ) WITHOUT ROWID;
                """)
            let rows = try Row.fetchAll(db, sql: "SELECT src, url, variants, inner_url FROM image_ref WHERE url IS NOT NULL")
            for row in rows {
                let variants = (row["variants"] as String?)?.split(separator: "\n").map(String.init) ?? []
                try insertAliases(of: row["url"], src: row["src"], variants: variants, innerURL: row["inner_url"], db)
            }
        }
    }

    /// The other names of the image fetched from `url`: `src` as written (and with `&amp;`
    /// decoded) when absolute, every variant, the inner URL, and a local file's path.
    public static func aliases(of url: String, src: String, variants: [String], innerURL: String?) -> [String] {
        // Plain Swift string work: Foundation's `replacingOccurrences`/`trimmingCharacters` go
        // through NSString on Linux and made this the costliest step of recording a post (perf).
        var names: [String] = []
        let decoded = src.firstRange(of: "&amp;") != nil ? src.replacing("&amp;", with: "&") : src
        for candidate in [src, decoded] + variants + [innerURL].compactMap({ $0 }) {
            var absolute = trimmingSpaces(candidate)
            if absolute.hasPrefix("//") { absolute = "https:" + absolute }
            guard absolute.firstRange(of: "://") != nil, absolute != url, !names.contains(absolute) else { continue }
            names.append(absolute)
        }
        if url.hasPrefix("file:"), let file = URL(string: url), file.isFileURL, !names.contains(file.path) { names.append(file.path) }
        return names
    }

    /// `text` without leading and trailing spaces and tabs (Unicode space separators too, as
    /// `CharacterSet.whitespaces`; line breaks stay).
    static func trimmingSpaces(_ text: String) -> String {
        func isSpace(_ c: Character) -> Bool {
            c == " " || c == "\t" || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator }
        }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }

    /// Writes the aliases of one image reference inside the caller's transaction.
    static func insertAliases(of url: String, src: String, variants: [String], innerURL: String?, _ db: Database) throws {
        for alias in aliases(of: url, src: src, variants: variants, innerURL: innerURL) {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO image_url_alias (alias, url) VALUES (?, ?)").execute(arguments: [alias, url])
        }
    }

    /// The object fetched for an image that a post also named `alias`, if it is archived.
    public func object(forAlias alias: String) throws -> ObjectRecord? {
        try read("look up the alias \(alias)") { db in
            try ObjectRecord.fetchOne(db, sql: """
                SELECT object.* FROM image_url_alias
                JOIN url_object ON url_object.url = image_url_alias.url
                JOIN object ON object.sha256 = url_object.sha256
                WHERE image_url_alias.alias = ? LIMIT 1
                """, arguments: [alias])
        }
    }
}
