import ArchiveStore
import Fetcher
import Foundation
import GRDB
import Testing
@testable import MediaVault
import TestSupport

/// Each fault of issue 4 through the whole pipeline: the right reason, every request in the
/// catalog, exit 3, and never a bad object.
@Suite struct FetchFaultTests {
    static let faults: [(query: String, reason: String)] = [
        ("__status=403", "refused"),
        ("__status=404", "http-404"),
        ("__status=410", "http-410"),
        ("__status=429", "http-429"),
        ("__status=500", "http-500"),
        ("__status=503", "http-503"),
        ("__reset=1", "connection"),
        ("__stall=12", "timeout"),  // libcurl averages speed over ~5 s: a stall shows after that
        ("__truncate=1", "truncated"),
        ("__html=1", "not-an-image"),
        ("__redirect_to=self", "redirect"),
        ("__redirect_to=file%3A%2F%2F%2Fetc%2Fpasswd", "redirect"),
        ("__size=5000", "too-large"),
    ]

    @Test func everyFaultFailsWithItsReasonAndLeavesNoObject() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let urls = Self.faults.map { "https://open.test/1.png?\($0.query)" }
        try cdn.writePost("faults.md", page: "https://blog.example/faults.html", urls: urls + ["https://open.test/2.png"])
        let config = cdn.root.appendingPathComponent("config.yml")
        try "max_bytes: 4000\ntimeouts: {stall: 1}\n".write(to: config, atomically: true, encoding: .utf8)
        var options = cdn.options()
        options.configFile = config
        let (status, output) = await cdn.mirror(options)
        #expect(status == ExitStatus.partialFailure)
        for (url, fault) in zip(urls, Self.faults) {
            let line = output.record("failed", url: url)
            #expect(line?.string("reason") == fault.reason, "\(url): \(line?.jsonLine ?? "no failed line")")
            let rows = try await cdn.fetches(url)
            #expect(!rows.isEmpty && rows.allSatisfy { $0.error != nil || (300..<400).contains($0.status ?? 0) }, "\(url): \(rows)")
        }
        // Transient faults were retried (3 attempts); a refusal tried every Referer.
        #expect(try await cdn.fetches(urls[3]).map(\.status) == [429, 429, 429])
        #expect(try await cdn.fetches(urls[0]).map(\.strategy) == ["policy:strict-origin-when-cross-origin", "none", "origin", "page"])
        // The one good image is archived; the summary groups the reasons.
        #expect(output.record("fetched", url: "https://open.test/2.png") != nil)
        let summary = try #require(output.of("summary").first)
        #expect(summary["failed"] == .int(Int64(Self.faults.count)))
        #expect(summary["reasons"] == .array(Dictionary(grouping: Self.faults, by: \.reason).sorted { $0.key < $1.key }
            .map { .string("\($0.key)=\($0.value.count)") }))
        #expect(output.diagnostics.contains { $0.contains("redirect ×2") })
        #expect(try cdn.catalog().allObjects().count == 1)
        try cdn.expectOnlyGoodObjects()
    }

    @Test func retryAfterIsHonouredFromTheServersLog() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let url = "https://open.test/1.png?__status=429&__retry_after=1&__status_times=1"
        try cdn.writePost("a.md", page: nil, urls: [url])
        let (status, _) = await cdn.mirror()
        #expect(status == ExitStatus.success)
        #expect(try await cdn.fetches(url).map(\.status) == [429, 200])
        let log = try cdn.server.requestLog().filter { $0.host == "open.test" }
        #expect(log.map(\.status) == [429, 200])
        // From the 429's arrival, not its recorded end (which the server may log late): the retry
        // waits 1 s from the answer, which came after the arrival.
        if log.count == 2 { #expect(log[1].started - log[0].started >= 0.95, "asked again \(log[1].started - log[0].started) s after a Retry-After of 1 s") }
    }

    @Test func recheckSendsValidatorsAndStoresChangedBytesAsANewObject() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let url = "https://open.test/5.png"
        try cdn.writePost("a.md", page: nil, urls: [url])
        #expect(await cdn.mirror().status == ExitStatus.success)

        // Without --recheck: no request at all. With it: a conditional request, 304, unchanged.
        try cdn.server.clearLog()
        #expect(await cdn.mirror().output.record("skipped", url: url)?.string("reason") == "archived")
        #expect(try cdn.server.requestLog().isEmpty)
        var recheck = cdn.options()
        recheck.recheck = true
        let unchanged = await cdn.mirror(recheck)
        #expect(unchanged.status == ExitStatus.success)
        #expect(unchanged.output.record("skipped", url: url)?.string("reason") == "unchanged")
        #expect(try cdn.server.requestLog().map(\.status) == [304])

        // The file changes on the server: 200 with new bytes, a new object for the URL.
        let served = cdn.root.appendingPathComponent("open.test/5.png")
        try FileManager.default.removeItem(at: served)
        try FileManager.default.copyItem(at: FetchCDN.images[5], to: served)
        let changed = await cdn.mirror(recheck)
        #expect(changed.status == ExitStatus.success)
        #expect(changed.output.record("fetched", url: url)?.string("sha256") == (try FetchCDN.sha256(ofImage: 6)))
        #expect(try cdn.catalog().object(forURL: url)?.sha256 == (try FetchCDN.sha256(ofImage: 6)))
        try cdn.expectOnlyGoodObjects()
    }

    @Test func perHostConcurrencyAndIntervalAreHonoured() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let config = cdn.root.appendingPathComponent("config.yml")
        try "hosts:\n  open.test:\n    concurrency: 1\n    interval: 0.3\n  guarded.test:\n    concurrency: 2\n"
            .write(to: config, atomically: true, encoding: .utf8)
        // open.test: odd images take longer than the interval, even ones are instant, so each rule
        // shows in the gaps after its own kind (of five in any order, both kinds have a successor).
        let interval = 0.3, slow = 0.5, guardedDelay = 0.3
        try cdn.writePost("a.md", page: nil, urls: (1...5).map { "https://open.test/\($0).png?__delay=\($0 % 2 == 1 ? slow : 0)" }
                          + (1...6).map { "https://guarded.test/\($0).png?__delay=\(guardedDelay)" })
        var options = cdn.options()
        options.configFile = config
        #expect(await cdn.mirror(options).status == ExitStatus.success)
        // Judged by arrivals only: the server records a request's end after its last byte went
        // out, which a loaded machine may delay past the next request's arrival.
        let log = try cdn.server.requestLog()
        let open = log.filter { $0.host == "open.test" }.sorted { $0.started < $1.started }
        #expect(open.count == 5)
        for (before, after) in zip(open, open.dropFirst()) {
            let gap = after.started - before.started
            if before.path.contains("__delay=\(slow)") {
                // Answered `slow` s after its arrival; with one slot the next request leaves only
                // once that answer is in (2 ms for the log's rounding to milliseconds).
                #expect(gap >= slow - 0.002, "open.test: \(after.path) arrived \(gap) s after \(before.path), which takes \(slow) s to answer: two requests overlapped")
            } else {
                // The interval is kept between starts on our side; an arrival is later than its
                // start by the connection's setup (a TLS handshake for the first), hence 0.15 s.
                #expect(gap >= interval - 0.15, "open.test: \(after.path) arrived \(gap) s after \(before.path), with an interval of \(interval) s")
            }
        }
        let guarded = log.filter { $0.host == "guarded.test" }.map(\.started).sorted()
        #expect(guarded.count == 6)
        // At most two at once: a third request leaves only once one of the two before it has its
        // whole answer, sent `guardedDelay` after that one's arrival, so any three consecutive
        // arrivals span at least the delay.
        for (first, third) in zip(guarded, guarded.dropFirst(2)) {
            #expect(third - first >= guardedDelay - 0.002, "three guarded.test requests at once: arrivals \(guarded.map { $0 - guarded[0] })")
        }
        // And both slots were used: some request arrived while the server still held the one before.
        #expect(zip(guarded, guarded.dropFirst()).contains { $1 - $0 < guardedDelay }, "guarded.test one at a time: arrivals \(guarded.map { $0 - guarded[0] })")
    }
}
