import Foundation
import Testing
@testable import ArchiveStore
import TestSupport

/// 2-character words (a Chinese word, mostly) found through the trigram index, wherever they sit.
@Suite struct ShortWordSearchTests {
    @Test("a 2-character word is found in the middle, at the end, as the whole caption, in alt and title; through the index, read-only")
    func twoCharacterWordsUseTheIndex() throws {
        let root = try TestPaths.makeTemporaryFolder("short-words")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("catalog.sqlite")
        let writer = try Catalog(file: file)
        let texts: [(title: String, caption: String?, alt: String?)] = [
            ("旅行", "上海外滩的夜景很美", nil),  // middle
            ("旅行", "外滩夜景", nil),            // end of the caption
            ("旅行", "夜景", nil),                // the whole caption
            ("旅行", nil, "夜景照片"),            // alt
            ("夜景 walk", "river", nil),          // title only
            ("旅行", "夜 景 apart", "night"),      // not the word
        ]
        for (index, text) in texts.enumerated() {
            let url = "https://i.example.com/\(index).jpg"
            try writer.recordPost(PostRecord(source: "/p/\(index).md", path: "\(index).md", title: text.title, date: nil, url: nil, cover: nil),
                                  images: [ImageRefRecord(postId: 0, position: 0, src: url, url: url, variants: [], innerUrl: nil,
                                                          caption: text.caption, alt: text.alt, referrerPolicy: nil,
                                                          isCover: false, isPlaceholder: false)])
        }
        let reader = try Catalog(readingFile: file)
        let hits = try reader.search("夜景")
        #expect(Set(hits.map(\.post)) == ["0.md", "1.md", "2.md", "3.md", "4.md"])
        #expect(hits.allSatisfy { $0.rank != nil })  // ranked by bm25: answered by the index, not a scan
        #expect(hits.last?.post == "4.md")  // a title hit ranks below caption and alt hits
        #expect(try reader.search("夜景 river").map(\.post) == ["4.md"])
        #expect(try reader.search("长城").isEmpty)
        #expect(try reader.search("NI").map(\.post) == ["5.md"])  // ASCII folds case, as before
        #expect(try reader.search("apart 景").map(\.post) == ["5.md"])  // 1 character: still the scan
    }

    @Test("a limit cuts the ranked hits, ties included, exactly where the full ordering would")
    func limitedResultsArePrefixesOfTheFullOrder() throws {
        let root = try TestPaths.makeTemporaryFolder("short-words-limit")
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = try Catalog(file: root.appendingPathComponent("catalog.sqlite"))
        for index in 0..<300 {  // many equal ranks: captions of a few lengths only
            let url = "https://i.example.com/\(index).jpg"
            let caption = "夜景 sunset " + String(repeating: "x", count: index % 4)
            try catalog.recordPost(PostRecord(source: "/p/\(index).md", path: String(format: "%03d.md", 299 - index), title: "t",
                                              date: nil, url: nil, cover: nil),
                                   images: [ImageRefRecord(postId: 0, position: 0, src: url, url: url, variants: [], innerUrl: nil,
                                                           caption: caption, alt: index % 10 == 0 ? "sunset" : nil, referrerPolicy: nil,
                                                           isCover: false, isPlaceholder: false)])
        }
        for query in ["夜景", "sunset", "夜景 sunset"] {
            let all = try catalog.search(query, limit: 1_000)
            #expect(all.count == 300)
            for limit in [1, 7, 100] {
                #expect(try catalog.search(query, limit: limit) == Array(all.prefix(limit)), "\(query) limit \(limit)")
            }
        }
    }
}
