import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// `--min-bytes`/`--max-bytes` against the loopback CDN: a body whose Content-Length is
/// outside the window is refused before it is sent, one without Content-Length is cut off
/// as soon as it grows past `--max-bytes`; the server's own count of bytes sent proves it.
@Suite(.serialized) struct SizeWindowTests {
    @Test func sizesAreDecidedBeforeTheBodyOrAsSoonAsItIsTooBig() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let huge = 64 << 20
        let urls = [
            "https://open.test/announced.jpg?__size=\(huge)",  // Content-Length says too big
            "https://open.test/unannounced.jpg?__size=\(huge)&__no_length=1",  // no Content-Length, too big
            "https://open.test/tiny.jpg?__size=1000",  // Content-Length says too small
            "https://open.test/fits.jpg?__size=100000",
        ]
        try cdn.writePost("sizes.md", page: "https://blog.open.test/sizes/", urls: urls)
        var options = cdn.options()
        options.thumbnails = false
        options.selection.minBytes = 5000
        options.selection.maxBytes = 200_000
        let (status, output) = await cdn.mirror(options)
        #expect(status == 0, "\(output.records.map(\.jsonLine)) \(output.diagnostics)")
        #expect(output.of("fetched").compactMap { $0.string("url") } == [urls[3]])
        let skipped = Dictionary(uniqueKeysWithValues: output.of("skipped").map { ($0.string("url") ?? "", $0) })
        #expect(Set(skipped.keys) == Set(urls.prefix(3)))
        for url in urls.prefix(3) { #expect(skipped[url]?.string("reason") == "size-filter") }
        #expect(skipped[urls[0]]?.string("message")?.contains("Content-Length \(huge), more than 200000 bytes; not fetched") == true)
        #expect(skipped[urls[1]]?.string("message")?.contains("more than 200000 bytes; stopped after") == true)
        #expect(skipped[urls[2]]?.string("message")?.contains("Content-Length 1000, fewer than 5000 bytes") == true)
        #expect(output.records.last?["skipped"] == .int(3))
        // What the server sent: a small part of the 64 MB bodies (socket buffers at most), one request each.
        let log = try cdn.server.requestLog()
        for name in ["announced", "unannounced"] {
            let requests = log.filter { $0.path.hasPrefix("/\(name).jpg") }
            #expect(requests.count == 1, "\(name): \(requests.count) requests")
            #expect((requests.first?.bytes ?? huge) < 8 << 20, "\(name): \(requests.first?.bytes ?? -1) bytes sent")
        }
    }
}
