import Foundation
import Testing
@testable import Fetcher
import TestSupport

@Suite struct TransferLoopTests {
    @Test func fetchesOverTLSWithConnectToAndTheRealHostName() async throws {
        let loop = TransferLoop(options: try TestCDN.options())
        let body = MemoryBody()
        let url = "https://open.test/a.jpg?id=\(UUID().uuidString)"  // unique: other tests share the server
        let response = try await loop.perform(TransferRequest(url: url, referer: "https://x.test/"), sink: body)
        #expect(response.status == 200)
        #expect(body.data == (try Data(contentsOf: TestCDN.jpeg)))
        #expect(response.contentLength == Int64(body.data.count))
        #expect(response.headers["etag"] != nil)
        let logged = try TestCDN.server.requestLog().last { $0.host == "open.test" && url.hasSuffix($0.path) }
        #expect(logged?.referer == "https://x.test/")
        #expect(logged?.userAgent?.hasPrefix("mediavault/") == true)
    }

    @Test func runsManyTransfersAtOnce() async throws {
        let loop = try TestCDN.loop(concurrent: 8, perHost: 8)
        // Each request waits 2 s on the server. From the server's log (arrival and end of each
        // request) count how many of this test's requests were being answered at once.
        let batch = UUID().uuidString
        let statuses = try await loop.fetchAll(count: 12) { "https://open.test/a.jpg?__delay=2&batch=\(batch)&n=\($0)" }.map(\.0.status)
        #expect(statuses == Array(repeating: 200, count: 12))
        let mine = try TestCDN.server.requestLog().filter { $0.path.contains(batch) }
        #expect(mine.count == 12)
        let overlap = mine.map { request in mine.filter { $0.started <= request.started && request.started < $0.time }.count }.max() ?? 0
        #expect(overlap >= 4, "transfers did not overlap: \(mine.map { ($0.started, $0.time) })")
    }

    /// Requests queued beyond the free slots start as soon as a slot frees: the loop must not
    /// sleep in curl_multi_poll (up to a second) with nothing running and requests waiting, as it
    /// did. Measured on the server's log, so a slow machine does not decide: through one slot,
    /// the median gap between the end of one request and the arrival of the next was a second.
    @Test func queuedRequestsStartAsSoonAsASlotFrees() async throws {
        var options = try TestCDN.options()
        options.maxConcurrent = 1
        let loop = TransferLoop(options: options)
        let batch = UUID().uuidString
        let statuses = try await loop.fetchAll(count: 12) { "https://open.test/a.jpg?queued=\(batch)&n=\($0)" }.map(\.0.status)
        #expect(statuses == Array(repeating: 200, count: 12))
        let mine = try TestCDN.server.requestLog().filter { $0.path.contains(batch) }.sorted { $0.started < $1.started }
        #expect(mine.count == 12)
        let gaps = zip(mine, mine.dropFirst()).map { $1.started - $0.time }.sorted()
        let median = gaps[gaps.count / 2]
        #expect(median < 0.5, "gaps between queued requests: \(gaps)")
    }

    @Test func reportsConnectionFailuresAsTransferErrors() async throws {
        var options = TransferOptions()
        options.connectTo = ["nowhere.test:443:127.0.0.1:1"]  // port 1: nothing listens
        let loop = TransferLoop(options: options)
        await #expect(throws: TransferError.self) {
            _ = try await loop.perform(TransferRequest(url: "https://nowhere.test/a.jpg"), sink: MemoryBody())
        }
    }

    @Test func refusesProtocolsOtherThanHTTP() async throws {
        let loop = TransferLoop(options: try TestCDN.options())
        do {
            _ = try await loop.perform(TransferRequest(url: "file:///etc/passwd"), sink: MemoryBody())
            Issue.record("file:// must not be fetched")
        } catch let error as TransferError {
            #expect(error.kind == .unsupportedProtocol)
        }
    }

    /// The server stalls for 10 minutes and the loop's own stall timeout is 30 s: only an
    /// abandoned transfer ends in `CancellationError` (a transfer that ran on would end in a
    /// timeout error or a body), and the time limit ends a hang. No wall-clock bound: a busy
    /// machine may resume the awaiting task late.
    @Test(.timeLimit(.minutes(2))) func cancellingTheTaskAbandonsAStalledTransfer() async throws {
        let loop = TransferLoop(options: try TestCDN.options())
        let task = Task {
            try await loop.perform(TransferRequest(url: "https://open.test/a.jpg?__stall=600"), sink: MemoryBody())
        }
        try await Task.sleep(nanoseconds: 500_000_000)
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }

    /// A task already cancelled when it asks for a transfer: its cancellation handler runs before
    /// the transfer exists, and the transfer must then not start. (It did: under load, a cancel
    /// that came before the request reached the loop was lost, and the transfer ran on to its
    /// stall timeout.) With a 5 s stall timeout, a lost cancellation ends in a timeout error.
    @Test(.timeLimit(.minutes(1))) func aTaskCancelledBeforeItsRequestStartsNoTransfer() async throws {
        let loop = TransferLoop(options: try TestCDN.options(stall: 5))
        let batch = UUID().uuidString
        let task = Task {
            try? await Task.sleep(for: .seconds(60))  // ends at once when the task is cancelled
            return try await loop.perform(TransferRequest(url: "https://open.test/a.jpg?__stall=600&cancelled=\(batch)"), sink: MemoryBody())
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        // Not sent at all: the server never saw the request.
        #expect(try TestCDN.server.requestLog().filter { $0.path.contains(batch) }.isEmpty)
    }

    @Test func aBodyOverTheLimitFailsAsTooLarge() async throws {
        let loop = TransferLoop(options: try TestCDN.options(maxBytes: 100_000))
        do {
            _ = try await loop.perform(TransferRequest(url: "https://open.test/a.jpg?__size=5000000"), sink: MemoryBody())
            Issue.record("a 5 MB body must exceed a 100 kB limit")
        } catch let error as TransferError {
            #expect(error.kind == .tooLarge)
        }
    }
}
