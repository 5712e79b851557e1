import Foundation
import GRDB
import Testing
@testable import ArchiveStore
import TestSupport

/// Posts recorded in batches (unchanged ones not rewritten), URLs checked in chunks, and the
/// cached-statement object rows.
@Suite struct CatalogBatchTests {
    private func makeCatalog() throws -> (Catalog, URL) {
        let root = try TestPaths.makeTemporaryFolder("catalog-batch")
        return (try Catalog(file: root.appendingPathComponent("catalog.sqlite")), root)
    }

    private func post(_ n: Int, caption: String) -> PostRows {
        let url = "https://i.example.com/\(n).jpg"
        return PostRows(post: PostRecord(source: "/abs/\(n).md", path: "\(n).md", title: "Post \(n)", date: "2024", url: nil, cover: nil),
                        images: [ImageRefRecord(postId: 0, position: 0, src: url, url: url, variants: [], innerUrl: nil,
                                                caption: caption, alt: nil, referrerPolicy: nil, isCover: false, isPlaceholder: false)])
    }

    @Test("a re-run writes only the posts that changed, and search sees the change")
    func unchangedPostsAreNotRewritten() throws {
        let (catalog, root) = try makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = (0..<300).map { post($0, caption: "caption \($0)") }
        #expect(try catalog.recordPosts(first) == 300)
        let rowids = try catalog.database.read { try Int64.fetchAll($0, sql: "SELECT rowid FROM image_ref ORDER BY rowid") }
        var second = first
        second[7] = post(7, caption: "a new caption for seven")
        #expect(try catalog.recordPosts(second) == 1)
        let after = try catalog.database.read { try Int64.fetchAll($0, sql: "SELECT rowid FROM image_ref ORDER BY rowid") }
        // 299 references kept their rows (not deleted and re-inserted); one was replaced.
        #expect(Set(after).intersection(rowids).count == 299)
        #expect(try catalog.search("seven").map(\.caption) == ["a new caption for seven"])
        #expect(try !catalog.search("caption 7").contains { $0.caption == "caption 7" })  // the old text is gone
    }

    @Test("archived(among:) answers across chunks of 500 and ignores URLs never fetched")
    func archivedURLsAreCheckedInChunks() throws {
        let (catalog, root) = try makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        let shas = (0..<1_200).map { String(format: "%064x", $0) }
        try catalog.recordObjects(shas.enumerated().map { index, sha in
            let url = "https://i.example.com/\(index).jpg"
            return ObjectRows(object: ObjectRecord(sha256: sha, size: 1, ext: "jpg", mediaType: "jpeg"),
                              url: URLObjectRecord(url: url, sha256: sha, finalUrl: nil, referer: nil, strategy: "none", etag: nil, lastModified: nil),
                              fetches: [FetchRecord(url: url, requestUrl: url, status: 200, referer: nil, strategy: "none", bytes: 1, seconds: 0, error: nil)])
        })
        let asked = (0..<1_500).filter { $0 % 2 == 0 }.map { "https://i.example.com/\($0).jpg" }
        let found = try catalog.archived(among: asked)
        #expect(found.count == 600)  // the even numbers below 1,200
        #expect(found.contains("https://i.example.com/1198.jpg") && !found.contains("https://i.example.com/1200.jpg"))
        #expect(try catalog.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM fetch") } == 1_200)
    }

    @Test("the same bytes from a second URL keep the first object row and fill in a missing thumbnail")
    func duplicateObjectRowsFillTheThumbnailOnly() throws {
        let (catalog, root) = try makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        let sha = String(repeating: "cd", count: 32)
        func rows(_ url: String, thumbnail: String?, width: Int) -> ObjectRows {
            ObjectRows(object: ObjectRecord(sha256: sha, size: 5, ext: "png", mediaType: "png", width: width, height: 1, thumbnail: thumbnail),
                       url: URLObjectRecord(url: url, sha256: sha, finalUrl: nil, referer: nil, strategy: "none", etag: nil, lastModified: nil),
                       fetches: [])
        }
        try catalog.recordObjects([rows("https://a/1.png", thumbnail: nil, width: 10)])
        try catalog.recordObjects([rows("https://a/2.png", thumbnail: "thumbs/cd/x.png", width: 99)])
        let object = try #require(try catalog.object(forURL: "https://a/2.png"))
        #expect(object.thumbnail == "thumbs/cd/x.png")
        #expect(object.width == 10)  // the first row stays
        #expect(try catalog.urls(sha256: sha).sorted() == ["https://a/1.png", "https://a/2.png"])
    }
}
