import Foundation
import GRDB
import Testing
@testable import ArchiveStore
import TestSupport

/// The catalog's self-check: full for `verify`, quick (pages and b-trees only) for `verify --fast`.
@Suite struct IntegrityCheckTests {
    static func catalogWithRows(_ name: String) throws -> (root: URL, file: URL) {
        let root = try TestPaths.makeTemporaryFolder(name)
        let file = root.appendingPathComponent("catalog.sqlite")
        let catalog = try Catalog(file: file)
        for index in 0..<400 {
            let url = "https://i.example.com/\(index).jpg"
            try catalog.recordPost(PostRecord(source: "/p/\(index).md", path: "\(index).md", title: "title \(index)", date: nil, url: nil, cover: nil),
                                   images: [ImageRefRecord(postId: 0, position: 0, src: url, url: url, variants: [], innerUrl: nil,
                                                           caption: String(repeating: "caption \(index) ", count: 8), alt: nil,
                                                           referrerPolicy: nil, isCover: false, isPlaceholder: false)])
        }
        try catalog.database.close()
        return (root, file)
    }

    @Test("a dangling foreign key is found by the full check only")
    func foreignKeysAreTheFullChecksOnly() throws {
        let (root, file) = try Self.catalogWithRows("integrity-fk")
        defer { try? FileManager.default.removeItem(at: root) }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false  // as another tool writing the file might
        let raw = try DatabaseQueue(path: file.path, configuration: configuration)
        try raw.write { db in
            try db.execute(sql: "INSERT INTO image_ref (post_id, position, src) VALUES (999999, 0, 'https://x/y.jpg')")
        }
        try raw.close()
        let catalog = try Catalog(readingFile: file)
        #expect(try catalog.integrityProblems().contains { $0.contains("foreign key") && $0.contains("image_ref") })
        #expect(try catalog.integrityProblems(quick: true).isEmpty)
    }

    @Test("a damaged b-tree page is found by the quick check too")
    func damagedPagesAreFoundByBoth() throws {
        let (root, file) = try Self.catalogWithRows("integrity-page")
        defer { try? FileManager.default.removeItem(at: root) }
        let pageSize = 4096
        let handle = try FileHandle(forUpdating: file)
        let size = try handle.seekToEnd()
        #expect(size > UInt64(pageSize * 20))
        // Pages of the second half (past the schema) get a broken b-tree header, whatever they hold.
        for page in stride(from: Int(size) / pageSize / 2, to: Int(size) / pageSize, by: 3) {
            try handle.seek(toOffset: UInt64(page * pageSize))
            try handle.write(contentsOf: Data([0x0D, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0xFF]))
        }
        try handle.close()
        let catalog = try Catalog(readingFile: file)
        // Found means listed, or SQLite refusing the damaged page outright (verify reports both).
        func finds(_ check: () throws -> [String]) -> Bool {
            do { return !(try check()).isEmpty } catch { return "\(error)".contains("malformed") }
        }
        #expect(finds { try catalog.integrityProblems(quick: true) })
        #expect(finds { try catalog.integrityProblems() })
    }
}
