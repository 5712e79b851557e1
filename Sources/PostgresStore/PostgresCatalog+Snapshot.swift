import ArchiveStore
import Foundation
import GRDB

extension PostgresCatalog: CatalogStore {
    /// The catalog's tables in an order that satisfies their foreign keys.
    static let snapshotTables = ["post", "object", "image_ref", "url_object", "fetch", "host_strategy",
                                 "url_history", "tombstone", "object_verified", "image_url_alias"]

    /// Writes a consistent copy of the whole catalog to `file` as a SQLite catalog with the same
    /// schema (what `export --bagit` puts in the bag): every table read in one REPEATABLE READ
    /// snapshot, so rows that workers commit meanwhile are all in it or all out of it.
    public func copyConsistently(to file: URL) throws {
        try? FileManager.default.removeItem(at: file)
        let copy = try Catalog(file: file)
        try read("copy the catalog to \(file.path)") { connection in
            try connection.transaction {
                try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                for table in Self.snapshotTables {
                    let rows = try connection.execute("SELECT * FROM \"\(table)\"")
                    try Self.insert(rows, into: table, of: copy)
                }
            }
        }
        try copy.database.close()
        // One self-contained file, as the SQLite catalog's own copy is.
        let queue = try DatabaseQueue(path: file.path)
        try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode=DELETE") }
        try queue.close()
    }

    /// Inserts PostgreSQL's text-format rows into the same table of a SQLite catalog; SQLite's
    /// column affinity turns the texts back into integers and reals (flags stay 0/1, as stored).
    private static func insert(_ rows: PGRows, into table: String, of copy: Catalog) throws {
        guard rows.count > 0 else { return }
        let columns = rows.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: rows.columns.count).joined(separator: ", ")
        try copy.database.write { db in
            let statement = try db.makeStatement(sql: "INSERT INTO \"\(table)\" (\(columns)) VALUES (\(marks))")
            for row in rows.rows {
                try statement.execute(arguments: StatementArguments(row.map { $0?.databaseValue ?? .null }))
            }
        }
    }
}
