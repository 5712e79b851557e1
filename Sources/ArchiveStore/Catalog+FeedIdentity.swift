import Foundation
import GRDB

/// Feed and export items used to be identified by `FEED#N` with N counted from 0, while their
/// display path counts from 1; they are now identified by their link (else guid, else the
/// displayed position). This migration renames the posts already recorded, so that the next
/// mirror of the same feed updates them instead of recording every item a second time.
extension Catalog {
    /// Registers the rename, after every earlier migration (old ones are never edited).
    static func registerFeedIdentityMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v-feedItemIdentity: feed items by link, else by displayed position") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, source, path, url FROM post WHERE path GLOB '*#[0-9]*'")
            // Highest position first: `#0` becomes `#1` only after the old `#1` became `#2`.
            let items = rows.compactMap { row -> (id: Int64, container: Substring, displayed: Int, url: String?)? in
                let source: String = row["source"], path: String = row["path"]
                guard let displayed = Self.trailingNumber(path) else { return nil }
                if let stored = Self.trailingNumber(source) {
                    guard stored + 1 == displayed else { return nil }
                    return (row["id"], source[..<source.lastIndex(of: "#")!], displayed, row["url"])
                }
                // The only item of a feed file was identified by the file's path alone.
                guard displayed == 1, source.hasPrefix("/"), !source.contains("#") else { return nil }
                return (row["id"], source[...], displayed, row["url"])
            }.sorted { $0.displayed > $1.displayed }
            for item in items {
                let identity = item.url.flatMap { $0.isEmpty ? nil : $0 } ?? "\(item.container)#\(item.displayed)"
                // OR IGNORE: two items with one link stay apart rather than fail the migration.
                try db.execute(sql: "UPDATE OR IGNORE post SET source = ? WHERE id = ?", arguments: [identity, item.id])
            }
        }
    }

    /// The number after the last `#`, when the text ends with `#digits`.
    static func trailingNumber(_ text: String) -> Int? {
        guard let hash = text.lastIndex(of: "#") else { return nil }
        let digits = text[text.index(after: hash)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }
}
