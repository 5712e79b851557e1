import Foundation
import GRDB
import Testing
@testable import ArchiveStore
import TestSupport

/// The `v-imageURLAliases` migration fills the alias table from image references recorded
/// before it existed, and new references add their aliases as they are recorded.
@Suite struct URLAliasMigrationTests {
    let sha = String(repeating: "cd", count: 32)

    @Test func anOldCatalogGainsTheAliasesOfItsRecordedImages() throws {
        let root = try TestPaths.makeTemporaryFolder("alias-migration")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("catalog.sqlite")
        // A catalog as the previous release left it: every migration before the alias one.
        let old = try DatabaseQueue(path: file.path)
        try Catalog.migrator.migrate(old, upTo: "v3: full-text index")
        try old.write { db in
            try db.execute(sql: "INSERT INTO post (id, source, path, scanned_at) VALUES (1, '/p.md', 'p.md', '2024-01-01')")
            try db.execute(sql: """
                INSERT INTO image_ref (post_id, position, src, url, variants, inner_url, caption)
                VALUES (1, 0, 'https://h/small.jpg', 'https://h/big.jpg', 'https://h/mid.jpg\nhttps://h/big.jpg', 'https://origin/a.jpg', 'Old caption')
                """)
            try db.execute(sql: "INSERT INTO object (sha256, size, ext, media_type, created_at) VALUES (?, 1, 'jpg', 'jpeg', '2024-01-01')", arguments: [sha])
            try db.execute(sql: "INSERT INTO url_object (url, sha256, fetched_at) VALUES ('https://h/big.jpg', ?, '2024-01-01')", arguments: [sha])
        }
        try old.close()

        let catalog = try Catalog(file: file)
        for alias in ["https://h/small.jpg", "https://h/mid.jpg", "https://origin/a.jpg"] {
            #expect(try catalog.object(forURL: alias)?.sha256 == sha, "\(alias)")
        }
        #expect(try catalog.object(forURL: "https://h/other.jpg") == nil)
    }

    @Test func aliasesNameEveryOtherURLOfTheImage() {
        let names = Catalog.aliases(of: "https://h/big.jpg", src: "//h/small.jpg?a=1&amp;b=2",
                                    variants: ["https://h/big.jpg", "https://h/mid.jpg"], innerURL: "http://origin/a.jpg")
        #expect(names == ["https://h/small.jpg?a=1&amp;b=2", "https://h/small.jpg?a=1&b=2", "https://h/mid.jpg", "http://origin/a.jpg"])
        #expect(Catalog.aliases(of: "file:///home/me/a%20b.png", src: "a b.png", variants: [], innerURL: nil) == ["/home/me/a b.png"])
    }
}
