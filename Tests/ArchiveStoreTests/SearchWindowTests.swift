import Foundation
import Testing
@testable import ArchiveStore
import TestSupport

/// A word matching more references than the rank window is ranked among the newest only.
@Suite struct SearchWindowTests {
    static func record(_ catalog: Catalog, _ index: Int, caption: String) throws {
        let url = "https://i.example.com/\(index).jpg"
        try catalog.recordPost(PostRecord(source: "/p/\(index).md", path: String(format: "%03d.md", index), title: "t",
                                          date: nil, url: nil, cover: nil),
                               images: [ImageRefRecord(postId: 0, position: 0, src: url, url: url, variants: [], innerUrl: nil,
                                                       caption: caption, alt: nil, referrerPolicy: nil,
                                                       isCover: false, isPlaceholder: false)])
    }

    @Test("beyond the window the best of the newest matches are shown; a rarer word still finds an old reference")
    func windowRanksTheNewestMatches() throws {
        let root = try TestPaths.makeTemporaryFolder("search-window")
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = try Catalog(file: root.appendingPathComponent("catalog.sqlite"))
        try Self.record(catalog, 0, caption: "夜景 独特")  // the oldest, and the best match (shortest text)
        for index in 1...30 {
            try Self.record(catalog, index, caption: "夜景 with a long caption of many other words number \(index)")
        }
        for index in 31...40 { try Self.record(catalog, index, caption: "unrelated words only \(index)") }  // newest, no match

        let unbounded = try catalog.search("夜景", limit: 100, rankWindow: 1_000)
        #expect(unbounded.count == 31)
        #expect(unbounded.first?.post == "000.md")

        let windowed = try catalog.search("夜景", limit: 100, rankWindow: 10)
        #expect(Set(windowed.map(\.post)) == Set((21...30).map { String(format: "%03d.md", $0) }),
                "the 10 newest matching references, not the 10 newest references")
        #expect(try catalog.search("夜景", limit: 3, rankWindow: 10) == Array(windowed.prefix(3)))
        #expect(try catalog.search("独特", rankWindow: 10).map(\.post) == ["000.md"])
        #expect(try catalog.search("夜景 独特", rankWindow: 10).map(\.post) == ["000.md"])
        #expect(try catalog.search("caption number", rankWindow: 5).count == 5)
        // A 1-character word is matched by a scan after the ranking: the window must not hide older hits.
        #expect(try catalog.search("夜景 独", rankWindow: 10).map(\.post) == ["000.md"])
    }
}
