import ArchiveStore
import Foundation
import GRDB
import PostgresStore
import Testing
import TestSupport

/// The PostgreSQL catalog schema: the SQLite catalog's tables, migrations applied once, trigram search.
@Suite(.testServer(.postgres))
struct CatalogSchemaTests {
    @Test func sameTablesAndColumnsAsTheSQLiteCatalog() throws {
        // The SQLite catalog as ArchiveStore creates it today, read back through GRDB.
        let folder = try TestPaths.makeTemporaryFolder("pg-schema")
        let file = folder.appendingPathComponent("catalog.sqlite")
        _ = try Catalog(file: file)
        let sqlite = try DatabaseQueue(path: file.path)
        let sqliteTables = try sqlite.read { db in
            try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT LIKE 'grdb_%' AND name NOT LIKE 'image_text%'
                """)
        }
        #expect(Set(sqliteTables) == Set(PostgresCatalogSchema.catalogTables),
                "a table added to the SQLite catalog needs its PostgreSQL migration too")

        let db = try TestDatabase().connect()
        for table in sqliteTables {
            let sqliteColumns = try sqlite.read { db in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String } }
            let pgColumns = try db.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
                [table]).rows.compactMap { $0[0] }
            #expect(pgColumns == sqliteColumns, "columns of \(table)")
        }
    }

    @Test func migrationsApplyOnceEvenWhenWorkersStartTogether() throws {
        let database = try TestDatabase(migrated: false)
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            do {
                let applied = try PostgresCatalogSchema.migrator.migrate(database.connect())
                results.append(.success(applied))
            } catch {
                results.append(.failure(error))
            }
        }
        let applied = try results.values.map { try $0.get() }
        let all = PostgresCatalogSchema.migrator.migrations.map(\.identifier)
        #expect(applied.flatMap { $0 }.sorted() == all.sorted(), "each migration ran in exactly one of the three")
        #expect(try PGMigrator.applied(database.connect()) == all)
        #expect(try PostgresCatalogSchema.migrator.migrate(database.connect()).isEmpty)
    }

    @Test func searchFindsSubstringsInAnyScript() throws {
        let database = try TestDatabase()
        let db = try database.connect()
        try db.execute("INSERT INTO post (id, source, path, title, scanned_at) VALUES (1, 'a.md', 'a.md', 'Rooftops of Kyoto', 'now'), (2, 'b.md', 'b.md', 'Weather', 'now')")
        try db.execute("""
            INSERT INTO image_ref (post_id, position, src, url, caption, alt) VALUES
              (1, 0, 'cat.jpg', 'https://x/cat.jpg', '一只在屋顶上睡觉的猫', NULL),
              (1, 1, 'sky.jpg', 'https://x/sky.jpg', 'Evening sky', 'orange clouds'),
              (2, 0, 'fog.jpg', 'https://x/fog.jpg', 'Fog at 100% humidity', NULL),
              (2, 1, 'rain.jpg', 'https://x/rain.jpg', 'Rain at 1000 mm', NULL)
            """)
        let search = try PostgresCatalog(url: database.url)
        #expect(try search.search("屋顶上").map(\.url) == ["https://x/cat.jpg"])
        #expect(try search.search("猫").map(\.url) == ["https://x/cat.jpg"], "one character: a scan, same answer")
        #expect(try search.search("100%").map(\.url) == ["https://x/fog.jpg"], "% is a character, not a wildcard")
        #expect(try search.search("ORANGE").map(\.url) == ["https://x/sky.jpg"], "alt text, any case")
        // A title match returns every image of the post; caption matches rank first.
        #expect(try search.search("kyoto").map(\.url) == ["https://x/cat.jpg", "https://x/sky.jpg"])
        #expect(try search.search("sky").map(\.url) == ["https://x/sky.jpg"])

        // The trigram index answers three-character queries (forced past the tiny table's seq scan).
        try db.execute("SET enable_seqscan = off")
        let plan = try db.execute("EXPLAIN SELECT 1 FROM image_ref WHERE caption ILIKE $1", ["%屋顶上%"]).rows.compactMap { $0[0] }.joined(separator: "\n")
        #expect(plan.contains("image_ref_caption_trgm"), "plan: \(plan)")
    }
}

/// Results collected from several threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Result<[String], Error>] = []

    /// Adds one result.
    func append(_ result: Result<[String], Error>) { lock.withLock { stored.append(result) } }

    /// Everything added so far.
    var values: [Result<[String], Error>] { lock.withLock { stored } }
}
