import Foundation
import PostgresStore
import Testing
import TestSupport

/// The work queue for several workers against the real PostgreSQL: claims, leases, takeovers.
@Suite(.testServer(.postgres))
struct WorkQueueTests {
    /// `count` distinct image URLs, each with a post.
    static func urls(_ count: Int) -> [(url: String, post: String?)] {
        (0..<count).map { (url: "https://img.example/\($0).jpg", post: "posts/\($0 % 7).md") }
    }

    @Test func enqueueingTwiceAddsEachURLOnce() throws {
        let queue = WorkQueue(connection: try TestDatabase().connect(), worker: "w1")
        #expect(try queue.enqueue(Self.urls(5)) == 5)
        // Three known URLs and two new ones, one of them listed twice in the same call.
        let again = Self.urls(7).suffix(5) + [(url: "https://img.example/6.jpg", post: nil)]
        #expect(try queue.enqueue(Array(again)) == 2)
        let counts = try queue.counts()
        #expect(counts == WorkQueue.Counts(pending: 7, leased: 0, done: 0, failed: 0))
        // A finished job is not enqueued again either.
        let claimed = try queue.claim(limit: 1, lease: .seconds(30))
        try queue.complete(claimed)
        #expect(try queue.enqueue([(url: claimed[0].url, post: nil)]) == 0)
        #expect(try queue.counts().done == 1)
    }

    @Test func aClaimCarriesTheJobsPagePolicyFallbackAndOriginalToWhicheverWorkerTakesIt() throws {
        let database = try TestDatabase()
        try WorkQueue(connection: database.connect(), worker: "scanner").enqueue([
            WorkQueue.Job(url: "https://img.example/a.jpg", post: "posts/a.md", page: "https://blog.example/a.html", policy: "unsafe-url",
                          fallback: "https://img.example/a-1024x768.jpg", original: "https://img.example/orig/a.jpg"),
            WorkQueue.Job(url: "https://img.example/b.jpg", post: nil),
        ])
        let leases = try WorkQueue(connection: database.connect(), worker: "other").claim(limit: 5, lease: .seconds(30))
        let byURL = Dictionary(uniqueKeysWithValues: leases.map { ($0.url, $0) })
        #expect(byURL["https://img.example/a.jpg"]?.page == "https://blog.example/a.html")
        #expect(byURL["https://img.example/a.jpg"]?.policy == "unsafe-url")
        #expect(byURL["https://img.example/a.jpg"]?.post == "posts/a.md")
        #expect(byURL["https://img.example/a.jpg"]?.fallback == "https://img.example/a-1024x768.jpg")
        #expect(byURL["https://img.example/a.jpg"]?.original == "https://img.example/orig/a.jpg")
        // A job without them (as queued before they were kept) has none.
        #expect(byURL["https://img.example/b.jpg"].map { $0.page == nil && $0.policy == nil && $0.fallback == nil && $0.original == nil } == true)
    }

    @Test func twoClaimersRacingNeverShareAJob() throws {
        let database = try TestDatabase()
        let total = 300
        try WorkQueue(connection: database.connect(), worker: "setup").enqueue(Self.urls(total))
        let claims = ClaimLog()
        let start = Barrier(parties: 2)
        // Two workers on two threads, each on its own connection, released together, claiming
        // small batches until the queue is empty; a millisecond of "download" per batch keeps
        // them interleaved even when one thread is scheduled late.
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                let queue = WorkQueue(connection: try database.connect(), worker: "worker-\(index)")
                start.wait()
                while true {
                    let batch = try queue.claim(limit: 4, lease: .seconds(60))
                    if batch.isEmpty { break }
                    claims.add(worker: index, batch.map(\.url))
                    Thread.sleep(forTimeInterval: 0.001)
                    let completed = try queue.complete(batch)
                    if completed.count != batch.count { claims.fail("worker \(index) lost a lease it had just claimed") }
                }
            } catch {
                claims.fail("worker \(index): \(error)")
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("WorkQueueTests: \(total) jobs claimed 4 at a time and completed by 2 workers in \(String(format: "%.2f", seconds)) s (1 ms of work per batch included)")
        #expect(claims.failures.isEmpty, "\(claims.failures)")
        let first = claims.urls(of: 0), second = claims.urls(of: 1)
        #expect(first.intersection(second).isEmpty, "no URL claimed by both workers")
        #expect(first.count + second.count == total, "each URL claimed exactly once: \(first.count) + \(second.count)")
        #expect(!first.isEmpty && !second.isEmpty, "both workers got work")
        #expect(try WorkQueue(connection: database.connect()).counts() == WorkQueue.Counts(pending: 0, leased: 0, done: total, failed: 0))
    }

    @Test func anExpiredLeaseIsTakenOverAndTheOldCompletionRefused() throws {
        let database = try TestDatabase()
        let a = WorkQueue(connection: try database.connect(), worker: "a")
        let b = WorkQueue(connection: try database.connect(), worker: "b")
        try a.enqueue(Self.urls(3))
        try a.connection.execute("CREATE TABLE archived (url TEXT PRIMARY KEY, worker TEXT)")

        // 1.5 s: long enough that b's first claim surely comes before expiry, even on a busy machine.
        let leasedToA = try a.claim(limit: 10, lease: .milliseconds(1500))
        #expect(leasedToA.count == 3)
        #expect(try b.claim(limit: 10, lease: .seconds(30)).isEmpty, "leased jobs are not claimable")
        #expect(try b.counts().leased == 3)

        Thread.sleep(forTimeInterval: 1.8)  // a "dies": its leases run out
        let leasedToB = try b.claim(limit: 10, lease: .seconds(30))
        #expect(Set(leasedToB.map(\.url)) == Set(leasedToA.map(\.url)))
        #expect(leasedToB.allSatisfy { $0.attempt == 2 })
        #expect(Set(leasedToB.map(\.token)).isDisjoint(with: leasedToA.map(\.token)))

        // a comes back: its heartbeat renews nothing and its completion, with its catalog rows, is refused.
        #expect(try a.heartbeat(leasedToA, extendBy: .seconds(30)).isEmpty)
        var bodyRanWith: [WorkQueue.Lease] = []
        let completedByA = try a.complete(leasedToA) { held in
            bodyRanWith = held
            for lease in held { try a.connection.execute("INSERT INTO archived VALUES ($1, 'a')", [lease.url]) }
        }
        #expect(completedByA.isEmpty)
        #expect(bodyRanWith.isEmpty)
        #expect(try a.fail(leasedToA[0], reason: "late") == false)

        let completedByB = try b.complete(leasedToB) { held in
            for lease in held { try b.connection.execute("INSERT INTO archived VALUES ($1, 'b')", [lease.url]) }
        }
        #expect(completedByB.count == 3)
        #expect(try a.connection.execute("SELECT DISTINCT worker FROM archived").rows == [["b"]])
        #expect(try a.counts() == WorkQueue.Counts(pending: 0, leased: 0, done: 3, failed: 0))
    }

    @Test func aHeartbeatKeepsTheLeaseAlive() throws {
        let database = try TestDatabase()
        let a = WorkQueue(connection: try database.connect(), worker: "a")
        let b = WorkQueue(connection: try database.connect(), worker: "b")
        try a.enqueue(Self.urls(2))
        let leases = try a.claim(limit: 10, lease: .seconds(1))
        // Five heartbeats 300 ms apart, each extending by 1 s: 1.5 s in all, past the first
        // lease's expiry, with 700 ms of slack for a slow scheduler between two heartbeats.
        for _ in 0..<5 {
            Thread.sleep(forTimeInterval: 0.3)
            #expect(try a.heartbeat(leases, extendBy: .seconds(1)) == Set(leases))
            #expect(try b.claim(limit: 10, lease: .seconds(30)).isEmpty)
        }
        #expect(try a.complete(leases).count == 2)
    }

    @Test func aFailingCatalogWriteLeavesTheJobPending() throws {
        let database = try TestDatabase()
        let queue = WorkQueue(connection: try database.connect(), worker: "a")
        try queue.enqueue(Self.urls(1))
        let leases = try queue.claim(limit: 1, lease: .seconds(30))
        struct CatalogWriteFailed: Error {}
        #expect(throws: CatalogWriteFailed.self) {
            try queue.complete(leases) { _ in throw CatalogWriteFailed() }
        }
        #expect(try queue.counts() == WorkQueue.Counts(pending: 0, leased: 1, done: 0, failed: 0), "rolled back: still leased, not done")
        // Released on shutdown: claimable again at once, by anyone.
        try queue.release(leases)
        let again = try WorkQueue(connection: try database.connect(), worker: "b").claim(limit: 1, lease: .seconds(30))
        #expect(again.map(\.url) == leases.map(\.url))
        #expect(try WorkQueue(connection: try database.connect(), worker: "b").fail(again[0], reason: "HTTP 404"))
        #expect(try queue.claim(limit: 1, lease: .seconds(30)).isEmpty, "failed jobs are not claimed again")
        #expect(try queue.counts().failed == 1)
    }
}

/// Which worker claimed which URLs, written from several threads.
final class ClaimLog: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed: [Int: [String]] = [:]
    private var problems: [String] = []

    /// Records a batch claimed by `worker`.
    func add(worker: Int, _ urls: [String]) { lock.withLock { claimed[worker, default: []] += urls } }

    /// Records a problem seen on a worker thread.
    func fail(_ problem: String) { lock.withLock { problems.append(problem) } }

    /// The URLs `worker` claimed (as a set; a duplicate within one worker would shrink it).
    func urls(of worker: Int) -> Set<String> { lock.withLock { Set(claimed[worker] ?? []) } }

    /// The problems recorded.
    var failures: [String] { lock.withLock { problems } }
}

/// Holds threads until `parties` of them have arrived.
final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0

    /// A barrier for `parties` threads.
    init(parties: Int) { self.parties = parties }

    /// Blocks until every party has called `wait` (or 10 s passed, so a failed thread cannot hang the test).
    func wait() {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        if arrived == parties { condition.broadcast(); return }
        let deadline = Date().addingTimeInterval(10)
        while arrived < parties, condition.wait(until: deadline) {}
    }
}
