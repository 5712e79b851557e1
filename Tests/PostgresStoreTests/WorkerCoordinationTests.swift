import ArchiveStore
import Foundation
import PostgresStore
import Testing
import TestSupport

/// What several workers share through the PostgreSQL catalog: jobs completed together with
/// their rows, host slots and host pacing across processes (here: across connections).
@Suite(.testServer(.postgres))
struct WorkerCoordinationTests {
    @Test func rowsOfATakenOverLeaseAreNotWritten() throws {
        let database = try TestDatabase(migrated: false)
        let catalog = try PostgresCatalog(url: database.url)
        let slow = try catalog.workQueue(worker: "slow"), fast = try catalog.workQueue(worker: "fast")
        try slow.enqueue([(url: "https://cdn.example/a.jpg", post: nil), (url: "https://cdn.example/b.jpg", post: nil)])
        let leases = try slow.claim(limit: 2, lease: .milliseconds(100))
        #expect(leases.count == 2)
        Thread.sleep(forTimeInterval: 0.3)  // both leases expire; "fast" takes one of them over
        let taken = try fast.claim(limit: 1, lease: .seconds(60))
        #expect(taken.count == 1)

        let rows = leases.map { Rows.object(Rows.sha(String($0.url.dropFirst(20).prefix(1))), from: $0.url) }
        let completed = try catalog.complete(leases, rows: rows, on: slow)
        #expect(completed.map(\.url) == leases.map(\.url).filter { $0 != taken[0].url }, "only the lease still its own")
        #expect(try catalog.archivedURLs() == Set(completed.map(\.url)), "the taken-over URL's rows are left to its new owner")
        #expect(try slow.counts() == WorkQueue.Counts(pending: 0, leased: 1, done: 1, failed: 0))

        // Rows of no job (an image fetched again by placeholder repair) are written all the same.
        try catalog.complete([], rows: [Rows.object(Rows.sha("c"), from: "https://cdn.example/c.jpg")], on: slow)
        #expect(try catalog.archived(among: ["https://cdn.example/c.jpg"]) == ["https://cdn.example/c.jpg"])
    }

    @Test func aHostSlotIsHeldAcrossWorkersAndFreedWhenAWorkerDies() throws {
        let database = try TestDatabase()
        let first = try HostSlots(url: database.url), second = try HostSlots(url: database.url)
        let slot = try first.acquire("slow.example", concurrency: 1)
        let acquired = Flag()
        let waiter = Thread {
            if let held = try? second.acquire("slow.example", concurrency: 1) {
                acquired.set()
                second.release(held)
            }
        }
        waiter.start()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!acquired.isSet, "the only slot is held by the other worker")
        #expect(try second.acquire("other.example", concurrency: 1).host == "other.example", "other hosts are not blocked")
        first.release(slot)
        #expect(acquired.wait(seconds: 5), "released: the waiting worker gets it")

        // Within one worker too: two requests never share the one slot.
        let held = try first.acquire("solo.example", concurrency: 2)
        let next = try first.acquire("solo.example", concurrency: 2)
        #expect(held.index != next.index)

        // A worker that dies (its connection closes) holds nothing any more.
        var dying: HostSlots? = try HostSlots(url: database.url)
        _ = try dying?.acquire("crash.example", concurrency: 1)
        dying = nil
        let after = try second.acquire("crash.example", concurrency: 1)
        #expect(after.index == 0)
    }

    @Test func hostPaceSpacesStartsAcrossWorkers() throws {
        let database = try TestDatabase()
        let workers = try (0..<3).map { _ in try HostSlots(url: database.url) }
        // Six reservations from three workers in turn: each starts 0.2 s after the one before.
        let waits = try (0..<6).map { try workers[$0 % 3].reserveStart("paced.example", interval: 0.2) }
        for (index, wait) in waits.enumerated() {
            #expect(abs(wait - Double(index) * 0.2) < 0.05, "reservation \(index) waits \(wait) s")
        }
        #expect(try workers[0].reserveStart("fresh.example", interval: 5) < 0.01, "another host starts at once")
    }

    @Test func aNewRunRetriesWhatAnEarlierRunGaveUpOn() throws {
        let queue = try WorkQueue(connection: TestDatabase().connect(), worker: "w")
        try queue.enqueue([(url: "https://cdn.example/404.jpg", post: nil)])
        let lease = try #require(try queue.claim(limit: 1, lease: .seconds(30)).first)
        #expect(try queue.fail(lease, reason: "http-404"))
        let now = try queue.serverNow()
        #expect(abs(now.timeIntervalSinceNow) < 5, "the test server runs on this machine's clock")
        #expect(try queue.retryFailed([lease.url], failedBefore: now.addingTimeInterval(-60)) == 0, "failed in this run: stays failed")
        #expect(try queue.retryFailed([lease.url], failedBefore: now.addingTimeInterval(1)) == 1)
        #expect(try queue.claim(limit: 1, lease: .seconds(30)).map(\.url) == [lease.url])
    }

    @Test func retryingFailedJobsComparesTimesToTheMicrosecond() throws {
        let queue = try WorkQueue(connection: TestDatabase().connect(), worker: "w")
        try queue.enqueue([(url: "https://cdn.example/404.jpg", post: nil)])
        let lease = try #require(try queue.claim(limit: 1, lease: .seconds(30)).first)
        #expect(try queue.fail(lease, reason: "http-404"))
        let seconds = try queue.connection.execute("SELECT extract(epoch FROM finished_at)::double precision FROM work_job").scalar
        let failed = Date(timeIntervalSince1970: try #require(seconds.flatMap(Double.init)))
        // A millisecond either side of the failure: whole seconds would put both before it.
        #expect(try queue.retryFailed([lease.url], failedBefore: failed.addingTimeInterval(-0.001)) == 0, "failed after the date: stays failed")
        #expect(try queue.retryFailed([lease.url], failedBefore: failed.addingTimeInterval(0.001)) == 1, "failed before the date: pending again")
    }
}

/// A flag set by one thread and awaited by another.
final class Flag: @unchecked Sendable {
    private let condition = NSCondition()
    private var value = false

    /// Sets the flag and wakes waiters.
    func set() { condition.withLock { value = true; condition.broadcast() } }

    /// Whether it is set.
    var isSet: Bool { condition.withLock { value } }

    /// Waits up to `seconds` for the flag; returns whether it was set.
    func wait(seconds: Double) -> Bool {
        condition.withLock {
            let deadline = Date().addingTimeInterval(seconds)
            while !value, condition.wait(until: deadline) {}
            return value
        }
    }
}
