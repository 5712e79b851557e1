import Foundation
import GRDB

extension Catalog {
    /// An FTS5 query that finds a 2-character word through the trigram index: the OR of every
    /// indexed trigram that starts with it, listed from the index's vocabulary by a range on
    /// the term (sub-millisecond). Complete because every indexed text ends with a space
    /// (migration `shortWordMigration`), so each occurrence starts a trigram. Nil when the
    /// catalog cannot answer this way (older schema, or no vocabulary table on this
    /// connection): the caller then scans. An empty string means no text has the word.
    static func shortWordQuery(_ word: String, _ db: Database) throws -> String? {
        guard word.count == 2,
              try db.tableExists("grdb_migrations"),
              try Bool.fetchOne(db, sql: "SELECT 1 FROM grdb_migrations WHERE identifier = ?", arguments: [shortWordMigration]) == true
        else { return nil }
        do {
            // A temporary virtual table lives in this connection's temp schema: allowed on a
            // read-only catalog, nothing is written to the file.
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.image_text_terms USING fts5vocab(main, image_text, 'row')")
        } catch {
            return nil
        }
        let folded = word.lowercased()  // the trigram tokenizer folds case
        let terms = try String.fetchAll(db, sql: "SELECT term FROM temp.image_text_terms WHERE term >= ? AND term < ?",
                                        arguments: [folded, folded + "\u{10FFFF}"])
        return terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }
}
