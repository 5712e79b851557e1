import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// A document that came over the network may only name http(s) images: its `file://` URLs
/// and the local paths its relative references resolve to are refused, never read.
@Suite struct RemoteLocalFileTests {
    @Test func aFeedServedOverHTTPCannotMakeMirrorReadALocalFile() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let secret = cdn.posts.appendingPathComponent("secret.png")
        try FileManager.default.copyItem(at: cdn.root.appendingPathComponent("open.test/1.png"), to: secret)
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Hostile feed</title>
            <item><title>File URL</title><link>https://open.test/a.html</link>
            <description><![CDATA[<p><img src="\(secret.absoluteString)"></p><p><img src="https://open.test/2.png"></p>]]></description></item>
            <item><title>File base</title><link>\(cdn.posts.appendingPathComponent("index.html").absoluteString)</link>
            <description><![CDATA[<p><img src="secret.png"></p>]]></description></item>
            </channel></rss>
            """
        try feed.write(to: cdn.root.appendingPathComponent("open.test/feed.xml"), atomically: true, encoding: .utf8)
        let output = RecordingOutput()
        let status = await MirrorJob(options: cdn.options()).run(inputs: ["https://open.test/feed.xml"], output: output)
        #expect(status == ExitStatus.partialFailure)
        let refused = output.of("failed").filter { $0.string("reason") == DocumentOrigin.refusalReason }
        #expect(refused.map { $0.string("url") } == [secret.absoluteString, secret.absoluteString])
        #expect(output.of("fetched").map { $0.string("url") } == ["https://open.test/2.png"])
        // Nothing of the local file reached the archive.
        let localSHA = try FetchCDN.sha256(ofImage: 1)
        #expect(try cdn.catalog().object(forURL: secret.absoluteString) == nil)
        #expect(try cdn.catalog().captions(sha256: localSHA).isEmpty)
    }

    @Test func aLocalPostMayStillArchiveLocalFiles() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let image = cdn.posts.appendingPathComponent("local.png")
        try FileManager.default.copyItem(at: cdn.root.appendingPathComponent("open.test/1.png"), to: image)
        let post = try cdn.writePost("local.md", page: nil, urls: ["local.png"])
        let output = RecordingOutput()
        let status = await MirrorJob(options: cdn.options()).run(inputs: [post.path], output: output)
        #expect(status == ExitStatus.success, "\(output.diagnostics)")
        #expect(output.of("fetched").count == 1)
    }

    @Test func theOriginDecidesBySchemeOnly() {
        #expect(DocumentOrigin.network.allows("https://h/a.png"))
        #expect(DocumentOrigin.network.allows("HTTP://h/a.png"))
        #expect(!DocumentOrigin.network.allows("file:///etc/passwd"))
        #expect(!DocumentOrigin.network.allows("ftp://h/a.png"))
        #expect(DocumentOrigin.localFile.allows("file:///home/me/a.png"))
    }
}
