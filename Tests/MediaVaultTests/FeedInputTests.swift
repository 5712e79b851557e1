import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// A feed named by its http(s) URL is fetched through the same libcurl layer as the images:
/// each item becomes a post whose URL is its link, and the size limit holds for it too.
@Suite struct FeedInputTests {
    static let feed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Fixture feed</title>
        <item><title>First item</title><link>https://open.test/posts/a.html</link>
        <description><![CDATA[<p><img src="https://open.test/1.png"></p><p align="center">第一张图的说明</p>]]></description></item>
        <item><title>Second item</title><link>https://open.test/b.html</link>
        <description><![CDATA[<figure><img src="2.png"><figcaption>Relative to the item's link</figcaption></figure>]]></description></item>
        </channel></rss>
        """

    @Test func aFeedURLIsFetchedAndEachItemIsAPostWithItsLink() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        try Self.feed.write(to: cdn.root.appendingPathComponent("open.test/feed.xml"), atomically: true, encoding: .utf8)
        let output = RecordingOutput()
        let status = await MirrorJob(options: cdn.options()).run(inputs: ["https://open.test/feed.xml"], output: output)
        #expect(status == ExitStatus.success, "\(output.diagnostics)")
        let first = try #require(output.record("fetched", url: "https://open.test/1.png"))
        #expect(first.string("post") == "https://open.test/feed.xml#1")
        // The second item's relative image resolved against the item's link, not the feed's URL.
        let second = try #require(output.record("fetched", url: "https://open.test/2.png"))
        #expect(second.string("post") == "https://open.test/feed.xml#2")
        #expect(second.string("sha256") == (try FetchCDN.sha256(ofImage: 2)))
        let captions = try cdn.catalog().captions(sha256: try FetchCDN.sha256(ofImage: 1))
        #expect(captions.map(\.caption) == ["第一张图的说明"])
        #expect(captions.map(\.postUrl) == ["https://open.test/posts/a.html"])
    }

    @Test func aFeedOverTheSizeLimitIsRefusedWithTheURLAndTheOption() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        var options = cdn.options()
        options.maxPostBytes = 64 << 10
        let output = RecordingOutput()
        let url = "https://open.test/feed.xml?__size=300000"
        let status = await MirrorJob(options: options).run(inputs: [url], output: output)
        #expect(status == ExitStatus.partialFailure)
        let message = try #require(output.diagnostics.first { $0.contains(url) })
        #expect(message.contains("at least") && message.contains("limit of 65536 bytes") && message.contains("--max-post-size"), "\(message)")
        #expect(output.of("fetched").isEmpty)
    }

    @Test func aGhostExportIsMirroredFromTheSiteURLGiven() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let export = """
            {"db":[{"data":{"posts":[{"id":"p1","title":"Hello","status":"published","feature_image":"__GHOST_URL__/2.png",
              "html":"<figure class=\\"kg-card kg-image-card kg-card-hascaption\\"><img src=\\"__GHOST_URL__/1.png\\"><figcaption>The harbour</figcaption></figure>"}],
             "posts_meta":[{"post_id":"p1","feature_image_caption":"Boats at dawn"}]}}]}
            """
        let file = cdn.posts.appendingPathComponent("site.ghost.json")
        try Data(export.utf8).write(to: file)
        var options = cdn.options()
        options.siteURL = "https://open.test"
        let output = RecordingOutput()
        let status = await MirrorJob(options: options).run(inputs: [file.path], output: output)
        #expect(status == ExitStatus.success, "\(output.records.map(\.jsonLine)) \(output.diagnostics)")
        #expect(output.record("fetched", url: "https://open.test/1.png")?.string("sha256") == (try FetchCDN.sha256(ofImage: 1)))
        #expect(output.record("fetched", url: "https://open.test/2.png")?.string("sha256") == (try FetchCDN.sha256(ofImage: 2)))
        #expect(try cdn.catalog().captions(sha256: try FetchCDN.sha256(ofImage: 2)).map(\.caption) == ["Boats at dawn"])
    }
}
