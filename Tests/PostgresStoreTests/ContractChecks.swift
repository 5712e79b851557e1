import ArchiveStore
import Foundation
import Testing

/// The contract's checks on posts, objects, lookups and search (the others are in
/// ContractChecks+Lifecycle.swift). Each starts from an empty catalog.
enum ContractChecks {
    static let cdn = "https://cdn.example/"

    static func postsRoundTrip(_ catalog: any ContractCatalog) throws {
        var batch = [Rows.post("a.md", title: "Harbour at dusk", [(cdn + "1.jpg", "Boats", nil), (cdn + "2.jpg", nil, "gulls")]),
                     Rows.post("b.md", title: "Market", [(cdn + "3.jpg", "Fish stall", nil)])]
        #expect(try catalog.recordPosts(batch) == 2)
        #expect(try catalog.recordPosts(batch) == 0, "unchanged posts are not rewritten")
        batch[1].images[0].caption = "Fish stall at six"
        #expect(try catalog.recordPosts(batch) == 1, "only the changed post is written")
        let counts = try catalog.counts()
        #expect(counts.posts == 2 && counts.images == 3)

        let sha = Rows.sha("a1")
        try catalog.recordObjects([Rows.object(sha, from: cdn + "3.jpg")])
        #expect(try catalog.captions(sha256: sha) == [CaptionHit(
            sha256: sha, url: cdn + "3.jpg", post: "posts/b.md", title: "Market", date: "2024-05-01",
            postUrl: "https://blog.example/b.md", caption: "Fish stall at six", alt: nil)])

        // Re-recording a post by its source replaces its references.
        try catalog.recordPosts([PostRows(post: batch[0].post, images: Array(batch[0].images.prefix(1)))])
        #expect(try catalog.counts().posts == 2 && catalog.counts().images == 2)
        #expect(try catalog.postSources(matching: "posts/a.md", absolutePath: nil) == ["a.md"])
    }

    static func postBatchIsOneTransaction(_ catalog: any ContractCatalog) throws {
        var bad = Rows.post("bad.md", title: "Bad", [(cdn + "1.jpg", "one", nil), (cdn + "2.jpg", "two", nil)])
        bad.images[1].position = 0  // the primary key (post, position) refuses the second reference
        let good = Rows.post("good.md", title: "Good", [(cdn + "3.jpg", "three", nil)])
        #expect(throws: (any Error).self) { try catalog.recordPosts([good, bad]) }
        #expect(try catalog.counts().posts == 0, "the good post of the failed batch was rolled back too")
        #expect(try catalog.search("three", limit: 10).isEmpty)
    }

    static func objectsRoundTrip(_ catalog: any ContractCatalog) throws {
        let a = Rows.sha("ab1"), b = Rows.sha("cd2")
        var first = Rows.object(a, from: cdn + "a.jpg", size: 1234, phash: -1_234_567_890_123, thumbnail: "thumbs/ab/\(a).jpg")
        first.object.truncated = true
        let second = Rows.object(b, from: cdn + "b.png", size: 10)
        try catalog.recordObjects([first, second])

        #expect(try catalog.object(forURL: cdn + "a.jpg") == first.object, "every column reads back as written")
        #expect(try catalog.object(forURL: cdn + "missing.jpg") == nil)
        #expect(try catalog.archived(among: [cdn + "a.jpg", cdn + "other.jpg", cdn + "b.png"]) == [cdn + "a.jpg", cdn + "b.png"])
        #expect(try catalog.archivedURLs() == [cdn + "a.jpg", cdn + "b.png"])
        #expect(try catalog.objects(sha256Prefix: "AB").map(\.sha256) == [a], "prefixes are case-insensitive")
        #expect(try catalog.objects(sha256Prefix: "zz").isEmpty)
        #expect(try catalog.objects(inFolder: "cd") == [ObjectEntry(sha256: b, size: 10, ext: "jpg", thumbnail: nil)])
        #expect(try catalog.objects(inFolder: "ef").isEmpty)
        #expect(try catalog.hasObject(sha256: a) && !catalog.hasObject(sha256: Rows.sha("ef")))
        #expect(try catalog.urlMappings(sha256: a) == [try #require(first.url)])
        #expect(try catalog.allObjects().map(\.sha256) == [a, b])
        let counts = try catalog.counts()
        #expect(counts.objects == 2 && counts.bytes == 1244)
        #expect(try catalog.integrityProblems(quick: false).isEmpty)

        #expect(try catalog.objectsWithFailedThumbnails().isEmpty, "no thumbnail, but none failed either (--no-thumbnails)")
        try catalog.updateThumbnail(sha256: b, thumbnail: nil, error: "too small to thumbnail")
        #expect(try catalog.object(forURL: cdn + "b.png")?.thumbnailError == "too small to thumbnail")
        #expect(try catalog.objectsWithFailedThumbnails().map(\.sha256) == [b], "tried again by verify --repair")
        try catalog.recordFetches([FetchRecord(url: cdn + "gone.jpg", requestUrl: cdn + "gone.jpg", status: 404, referer: nil,
                                               strategy: "none", bytes: 0, seconds: 0.2, error: "HTTP 404")])
        #expect(try catalog.archived(among: [cdn + "gone.jpg"]).isEmpty, "a failed request archives nothing")

        #expect(try catalog.objectsWithoutPerceptualHash().map(\.sha256) == [b])
        #expect(try catalog.countWithoutPerceptualHash() == 1)
        try catalog.setPerceptualHash(sha256: b, hash: PerceptualHash(bits: 0x8000_0000_0000_0001))
        #expect(try catalog.countWithoutPerceptualHash() == 0)
        #expect(try catalog.object(forURL: cdn + "b.png")?.phash == Int64(bitPattern: 0x8000_0000_0000_0001))
        try catalog.updateThumbnail(sha256: b, thumbnail: "thumbs/cd/\(b).jpg", error: nil)
        #expect(try catalog.objectsWithFailedThumbnails().isEmpty, "made at last")
    }

    static func sameBytesFromTwoURLs(_ catalog: any ContractCatalog) throws {
        let sha = Rows.sha("77")
        try catalog.recordObjects([Rows.object(sha, from: cdn + "one.jpg", size: 500)])
        try catalog.recordObjects([Rows.object(sha, from: cdn + "two.jpg", size: 999, thumbnail: "thumbs/77/\(sha).jpg")])
        let stored = try #require(try catalog.object(forURL: cdn + "two.jpg"))
        #expect(stored.size == 500, "the first row is kept")
        #expect(stored.thumbnail == "thumbs/77/\(sha).jpg", "a thumbnail it lacked is filled in")
        #expect(try catalog.urls(sha256: sha) == [cdn + "one.jpg", cdn + "two.jpg"])
        #expect(try catalog.counts().objects == 1)
    }

    static func aliasesFindTheObject(_ catalog: any ContractCatalog) throws {
        let url = "https://proxy.example/fetch?u=photo", sha = Rows.sha("a5")
        try catalog.recordPosts([Rows.post("p.md", title: "P", [(url, "Proxied", nil)],
                                           variants: [cdn + "photo-2x.jpg"], innerURL: cdn + "photo.jpg")])
        try catalog.recordObjects([Rows.object(sha, from: url)])
        #expect(try catalog.object(forURL: cdn + "photo-2x.jpg")?.sha256 == sha, "a srcset variant")
        #expect(try catalog.object(forURL: cdn + "photo.jpg")?.sha256 == sha, "the URL inside the proxy URL")
        #expect(try catalog.object(forURL: cdn + "unrelated.jpg") == nil)
    }

    static func search(_ catalog: any ContractCatalog) throws {
        let u = (1...7).map { cdn + "s\($0).jpg" }
        try catalog.recordPosts([
            Rows.post("p1.md", title: "Kyoto rooftops", [(u[0], "一只在屋顶上睡觉的猫", nil), (u[1], "Evening sky", "orange clouds")]),
            Rows.post("p2.md", title: "Night in Shanghai 夜景", [(u[2], "上海的夜景很美", nil), (u[3], "Fog at 100% humidity", nil)]),
            Rows.post("p4.md", title: "Harbour", [(u[5], "boats", nil)]),
            Rows.post("p5.md", title: "Boats", [(u[6], "the harbour at night", nil)]),
        ])
        let sha = Rows.sha("5e")
        try catalog.recordObjects([Rows.object(sha, from: u[0])])
        func urls(_ text: String) throws -> [String?] { try catalog.search(text, limit: 20).map(\.url) }

        let cat = try catalog.search("屋顶上", limit: 20)
        #expect(cat.map(\.url) == [u[0]] && cat.first?.sha256 == sha && cat.first?.title == "Kyoto rooftops")
        #expect(try urls("夜景") == [u[2], u[3]], "a two-character CJK word: the caption hit before the title-only hit")
        #expect(try urls("猫") == [u[0]], "one character scans")
        #expect(try urls("上海 夜景") == [u[2]], "every word must match")
        #expect(try urls("harbour") == [u[6], u[5]], "a caption match ranks above a title match")
        #expect(try urls("100%") == [u[3]], "% is a character, not a wildcard")
        #expect(try urls("ORANGE") == [u[1]], "alt text, any case")
        #expect(try urls("kyoto") == [u[0], u[1]], "a title matches every image of the post, in post order")
        #expect(try urls("nothing-like-this").isEmpty)
        #expect(try catalog.search("夜景", limit: 1).count == 1)
    }

    static func similar(_ catalog: any ContractCatalog) throws {
        let base: UInt64 = 0xF0F0_F0F0_F0F0_F0F0  // high bit set: stored as a negative integer
        let near = Rows.sha("01"), nearer = Rows.sha("02"), far = Rows.sha("03"), none = Rows.sha("04")
        try catalog.recordObjects([
            Rows.object(near, from: cdn + "n.jpg", phash: Int64(bitPattern: base ^ 0b111)),
            Rows.object(nearer, from: cdn + "m.jpg", phash: Int64(bitPattern: base)),
            Rows.object(far, from: cdn + "f.jpg", phash: Int64(bitPattern: base ^ 0x3FF)),
            Rows.object(none, from: cdn + "x.jpg"),
        ])
        let query = PerceptualHash(bits: base ^ 1)
        #expect(try catalog.similarObjects(to: query, maxDistance: 5, limit: 50)
                == [SimilarObject(sha256: nearer, distance: 1), SimilarObject(sha256: near, distance: 2)])
        #expect(try catalog.similarObjects(to: query, maxDistance: 64, limit: 50).map(\.sha256) == [nearer, near, far])
        #expect(try catalog.similarObjects(to: query, maxDistance: 5, limit: 1).map(\.sha256) == [nearer])
        #expect(try catalog.similarObjects(to: PerceptualHash(bits: ~base), maxDistance: 10, limit: 50).isEmpty)
    }
}
