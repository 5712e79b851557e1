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

    /// The header's read and write versions (bytes 18 and 19) are 2 in WAL mode, 1 with a
    /// rollback journal: a catalog made in rollback mode is converted by its first opening,
    /// through a journal and four fdatasyncs that every new archive paid for nothing.
    @Test func aNewCatalogIsInWALModeBeforeAnyoneOpensIt() throws {
        let folder = try TestPaths.makeTemporaryFolder("catalog-create-wal")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("catalog.sqlite")
        try Catalog.create(file, Configuration())
        let header = try Data(contentsOf: file).prefix(20)
        #expect(Array(header.prefix(16)) == Array("SQLite format 3\0".utf8))
        #expect(header[18] == 2 && header[19] == 2, "read/write versions \(header[18]), \(header[19])")
        // Nothing beside it: the WAL of the creation was checkpointed into the file and removed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["catalog.sqlite"])
    }
}
