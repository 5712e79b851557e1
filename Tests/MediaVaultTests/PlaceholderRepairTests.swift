import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// The repair of URLs that got a placeholder before it was recognised touches only the
/// confirming host's URLs, keeps every object another URL needs, and quarantines the rest.
@Suite struct PlaceholderRepairTests {
    @Test func anImageTwoHostsShareSurvivesTheOtherHostsPlaceholderRepair() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        // open.test really serves, as an article image, the very picture wx.test sends to strangers.
        let placeholder = try cdn.placeholderSHA256()
        try cdn.server.placeholderImage().write(to: cdn.root.appendingPathComponent("open.test/shared.png"))
        try cdn.writePost("open.md", page: "https://blog.example/open.html", urls: ["https://open.test/shared.png"])
        let first = await cdn.mirror()
        #expect(first.status == ExitStatus.success)
        #expect(first.output.record("fetched", url: "https://open.test/shared.png")?.string("sha256") == placeholder)

        // A later run: wx.test answers the placeholder to a missing Referer, then the real images.
        try FileManager.default.removeItem(at: cdn.posts.appendingPathComponent("open.md"))
        try cdn.writePost("wx.md", page: nil, urls: ["https://wx.test/1.png", "https://wx.test/2.png"])
        let second = await cdn.mirror()
        #expect(second.status == ExitStatus.success, "\(second.output.of("failed").map(\.jsonLine))")
        #expect(second.output.diagnostics.contains { $0.contains("placeholder of wx.test") }, "\(second.output.diagnostics)")

        let catalog = try cdn.catalog()
        #expect(try catalog.object(forURL: "https://wx.test/1.png")?.sha256 == (try FetchCDN.sha256(ofImage: 1)))
        #expect(try catalog.object(forURL: "https://wx.test/2.png")?.sha256 == (try FetchCDN.sha256(ofImage: 2)))
        // The other host's URL and its object are untouched.
        let shared = try #require(try catalog.object(forURL: "https://open.test/shared.png"))
        #expect(shared.sha256 == placeholder)
        let (sha, _) = try SHA256Hasher.hash(fileAt: cdn.archive.appendingPathComponent(shared.relativePath))
        #expect(sha == placeholder)
        #expect(!FileManager.default.fileExists(atPath: cdn.archive.appendingPathComponent("quarantine").path))
        try cdn.expectOnlyGoodObjects()
    }

    @Test func aPlaceholderNoOtherURLNeedsGoesToQuarantineNotAway() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let placeholder = try cdn.placeholderSHA256()
        try cdn.writePost("wx.md", page: nil, urls: ["https://wx.test/1.png", "https://wx.test/2.png"])
        var options = cdn.options()
        options.jobs = 1  // one URL is accepted with the placeholder, the other proves it one
        let (status, output) = await cdn.mirror(options)
        #expect(status == ExitStatus.success, "\(output.of("failed").map(\.jsonLine))")
        #expect(output.of("fetched").contains { $0.string("replaces") == placeholder }, "\(output.records.map(\.jsonLine))")
        try cdn.expectOnlyGoodObjects(forbidden: [placeholder])
        // Moved, not deleted: the bytes are still there under quarantine/, at their archive path.
        let quarantined = cdn.archive.appendingPathComponent("quarantine/objects/\(placeholder.prefix(2))/\(placeholder).png")
        #expect(try SHA256Hasher.hash(fileAt: quarantined).sha256 == placeholder)
        let thumbs = try FileManager.default.contentsOfDirectory(atPath: cdn.archive.appendingPathComponent("quarantine/thumbs/\(placeholder.prefix(2))").path)
        #expect(thumbs.contains { $0.hasPrefix(placeholder) })
        // verify does not count the quarantine as damage or orphans.
        let verify = await Verifier(archive: cdn.archive).run(output: RecordingOutput())
        #expect(verify == ExitStatus.success)
    }
}
