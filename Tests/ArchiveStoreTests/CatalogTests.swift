import Foundation
import GRDB
import Testing
@testable import ArchiveStore
import TestSupport

@Suite struct CatalogTests {
    let sha = String(repeating: "ab", count: 32)

    private func makeCatalog() throws -> (Catalog, URL) {
        let root = try TestPaths.makeTemporaryFolder("catalog")
        return (try Catalog(file: root.appendingPathComponent("catalog.sqlite")), root)
    }

    @Test func isInWALModeWithForeignKeys() throws {
        let (catalog, root) = try makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        let mode = try catalog.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(try catalog.integrityProblems().isEmpty)
    }

    @Test func captionsJoinObjectURLsAndPosts() throws {
        let (catalog, root) = try makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = "https://i.example.com/a.jpg"
        for (path, caption) in [("posts/one.md", "first caption"), ("posts/two.md", nil)] {
            try catalog.recordPost(PostRecord(source: "/abs/" + path, path: path, title: "T " + path, date: "2021", url: nil, cover: nil),
                                   images: [ImageRefRecord(postId: 0, position: 0, src: url, url: url, variants: [], innerUrl: nil,
                                                           caption: caption, alt: nil, referrerPolicy: "no-referrer",
                                                           isCover: false, isPlaceholder: false)])
        }
        try catalog.recordObject(ObjectRecord(sha256: sha, size: 10, ext: "jpg", mediaType: "jpeg", width: 4, height: 3),
                                 url: URLObjectRecord(url: url, sha256: sha, finalUrl: url, referer: nil, strategy: "policy:no-referrer",
                                                      etag: "\"e\"", lastModified: nil),
                                 fetches: [FetchRecord(url: url, requestUrl: url, status: 200, referer: nil, strategy: "none",
                                                       bytes: 10, seconds: 0.1, error: nil)])
        let hits = try catalog.captions(sha256: sha)
        #expect(hits.map(\.post) == ["posts/one.md", "posts/two.md"])
        #expect(hits.map(\.caption) == ["first caption", nil])
        #expect(hits.first?.title == "T posts/one.md")
        #expect(try catalog.objects(sha256Prefix: "abababab").map(\.sha256) == [sha])
        #expect(try catalog.objects(sha256Prefix: "abababac").isEmpty)
        #expect(try catalog.object(forURL: url)?.width == 4)
        #expect(try catalog.archivedURLs() == [url])
    }

    @Test func rescanningAPostReplacesItsImagesButKeepsItsRow() throws {
        let (catalog, root) = try makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        func image(_ position: Int, _ src: String) -> ImageRefRecord {
            ImageRefRecord(postId: 0, position: position, src: src, url: src, variants: ["v1", "v2"], innerUrl: nil, caption: nil,
                           alt: nil, referrerPolicy: nil, isCover: position == 0, isPlaceholder: false)
        }
        let post = PostRecord(source: "/abs/p.md", path: "p.md", title: "P", date: nil, url: nil, cover: nil)
        let first = try catalog.recordPost(post, images: [image(0, "a"), image(1, "b")])
        let second = try catalog.recordPost(post, images: [image(0, "c")])
        #expect(first == second)
        let srcs = try catalog.database.read { try String.fetchAll($0, sql: "SELECT src FROM image_ref ORDER BY position") }
        #expect(srcs == ["c"])
        let variants = try catalog.database.read { try String.fetchOne($0, sql: "SELECT variants FROM image_ref") }
        #expect(variants == "v1\nv2")
    }

    @Test func aURLMappingToAMissingObjectIsRefused() throws {
        let (catalog, root) = try makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: DatabaseError.self) {
            try catalog.database.write { db in
                try URLObjectRecord(url: "u", sha256: sha, finalUrl: nil, referer: nil, strategy: nil, etag: nil, lastModified: nil).insert(db)
            }
        }
    }

    @Test func timestampsAreISO8601SecondsInUTCAndFollowTheClock() {
        let noon = Date(timeIntervalSince1970: 1_796_558_400)  // 2026-12-06T12:00:00Z
        #expect(Catalog.timestamp(noon) == "2026-12-06T12:00:00Z")
        #expect(Catalog.timestamp(noon.addingTimeInterval(0.75)) == "2026-12-06T12:00:00Z")
        #expect(Catalog.timestamp(noon.addingTimeInterval(1)) == "2026-12-06T12:00:01Z")
        #expect(Catalog.timestamp(noon) == "2026-12-06T12:00:00Z", "an earlier second after a later one")
        #expect(Catalog.timestamp(noon.addingTimeInterval(-86_400)) == "2026-12-05T12:00:00Z")
    }
}
