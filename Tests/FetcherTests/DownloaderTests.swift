import Foundation
import Testing
@testable import Fetcher
import TestSupport

@Suite struct DownloaderTests {
    let downloader: Downloader

    init() throws {
        var retry = RetryPolicy()
        retry.baseDelay = 0.05  // keep the tests quick; the backoff shape is what matters
        downloader = Downloader(loop: TransferLoop(options: try TestCDN.options(stall: 2)), retry: retry)
    }

    private func download(_ url: String, _ strategies: [RefererStrategy]) async -> Result<Downloaded<MemoryBody>, DownloadFailure> {
        await downloader.download(url: url, strategies: strategies, makeSink: { MemoryBody() }, discard: { $0.discarded = true })
    }

    private func chain(_ url: String, page: String?, policy: ReferrerPolicy) -> [RefererStrategy] {
        RefererStrategy.fallbackChain(first: .policy(policy, page: page), imageURL: url, page: page)
    }

    @Test func aHostThatRejectsForeignReferersGetsTheImageWithNone() async throws {
        let url = "https://guarded.test/a.jpg"
        let result = await download(url, chain(url, page: "https://blog.example/post.html", policy: .unsafeURL))
        let downloaded = try result.get()
        #expect(downloaded.response.status == 200)
        #expect(downloaded.strategy == "none")
        #expect(downloaded.attempts.map(\.status) == [403, 200])
        #expect(downloaded.attempts.map(\.referer) == ["https://blog.example/post.html", nil])
        #expect(downloaded.sink.data == (try Data(contentsOf: TestCDN.jpeg)))
    }

    /// A compressed answer's Content-Length counts the gzip bytes, not the image's: the length
    /// check must compare it with what came over the wire, or every gzipped image "is truncated".
    @Test func aCompressedImageIsFetchedWhole() async throws {
        let url = "https://open.test/a.jpg?__gzip=1&id=\(UUID().uuidString)"
        let downloaded = try await download(url, [.none]).get()
        #expect(downloaded.response.status == 200)
        #expect(downloaded.sink.data == (try Data(contentsOf: TestCDN.jpeg)))
        let logged = try #require(try TestCDN.server.requestLog().last { url.hasSuffix($0.path) })
        #expect(logged.encoding == "gzip")
        #expect(downloaded.response.contentLength == Int64(logged.bytes))
    }

    @Test func aTruncatedCompressedImageFails() async throws {
        let url = "https://open.test/a.jpg?__gzip=1&__truncate=1&id=\(UUID().uuidString)"
        let result = await download(url, [.none])
        guard case .failure(let failure) = result else { Issue.record("a truncated gzip body was accepted"); return }
        #expect(failure.reason == "truncated")
    }

    @Test func aHostThatRequiresARefererGetsTheImageOrigin() async throws {
        let url = "https://needref.test/a.jpg"
        let result = await download(url, chain(url, page: nil, policy: .defaultPolicy))
        let downloaded = try result.get()
        #expect(downloaded.strategy == "origin")
        #expect(downloaded.referer == "https://needref.test/")
        #expect(downloaded.attempts.map(\.status) == [403, 200])
    }

    @Test func aHostThatWantsItsOwnSiteGetsThePage() async throws {
        let url = "https://ownsite.test/a.jpg"
        let page = "https://blog.ownsite.test/2021/post.html"
        let downloaded = try await download(url, chain(url, page: page, policy: .noReferrer)).get()
        #expect(downloaded.referer == page)
        #expect(downloaded.attempts.map(\.strategy) == ["policy:no-referrer", "origin", "page"])
    }

    @Test func theReferrerPolicyAttributeDecidesTheFirstReferer() async throws {
        let url = "https://open.test/a.jpg"
        let page = "https://blog.example/a/post.html?q=1"
        let origin = try await download(url, [.policy(.strictOriginWhenCrossOrigin, page: page)]).get()
        #expect(origin.referer == "https://blog.example/")
        let full = try await download(url, [.policy(.unsafeURL, page: page)]).get()
        #expect(full.referer == page)
        let none = try await download(url, [.policy(.noReferrer, page: page)]).get()
        #expect(none.referer == nil)
    }

    @Test func aPlaceholderAnswerIsRefusedByTheInspectorAndTheNextRefererTried() async throws {
        let placeholder = try TestCDN.server.placeholderImage()
        let url = "https://wx.test/a.jpg"
        let result = await downloader.download(
            url: url, strategies: [.none, .imageOrigin], makeSink: { MemoryBody() }, discard: { $0.discarded = true },
            inspect: { body, _ in body.data == placeholder ? "placeholder image" : nil })
        let downloaded = try result.get()
        #expect(downloaded.strategy == "origin")
        #expect(downloaded.attempts.first?.error == "placeholder image")
    }

    @Test func aServerErrorIsRetriedWithBackoff() async throws {
        let url = "https://open.test/a.jpg?__status=503&__status_times=2&id=\(UUID().uuidString)"
        let downloaded = try await download(url, [.none]).get()
        #expect(downloaded.attempts.map(\.status) == [503, 503, 200])
    }

    @Test(arguments: [
        ("https://open.test/page.jpg", "not-an-image"),
        ("https://open.test/a.jpg?__html=1", "not-an-image"),
        ("https://open.test/a.jpg?__status=404", "http-404"),
        ("https://open.test/a.jpg?__status=410", "http-410"),
        ("https://open.test/a.jpg?__status=500", "http-500"),
        ("https://open.test/a.jpg?__truncate=1", "truncated"),
        ("https://open.test/a.jpg?__reset=1", "connection"),
        ("https://open.test/a.jpg?__stall=10", "timeout"),
        ("https://open.test/a.jpg?__redirect=20", "redirect"),
        ("https://open.test/a.jpg?__redirect_to=file%3A%2F%2F%2Fetc%2Fpasswd", "redirect"),
    ])
    func badAnswersFailWithTheRightReasonAndNoBodyIsKept(url: String, reason: String) async throws {
        let result = await download(url, [.none])
        guard case .failure(let failure) = result else {
            Issue.record("\(url) should fail with \(reason)")
            return
        }
        #expect(failure.reason == reason, "\(failure.message)")
        #expect(failure.message.contains("open.test"))
    }

    @Test func redirectsAreFollowedAndTheRefererRecomputedOnEachHop() async throws {
        let page = "https://blog.example/post.html"
        let downloaded = try await download("https://open.test/a.jpg?__redirect=2", [.policy(.origin, page: page)]).get()
        #expect(downloaded.attempts.map(\.status) == [302, 302, 200])
        #expect(downloaded.attempts.allSatisfy { $0.referer == "https://blog.example/" })
        #expect(downloaded.response.url == "https://open.test/a.jpg")
    }

    /// Fetch's "main fetch": the Referer sent on a hop is the referrer source of the next, so
    /// after a cross-origin hop only the origin goes on, even back to the page's own origin.
    @Test func aCrossOriginHopLeavesOnlyTheOriginForTheHopsAfterIt() async throws {
        let page = "https://open.test/blog/post.html"
        let back = "https://open.test/a.jpg".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let url = "https://guarded.test/a.jpg?__redirect_to=\(back)"
        let strict = try await download(url, [.policy(.strictOriginWhenCrossOrigin, page: page)]).get()
        #expect(strict.attempts.map(\.status) == [302, 200])
        // Evaluating the page again for the second hop (same origin as the page) would send
        // the full page URL; the first hop already cut it down to the origin.
        #expect(strict.attempts.map(\.referer) == ["https://open.test/", "https://open.test/"])
    }

    /// W3C Referrer Policy §8.2: a redirect response's Referrer-Policy header applies to later hops.
    @Test func aRedirectsReferrerPolicyHeaderAppliesToTheNextHop() async throws {
        let page = "https://blog.example/post.html"
        let url = "https://open.test/a.jpg?__redirect=1&__referrer_policy=no-referrer"
        let downloaded = try await download(url, [.policy(.unsafeURL, page: page)]).get()
        #expect(downloaded.attempts.map(\.status) == [302, 200])
        #expect(downloaded.attempts.map(\.referer) == [page, nil])
        // A fixed fallback strategy is ours, not a browser's: it does not follow the header.
        let fixed = try await download(url, [.page(page)]).get()
        #expect(fixed.attempts.map(\.referer) == [page, page])
    }
}
