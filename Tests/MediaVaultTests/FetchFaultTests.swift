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
        if log.count == 2 { #expect(log[1].started - log[0].time >= 0.95, "asked again \(log[1].started - log[0].time) s after a Retry-After of 1 s") }
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
        try cdn.writePost("a.md", page: nil, urls: (1...5).map { "https://open.test/\($0).png?__delay=0.1" }
                          + (1...6).map { "https://guarded.test/\($0).png?__delay=0.3" })
        var options = cdn.options()
        options.configFile = config
        #expect(await cdn.mirror(options).status == ExitStatus.success)
        let log = try cdn.server.requestLog()
        let open = log.filter { $0.host == "open.test" }.sorted { $0.started < $1.started }
        #expect(open.count == 5)
        for (before, after) in zip(open, open.dropFirst()) {
            #expect(after.started >= before.time, "open.test: two requests overlapped")
            // The gap is kept between request starts on our side; the first arrival is late by a TLS handshake.
            #expect(after.started - before.started >= 0.1, "open.test: requests \(after.started - before.started) s apart")
        }
        if let first = open.first, let last = open.last {
            #expect(last.started - first.started >= 4 * 0.3 - 0.15, "5 requests spread over \(last.started - first.started) s")
        }
        let guarded = log.filter { $0.host == "guarded.test" }
        #expect(guarded.count == 6)
        // Overlap per host from the log's own times: at most two guarded.test requests at once.
        let most = guarded.map { request in guarded.filter { $0.started <= request.started && request.started < $0.time }.count }.max()
        #expect(most == 2, "at most \(most ?? 0) guarded.test requests at once")
    }
}
