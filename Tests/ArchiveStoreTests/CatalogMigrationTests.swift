import Foundation
import GRDB
import Testing
@testable import ArchiveStore
import TestSupport

/// Migrations that carry an archive of the previous release forward: `v-imageURLAliases` fills
/// the alias table from image references recorded before it existed; `v-feedItemIdentity`
/// renames feed items recorded by their 0-based position.
@Suite struct CatalogMigrationTests {
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
        // Spaces, tabs and wide (ideographic) spaces around a URL as written are not part of it;
        // a line break is kept (Foundation's `.whitespaces`, which this replaced, kept it too).
        #expect(Catalog.aliases(of: "https://h/x.jpg", src: " \t\u{3000}https://h/y.jpg\u{00A0} ", variants: ["\u{3000}"],
                                innerURL: "https://h/z.jpg\n") == ["https://h/y.jpg", "https://h/z.jpg\n"])
        #expect(Catalog.trimmingSpaces("  ") == "" && Catalog.trimmingSpaces("a b") == "a b")
    }

    @Test func feedItemsRecordedByZeroBasedPositionAreRenamedToTheirLinkOrDisplayedPosition() throws {
        let root = try TestPaths.makeTemporaryFolder("identity-migration")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("catalog.sqlite")
        let old = try DatabaseQueue(path: file.path)
        try Catalog.migrator.migrate(old, upTo: "v-imageURLAliases: every URL a post used for an image")
        try old.write { db in
            for (id, source, path, url) in [(1, "/f/feed.xml#0", "feed.xml#1", nil), (2, "/f/feed.xml#1", "feed.xml#2", "https://b.example/two/"),
                                            (3, "/f/feed.xml#2", "feed.xml#3", nil), (4, "/f/post.md", "post.md", "https://b.example/p/"),
                                            (5, "/f/one.xml", "one.xml#1", "https://b.example/only/")] as [(Int, String, String, String?)] {
                try db.execute(sql: "INSERT INTO post (id, source, path, url, scanned_at) VALUES (?, ?, ?, ?, '2024-01-01')",
                               arguments: [id, source, path, url])
            }
        }
        try old.close()
        let catalog = try Catalog(file: file)
        let sources = try catalog.database.read { db in try String.fetchAll(db, sql: "SELECT source FROM post ORDER BY id") }
        #expect(sources == ["/f/feed.xml#1", "https://b.example/two/", "/f/feed.xml#3", "/f/post.md", "https://b.example/only/"])
    }
}
