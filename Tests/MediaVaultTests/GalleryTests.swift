@testable import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
@testable import PostScanner
import TestSupport

/// An archive mirrored from Examples/posts through the fixture CDN, for gallery and export tests.
enum MirroredExamples {
    /// Mirrors the example posts into a new temporary archive and returns it.
    static func make(_ label: String) async throws -> URL {
        let archive = try TestPaths.makeTemporaryFolder(label)
        let output = RecordingOutput()
        let status = try await MirrorJob(options: ExampleCDN.options(archive: archive)).run(inputs: [ExampleCDN.posts.path], output: output)
        guard status == ExitStatus.success else { throw RewriteError("mirror failed: \(output.diagnostics)") }
        return archive
    }
}

@Suite(.serialized) struct GalleryTests {
    /// Every local `src`/`href` of a generated page, resolved against the page's folder.
    private func localReferences(_ page: URL) throws -> [(attribute: String, value: String)] {
        let document = HTMLDocument(html: try String(contentsOf: page, encoding: .utf8))
        var references: [(String, String)] = []
        document.root.walk { node in
            for name in ["src", "href"] {
                guard let value = node.attribute(name), !value.hasPrefix("http://"), !value.hasPrefix("https://") else { continue }
                references.append((name, value))
            }
        }
        return references
    }

    @Test func pagesReferenceExistingFilesAndChromiumShowsTheThumbnails() async throws {
        let archive = try await MirroredExamples.make("gallery-archive")
        let out = archive.deletingLastPathComponent().appendingPathComponent(archive.lastPathComponent + "-gallery")
        defer { for url in [archive, out] { try? FileManager.default.removeItem(at: url) } }
        var gallery = Gallery(archive: archive, out: out)
        gallery.pageSize = 10
        let output = RecordingOutput()
        #expect(gallery.run(output: output) == ExitStatus.success, "\(output.diagnostics)")
        let objects = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite")).allObjects()
        let pages = (objects.count + 9) / 10
        #expect(output.of("gallery").first?["pages"] == .int(Int64(pages)))

        var cards = 0
        var thumbnails = 0
        for number in 1...pages {
            let page = out.appendingPathComponent(number == 1 ? "index.html" : "page-\(number).html")
            let references = try localReferences(page)
            #expect(!references.isEmpty)
            for (attribute, value) in references {
                let path = try #require(value.removingPercentEncoding)
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path), "\(page.lastPathComponent): \(attribute)=\(value)")
                if attribute == "src", value.contains("/thumbs/") { thumbnails += 1 }
            }
            let html = try String(contentsOf: page, encoding: .utf8)
            cards += html.components(separatedBy: "<figure class=\"card\"").count - 1
            #expect(html.contains("loading=\"lazy\""))
            #expect(html.contains("id=\"filter\""))
            #expect(html.contains("rel=\"next\"") == (number < pages))
            #expect(html.contains("rel=\"prev\"") == (number > 1))
        }
        #expect(cards == objects.count)
        #expect(thumbnails == objects.filter { $0.thumbnail != nil }.count)
        // The sample post's caption is shown with its post title.
        let all = try (1...pages).map { try String(contentsOf: out.appendingPathComponent($0 == 1 ? "index.html" : "page-\($0).html"), encoding: .utf8) }.joined()
        #expect(all.contains("<span class=\"caption\">俄塔斯社报道截图</span><a class=\"post\""))

        try screenshotShowsThumbnails(out.appendingPathComponent("index.html"))
    }

    /// Renders the first page in headless Chromium (network cut off) and checks the grid area
    /// is full of picture pixels, not the page background or the empty-thumbnail grey.
    private func screenshotShowsThumbnails(_ page: URL) throws {
        // Without Chromium only this rendering check is left out, and says so; with CI=true it runs
        // (and fails on the missing browser).
        if let reason = Chromium.skipReason, !TestRequirement.isStrict {
            print("GalleryTests: rendering not checked: \(reason)")
            return
        }
        let shot = page.deletingLastPathComponent().appendingPathComponent("screenshot.png")
        _ = try Chromium.run(page, ["--screenshot=\(shot.path)", "--window-size=1200,900", "--hide-scrollbars"])
        let image = try ImageCodec.decodeRGBA(try Data(contentsOf: shot))
        #expect(image.width == 1200 && image.height == 900)
        var colours = Set<Int>()
        var picture = 0
        var total = 0
        for y in stride(from: 170, to: 330, by: 2) {  // the first row of thumbnails
            for x in stride(from: 20, to: 1180, by: 2) {
                let i = (y * image.width + x) * 4
                let (r, g, b) = (Int(image.pixels[i]), Int(image.pixels[i + 1]), Int(image.pixels[i + 2]))
                colours.insert((r >> 4) << 8 | (g >> 4) << 4 | b >> 4)
                total += 1
                let isBackground = [0xf4, 0xe8, 0xff, 0xdd].contains { abs(r - $0) < 6 && abs(g - $0) < 6 && abs(b - $0) < 6 }
                if !isBackground { picture += 1 }
            }
        }
        #expect(colours.count > 200, "only \(colours.count) colours: the thumbnails did not render")
        #expect(picture * 10 > total * 7, "only \(picture) of \(total) pixels are picture")

        // The filter box: typing a caption word leaves only the cards that contain it.
        let html = try String(contentsOf: page, encoding: .utf8)
        let typing = """
            <script>window.addEventListener('load', () => { const box = document.getElementById('filter');
            box.value = '拉萨舰'; box.dispatchEvent(new Event('input'));
            document.body.setAttribute('data-shown', document.querySelectorAll('.card:not([hidden])').length); });</script>
            """
        let probe = page.deletingLastPathComponent().appendingPathComponent("filter-probe.html")
        try html.replacingOccurrences(of: "</body>", with: typing + "</body>").write(to: probe, atomically: true, encoding: .utf8)
        let dom = try Chromium.run(probe, ["--dump-dom"])
        let expected = html.components(separatedBy: "<figure class=\"card\" data-text=\"").dropFirst().filter { $0.prefix { $0 != "\"" }.contains("拉萨舰") }.count
        #expect(expected >= 1 && expected < html.components(separatedBy: "<figure class=\"card\"").count - 1, "the filter must hide some cards and keep some")
        #expect(dom.contains("data-shown=\"\(expected)\""), "\(dom.components(separatedBy: "data-shown=").last?.prefix(12) ?? "no data-shown")")
    }

    @Test func copyMakesASelfContainedFolder() async throws {
        let archive = try await MirroredExamples.make("gallery-copy")
        let out = try TestPaths.makeTemporaryFolder("gallery-copy-out")
        defer { for url in [archive, out] { try? FileManager.default.removeItem(at: url) } }
        var gallery = Gallery(archive: archive, out: out)
        gallery.copy = true
        #expect(gallery.run(output: RecordingOutput()) == ExitStatus.success)
        try FileManager.default.removeItem(at: archive)  // the gallery must not need it
        let references = try localReferences(out.appendingPathComponent("index.html")).filter { $0.value.hasPrefix("objects/") || $0.value.hasPrefix("thumbs/") || $0.value.contains("/objects/") || $0.value.contains("/thumbs/") }
        #expect(references.count >= 40)
        for (attribute, value) in references {
            #expect(!value.hasPrefix("../"), "\(attribute)=\(value) leaves the folder")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(value).path), "\(value)")
        }
    }

    @Test func everyTextIsEscaped() {
        let entry = GalleryEntry(sha256: String(repeating: "ab", count: 32), ext: "jpg", mediaType: "jpeg", width: 10, height: 10,
                                 thumbnail: nil, url: nil, caption: "<script>alert(1)</script> & \"q\"", alt: nil,
                                 title: "Tom's <b>post</b>", date: "<now>", postUrl: nil, postSource: nil, postPath: "a\"b.md")
        let html = GalleryPage(number: 1, count: 1, total: 1,
                               cards: [.init(entry: entry, full: "objects/ab/x y#.jpg", thumbnail: nil, post: "posts/a b.md")]).html()
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(html.contains("Tom&#39;s &lt;b&gt;post&lt;/b&gt;"))
        #expect(html.contains("<time>&lt;now&gt;</time>"))
        #expect(html.contains("href=\"objects/ab/x%20y%23.jpg\""))
        #expect(html.contains("href=\"posts/a%20b.md\""))
    }
}
