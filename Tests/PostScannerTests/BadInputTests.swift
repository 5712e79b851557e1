import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// The bad inputs the scanner must survive: each one is a `ScanError` (or a warning) naming the
/// file and saying what to do, never a crash, never a silent empty result.
@Suite struct BadInputTests {
    private func scanError(_ data: Data, name: String, scanner: PostScanner = PostScanner()) -> ScanError? {
        do {
            _ = try scanner.scan(data: data, displayPath: name, baseFolder: nil)
            return nil
        } catch {
            return error
        }
    }

    @Test func binaryFileIsRefused() throws {
        var bytes = [UInt8](repeating: 0, count: 4096)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
        let error = try #require(scanError(Data(bytes), name: "blob.md"))
        #expect(error.input == "blob.md")
        #expect(error.reason.contains("binary"))
    }

    @Test func brokenFrontMatterIsRefused() throws {
        let unclosed = try #require(scanError(Data("---\ntitle: x\n\n<img src=a.jpg>\n".utf8), name: "open.md"))
        #expect(unclosed.input == "open.md" && unclosed.reason.contains("never closed"))
    }

    @Test func aClosingFenceRunningIntoTheTextClosesTheFrontMatterWithAWarning() throws {
        // A real Eleventy post: `---Hey, it's…`; gray-matter closes there and the post is published.
        let text = "---\ntitle: Tokyo youth\ndate: 2024-05-01\n---Hey, it's kinda wild.\n\n![Shibuya](shibuya.jpg)\n"
        let post = try #require(try PostScanner().scan(data: Data(text.utf8), displayPath: "tokyo.md", baseFolder: nil).first)
        #expect(post.title == "Tokyo youth" && post.date == "2024-05-01")
        #expect(post.images.map(\.src) == ["shibuya.jpg"])
        #expect(post.warnings.count == 1 && post.warnings.first?.contains("runs into the text") == true, "\(post.warnings)")
    }

    @Test func frontMatterThatIsNotYAMLIsReadLineByLineWithAWarning() throws {
        // RSSHub page scripts doubled a title's quotes on every run; the post keeps its images.
        let text = "---\ntitle: \"\"\"\"\"'How to turn off the tab previews'\"\"\"\"\"\ncategories:\n    - 科技\n    - iDownloadBlog\n"
            + "cover: [unbalanced\nthumbnail: https://h/t.jpg\n---\n\n<div><img src=\"https://h/a.jpg\"></div>\n"
        let post = try #require(try PostScanner().scan(data: Data(text.utf8), displayPath: "doubled.md", baseFolder: nil).first)
        #expect(post.title == "How to turn off the tab previews")
        #expect(post.cover == "https://h/t.jpg", "an unclosed flow value is left out, the next cover key is read")
        #expect(post.images.map(\.url) == ["https://h/a.jpg", "https://h/t.jpg"])
        #expect(post.warnings.count == 1)
        #expect(post.warnings.first?.contains("not valid YAML") == true && post.warnings.first?.contains("read as written") == true, "\(post.warnings)")
        // A block with no `key: value` line at all is still refused.
        let nothing = try #require(scanError(Data("---\n[unbalanced\n---\nbody\n".utf8), name: "bad.md"))
        #expect(nothing.input == "bad.md" && nothing.reason.contains("not valid YAML"))
    }

    @Test func unterminatedTagKeepsEarlierImagesAndWarns() throws {
        let text = "<p><img src=\"https://a.example/1.jpg\"></p>\n<p><img src=\"https://a.example/2.jpg\" alt=\"cut"
        let post = try #require(try PostScanner().scan(data: Data(text.utf8), displayPath: "cut.html", baseFolder: nil).first)
        #expect(post.images.map(\.url) == ["https://a.example/1.jpg"])
        #expect(post.warnings.count == 1)
        #expect(post.warnings.first?.contains("<img src=\"https://a.example/2.jpg\"") == true)
        // Text that merely contains `<` is not a tag.
        let fine = try PostScanner().scan(data: Data("---\ntitle: t\n---\n1 < 2 and a <\n".utf8), displayPath: "lt.md", baseFolder: nil)
        #expect(fine.first?.warnings == [])
    }

    @Test func undecodableCharsetIsRefused() throws {
        var bytes = Array("<html><head><meta charset=\"x-no-such-charset\"></head><body>".utf8)
        bytes += [0xC3, 0x28, 0xFF, 0xFE, 0x80]  // invalid UTF-8 so the declaration is consulted
        let unknown = try #require(scanError(Data(bytes), name: "odd.html"))
        #expect(unknown.input == "odd.html" && unknown.reason.contains("x-no-such-charset"))
        var big5 = Array("<meta charset=\"big5\"><p>".utf8)
        big5 += [0xA4, 0x40, 0xFF, 0xFF, 0xFF]  // a valid Big5 character, then bytes Big5 does not have
        let invalid = try #require(scanError(Data(big5), name: "big5.html"))
        #expect(invalid.input == "big5.html" && invalid.reason.contains("big5"))
    }

    @Test func oversizedPostIsRefusedBeforeItIsRead() throws {
        let folder = try TestPaths.makeTemporaryFolder("bigpost")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.md")
        // 50 MB written in 1 MB pieces: the test itself must not hold the whole post either.
        let piece = Data(String(repeating: "<p><img src=\"https://a.example/x.jpg\">caption</p>\n", count: 25_000).utf8.prefix(1 << 20))
        try #require(FileManager.default.createFile(atPath: file.path, contents: nil))
        let handle = try FileHandle(forWritingTo: file)
        for _ in 0..<50 { handle.write(piece) }
        try handle.close()
        do {
            _ = try PostScanner().scan(fileAt: file, displayPath: "huge.md")
            Issue.record("a 50 MB post must be refused")
        } catch {
            #expect(error.input == "huge.md")
            #expect(error.reason.contains("50.00 MB") && error.reason.contains("limit of \(PostScanner.defaultMaxDocumentBytes) bytes"))
        }
        // The limit is the scanner's setting, and in-memory documents obey it too.
        let small = PostScanner(maxDocumentBytes: 100)
        #expect(scanError(Data(String(repeating: "x", count: 101).utf8), name: "m.md", scanner: small)?.input == "m.md")
        #expect(scanError(Data(String(repeating: "x", count: 100).utf8), name: "m.md", scanner: small) == nil)
    }
}
