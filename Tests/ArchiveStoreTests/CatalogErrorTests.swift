import Foundation
import GRDB
import Testing
@testable import ArchiveStore
import TestSupport

/// Catalog errors that reach a person name the operation, SQLite's extended result code and what to do.
@Suite struct CatalogErrorTests {
    @Test func aRefusedWriteNamesTheOperationTheExtendedCodeAndWhatToDo() throws {
        let folder = try TestPaths.makeTemporaryFolder("catalog-errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("catalog.sqlite")
        let catalog = try Catalog(file: file)
        try catalog.database.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON tombstone BEGIN SELECT RAISE(ABORT, 'injected refusal'); END")
        }
        #expect {
            _ = try catalog.forget(.url("https://a.test/x.jpg"), dryRun: false)
        } throws: { error in
            let text = "\(error)"
            // RAISE(ABORT) in a trigger: SQLITE_CONSTRAINT_TRIGGER, extended code 1811.
            return text.contains("cannot forget https://a.test/x.jpg") && text.contains("injected refusal")
                && text.contains("SQLite extended code \(ResultCode.SQLITE_CONSTRAINT_TRIGGER.rawValue)") && text.contains("mediavault verify")
        }
        let readOnly = try Catalog(readingFile: file)
        #expect {
            try readOnly.recordVerified([String(repeating: "a", count: 64)])
        } throws: { error in
            "\(error)".contains("SQLite extended code") && "\(error)".contains("not writable")
        }
    }
}
