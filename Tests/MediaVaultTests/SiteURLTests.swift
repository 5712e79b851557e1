import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// `--site-url`: the address posts read from disk in no static site were published at. Their
/// root-relative images (`/uploads/a.png`, as exported from a CMS) are fetched from that site;
/// without it such an image is refused with advice that names the option.
@Suite struct SiteURLTests {
    @Test func rootRelativeImagesOfAPostInNoSiteAreFetchedFromTheSiteURL() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let post = try cdn.writePost("exported.md", page: nil, urls: ["/1.png", "https://open.test/2.png"])
        var options = cdn.options()
        options.siteURL = "https://open.test"
        let (status, output) = await cdn.mirror(options)
        #expect(status == ExitStatus.success, "\(output.records.map(\.jsonLine)) \(output.diagnostics)")
        let first = try #require(output.record("fetched", url: "https://open.test/1.png"))
        #expect(first.string("post") == post.path)
        #expect(first.string("sha256") == (try FetchCDN.sha256(ofImage: 1)))
    }

    @Test func withoutItARootRelativeImageIsRefusedWithAdviceNamingIt() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        try cdn.writePost("exported.md", page: nil, urls: ["/1.png"])
        let (status, output) = await cdn.mirror()
        #expect(status == ExitStatus.partialFailure)
        let failed = try #require(output.of("failed").first)
        #expect(failed.string("reason") == "outside-root")
        #expect(failed.string("message")?.contains("--site-url") == true, "\(failed.jsonLine)")
    }
}
