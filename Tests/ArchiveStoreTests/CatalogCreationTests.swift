import Foundation
import GRDB
import Testing
import TestSupport

@testable import ArchiveStore

/// A new catalog appears fully migrated or not at all (a crash during creation used to leave a
/// table-less `catalog.sqlite` that verify reported as damage).
struct CatalogCreationTests {
    @Test func aNewCatalogIsMigratedBeforeItGetsItsNameAndLeftoversAreReplaced() throws {
        let folder = try TestPaths.makeTemporaryFolder("catalog-create")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("catalog.sqlite")
        // What a crash in the middle of a creation leaves: a half-made temporary database.
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: file.path + ".new"))
        try Data("junk".utf8).write(to: URL(fileURLWithPath: file.path + ".new-wal"))
        let catalog = try Catalog(file: file)
        let tables = try catalog.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(Set(["object", "post", "image_ref", "url_object", "fetch"]).isSubset(of: Set(tables)))
        #expect(try catalog.allObjects().isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.hasPrefix("catalog.sqlite.new") }, "\(names)")
        // Reopening an existing catalog does not go through creation again.
        let again = try Catalog(file: file)
        #expect(try again.allObjects().isEmpty)
    }
}
