import ArchiveStore
import Fetcher
import Foundation
import GRDB
import Testing
@testable import MediaVault
import TestSupport

/// Each kind of hotlink protection, through the whole pipeline: archived after the right
/// fallback, every request in the catalog, never a placeholder in `objects/`.
@Suite struct FetchHotlinkTests {
    @Test func eachHotlinkClassEndsWithTheRealImageAfterTheRightFallback() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let foreign = "https://blog.example/2024/post.html"
        try cdn.writePost("foreign.md", page: foreign, urls: [
            "https://open.test/1.png", "https://guarded.test/1.png", "https://needref.test/1.png",
        ])
        try cdn.writePost("own.md", page: "https://blog.ownsite.test/2024/post.html", urls: ["https://ownsite.test/1.png"])
        let (status, output) = await cdn.mirror()
        #expect(status == ExitStatus.success, "\(output.of("failed").map(\.jsonLine))")
        let image = try FetchCDN.sha256(ofImage: 1)
        for url in ["https://open.test/1.png", "https://guarded.test/1.png", "https://needref.test/1.png", "https://ownsite.test/1.png"] {
            #expect(output.record("fetched", url: url)?.string("sha256") == image, "\(url)")
        }
        // open: the policy's Referer (the post's origin) at once.
        #expect(try await cdn.fetches("https://open.test/1.png").map(\.status) == [200])
        // reject-foreign: the post's origin is refused, no Referer works.
        let guarded = try await cdn.fetches("https://guarded.test/1.png")
        #expect(guarded.map(\.status) == [403, 200])
        #expect(guarded.map(\.referer) == ["https://blog.example/", nil])
        // require-referer: the policy's Referer is already a Referer: one request.
        #expect(try await cdn.fetches("https://needref.test/1.png").map(\.status) == [200])
        // require-site: only the page (which starts with the site's path) is accepted.
        let own = try await cdn.fetches("https://ownsite.test/1.png")
        #expect(own.map(\.status) == [403, 403, 403, 200])
        #expect(own.map(\.strategy) == ["policy:strict-origin-when-cross-origin", "none", "origin", "page"])
        #expect(own.last?.referer == "https://blog.ownsite.test/2024/post.html")
        // fetched lines say which Referers were tried.
        let line = try #require(output.record("fetched", url: "https://guarded.test/1.png"))
        #expect(line["referers_tried"] == .array([.string("https://blog.example/"), .null]))
        try cdn.expectOnlyGoodObjects()
    }

    @Test func aConfiguredPlaceholderDigestIsRefusedAndTheNextRefererGetsTheImage() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let placeholder = try cdn.placeholderSHA256()
        let config = cdn.root.appendingPathComponent("config.yml")
        try "hosts:\n  wx.test:\n    placeholders: [\(placeholder)]\n".write(to: config, atomically: true, encoding: .utf8)
        try cdn.writePost("wx.md", page: nil, urls: ["https://wx.test/1.png"])
        var options = cdn.options()
        options.configFile = config
        let (status, output) = await cdn.mirror(options)
        #expect(status == ExitStatus.success, "\(output.of("failed").map(\.jsonLine))")
        #expect(output.record("fetched", url: "https://wx.test/1.png")?.string("sha256") == (try FetchCDN.sha256(ofImage: 1)))
        let rows = try await cdn.fetches("https://wx.test/1.png")
        #expect(rows.map(\.status) == [200, 200])
        #expect(rows.first?.error?.contains("configured placeholder") == true)
        #expect(rows.last?.strategy == "origin")
        try cdn.expectOnlyGoodObjects(forbidden: [placeholder])
    }

    @Test func theSameBytesForManyURLsOfAHostAreAPlaceholderAndNeverAnObject() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let placeholder = try cdn.placeholderSHA256()
        let urls = (1...4).map { "https://wx.test/\($0).png" }
        try cdn.writePost("wx.md", page: nil, urls: urls)
        let (status, output) = await cdn.mirror()
        #expect(status == ExitStatus.success, "\(output.of("failed").map(\.jsonLine)) \(output.diagnostics)")
        // Every URL ends with its own real image, whichever got the placeholder first.
        let catalog = try cdn.catalog()
        for (index, url) in urls.enumerated() {
            #expect(try catalog.object(forURL: url)?.sha256 == (try FetchCDN.sha256(ofImage: index + 1)), "\(url)")
        }
        #expect(try catalog.allObjects().count == 4)
        try cdn.expectOnlyGoodObjects(forbidden: [placeholder])
    }

    @Test func theSecondImageOfAHostStartsWithTheStrategyThatWorked() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        // A local post has no URL: the policy sends no Referer, which needref.test refuses.
        try cdn.writePost("a.md", page: nil, urls: ["https://needref.test/1.png"])
        var options = cdn.options()
        options.jobs = 1
        let first = await cdn.mirror(options)
        #expect(first.status == ExitStatus.success)
        #expect(try await cdn.fetches("https://needref.test/1.png").map(\.status) == [403, 200])
        let learned = try await cdn.catalog().database.read { try String.fetchOne($0, sql: "SELECT strategy FROM host_strategy WHERE host = 'needref.test'") }
        #expect(learned == "origin")

        try cdn.writePost("b.md", page: nil, urls: ["https://needref.test/2.png"])
        let second = await cdn.mirror(options)
        #expect(second.status == ExitStatus.success)
        let rows = try await cdn.fetches("https://needref.test/2.png")
        #expect(rows.map(\.status) == [200], "one request, not two")
        #expect(rows.first?.strategy == "origin")
    }

    @Test func aConfiguredRefererBeatsALearnedOne() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        // Learned: `none` worked for guarded.test; configured: its origin, which it also accepts.
        _ = await cdn.mirror()  // creates the catalog
        try Catalog(file: cdn.archive.appendingPathComponent("catalog.sqlite")).recordHostStrategy(host: "guarded.test", strategy: "none")
        let config = cdn.root.appendingPathComponent("config.yml")
        try "hosts:\n  \"*.guarded.test\":\n    referer: origin\n    headers: {X-Archive: mediavault}\n".write(to: config, atomically: true, encoding: .utf8)
        try cdn.writePost("a.md", page: "https://blog.example/p.html", urls: ["https://guarded.test/3.png"])
        var options = cdn.options()
        options.configFile = config
        let (status, _) = await cdn.mirror(options)
        #expect(status == ExitStatus.success)
        let rows = try await cdn.fetches("https://guarded.test/3.png")
        #expect(rows.map(\.strategy) == ["origin"])
        #expect(rows.first?.referer == "https://guarded.test/")
    }
}
