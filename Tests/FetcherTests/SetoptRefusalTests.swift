import Foundation
import Testing
@testable import Fetcher

/// A value libcurl refuses at `curl_easy_setopt` (a URL over its 8 MB string limit, as a
/// hostile feed could hold) fails that one image with libcurl's own code and the option's
/// name, is not retried as transient, and does not trap the process.
@Suite struct SetoptRefusalTests {
    @Test func anOverlongURLFailsOnceWithTheCurlCodeAndTheOptionName() async throws {
        let loop = TransferLoop(options: TransferOptions())
        defer { loop.shutdown() }
        let url = "https://a.test/" + String(repeating: "x", count: 9_000_000)
        let result = await Downloader(loop: loop).download(
            url: url, strategies: [.none, .exact("https://blog.a.test/post")],
            makeSink: { MemoryBody() }, discard: { _ in })
        guard case .failure(let failure) = result else {
            Issue.record("a 9 MB URL was accepted")
            return
        }
        #expect(failure.message.contains("CURLOPT_URL") && failure.message.contains("CURLcode 43"), "\(failure.message.prefix(400))")
        #expect(failure.attempts.count == 1, "retried: \(failure.attempts.count) attempts")
        #expect(failure.message.count < 1000, "the message does not repeat the whole URL")
    }
}
