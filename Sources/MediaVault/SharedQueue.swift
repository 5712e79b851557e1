import ArchiveStore
import Fetcher
import Foundation
import PostgresStore

/// Many `mirror` workers, on one machine or many, sharing one job through a PostgreSQL catalog.
///
/// Each worker enqueues the image URLs it scanned (one job per URL, whoever comes first), then
/// claims small batches under a lease, downloads without holding a transaction, renews its
/// leases by heartbeat, and writes each batch's catalog rows together with "job done" in one
/// transaction that succeeds only for leases still its own. A worker that dies stops renewing;
/// its jobs are claimed again when their leases expire. A worker ends when the queue has no
/// job left pending or leased, so every worker sees the whole job finished.
final class SharedQueue: WorkMode, @unchecked Sendable {
    private let catalog: PostgresCatalog
    private let queue: WorkQueue
    private let heartbeat: LeaseHeartbeat
    private let slots: HostSlots
    private let lease: Duration
    private let report: @Sendable (String) -> Void
    // Guards `leases`, `queue` (one connection, used from lane threads) and `lastStatus`.
    private let lock = NSLock()
    private var leases: [String: WorkQueue.Lease] = [:]
    private var lastStatus = ContinuousClock.now
    private var claimFailure: (any Error)?

    /// Jobs claimed at once: small, so a worker that dies takes few jobs down with it.
    static let claimBatch = 4
    /// How often a worker with nothing to claim looks again (others' leases may finish or expire).
    static let idlePoll: Duration = .milliseconds(500)
    /// How often the queue's state is printed while working.
    static let statusEvery: Duration = .seconds(5)

    /// Joins the catalog's queue as `worker` with leases of `lease`, renewed every third of it.
    init(catalog: PostgresCatalog, worker: String = WorkQueue.defaultWorkerName, lease: Duration,
         report: @escaping @Sendable (String) -> Void) throws {
        self.catalog = catalog
        self.lease = lease
        self.report = report
        queue = try catalog.workQueue(worker: worker)
        heartbeat = try catalog.leaseHeartbeat(worker: worker, interval: lease / 3, extendBy: lease)
        slots = try catalog.hostSlots()
    }

    deinit { heartbeat.stop() }

    func gate(rules: HostRules) -> (any RequestGate)? {
        guard rules.rules.contains(where: { $0.concurrency != nil || $0.interval != nil }) else { return nil }
        return SharedHostGate(slots: slots) { host in
            let rule = rules.rule(forHost: host)
            return (rule?.concurrency, rule?.interval)
        }
    }

    func fetch<Output: OutputSink>(_ pending: [ImageWork], run: FetchRun<Output, OpenArchive>, archive: OpenArchive,
                                   inFlight: Int) async throws {
        defer { heartbeat.stop() }
        // The local list keeps a group commit's worth of finished downloads waiting beside the
        // transfers; a worker holds leases only for the transfers plus one claim: jobs it holds
        // are jobs no other worker can take, and would wait for a lease to expire if it died.
        // (The group commit flushes within 10 ms anyway.)
        let window = min(max(inFlight, 1), max(inFlight - archive.store.batchObjects, Self.claimBatch) + Self.claimBatch)
        let known = Dictionary(pending.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        try await archive.lanes.run { [self] in
            Result {
                try locked {
                    // What failed before this worker started was an earlier run's: retried.
                    let started = try queue.serverNow()
                    try queue.enqueue(pending.map { (url: $0.url, post: $0.posts.first) })
                    try queue.retryFailed(pending.map(\.url), failedBefore: started)
                }
            }
        }.get()
        archive.rows.route { [self] rows in try commit(rows) }
        try await status(archive, force: true)
        while true {
            await withTaskGroup(of: Void.self) { group in
                var buffer: [WorkQueue.Lease] = []
                var exhausted = false
                // Claims as slots free up: a few jobs at a time, never more than are in flight.
                func startOne() async {
                    guard !exhausted, run.stop?.isRequested != true else { return }
                    if buffer.isEmpty {
                        do { buffer = try await claim(archive) } catch {
                            lock.withLock { claimFailure = claimFailure ?? error }
                        }
                        if buffer.isEmpty { exhausted = true; return }
                    }
                    let lease = buffer.removeFirst()
                    let item = known[lease.url] ?? ImageWork(url: lease.url, page: nil, policy: ReferrerPolicy.defaultPolicy,
                                                               posts: [lease.post ?? ""])
                    group.addTask { [self] in
                        let record = await run.fetchAndReport(item)
                        await archive.lanes.run { [self] in finish(lease, record) }
                    }
                }
                for _ in 0..<window { await startOne() }
                for await _ in group {
                    await startOne()
                    try? await status(archive, force: false)
                }
                if !buffer.isEmpty { release(buffer) }  // stopping: hand the unstarted ones back
            }
            // Our own rows first: until they commit, our jobs count as leased for everyone.
            await archive.lanes.run { archive.rows.flush() }
            if let failure = lock.withLock({ claimFailure }) { throw failure }
            if run.stop?.isRequested == true { break }
            let counts = try await archive.lanes.run { [self] in Result { try locked { try queue.counts() } } }.get()
            if counts.pending + counts.leased == 0 { break }
            try? await Task.sleep(for: Self.idlePoll)  // others' jobs: wait for them to finish, or expire and be ours
        }
        release(lock.withLock { Array(leases.values) })
        try await status(archive, force: true)
    }

    /// Claims the next few jobs and starts renewing their leases.
    private func claim(_ archive: OpenArchive) async throws -> [WorkQueue.Lease] {
        let claimed = try await archive.lanes.run { [self] in
            Result { try locked { try queue.claim(limit: Self.claimBatch, lease: lease) } }
        }.get()
        lock.withLock { for lease in claimed { leases[lease.url] = lease } }
        heartbeat.track(claimed)
        return claimed
    }

    /// Settles a job whose image came back: failures are given up on (a later run retries them),
    /// skipped images are done, unstarted ones go back; a fetched image is done when its rows commit.
    private func finish(_ lease: WorkQueue.Lease, _ line: ImageLine) {
        guard lock.withLock({ leases[lease.url]?.token == lease.token }) else { return }  // committed already
        do {
            switch (line.kind, line.reason) {
            case (.failed, let reason):
                _ = try locked { try queue.fail(lease, reason: reason ?? "failed") }
            case (.skipped, "not-started"):
                try locked { try queue.release([lease]) }
            case (.skipped, _):
                _ = try locked { try catalog.complete([lease], rows: [], on: queue) }
            default:
                return  // fetched: its rows are in the batcher, completed with them
            }
            forget([lease])
        } catch {
            report("error: \(lease.url): \(error); the job stays in the queue for the next run")
        }
    }

    /// Writes a batch of rows with the "done" of their jobs (the batcher's writer).
    private func commit(_ rows: [ObjectRows]) throws {
        let held = lock.withLock { rows.compactMap { $0.url.flatMap { leases[$0.url] } } }
        let completed = try locked { try catalog.complete(held, rows: rows, on: queue) }
        let lost = Set(held).subtracting(completed)
        for lease in lost {
            report("\(lease.url): its lease expired and another worker took the job over; that worker records it")
        }
        forget(held)
    }

    /// Hands leases back unfinished, so other workers can claim them at once.
    private func release(_ unstarted: [WorkQueue.Lease]) {
        guard !unstarted.isEmpty else { return }
        try? locked { try queue.release(unstarted) }
        forget(unstarted)
    }

    /// Stops tracking leases that are settled.
    private func forget(_ settled: [WorkQueue.Lease]) {
        heartbeat.untrack(settled)
        lock.withLock { for lease in settled where leases[lease.url]?.token == lease.token { leases[lease.url] = nil } }
    }

    /// Prints the queue's state across every worker, at most every `statusEvery` unless forced.
    private func status(_ archive: OpenArchive, force: Bool) async throws {
        let due = lock.withLock {
            guard force || ContinuousClock.now - lastStatus >= Self.statusEvery else { return false }
            lastStatus = ContinuousClock.now
            return true
        }
        guard due else { return }
        let counts = try await archive.lanes.run { [self] in Result { try locked { try queue.counts() } } }.get()
        report("shared queue (\(catalog.name)): \(counts.pending) pending, \(counts.leased) leased, \(counts.done) done, \(counts.failed) failed across all workers")
    }

    /// Runs `body` with the queue's connection to itself; its errors name the catalog.
    private func locked<T>(_ body: () throws -> T) throws -> T {
        do {
            return try queueLock.withLock { try body() }
        } catch let error as PGError where error.context == nil {
            throw error.within("the shared queue of the catalog \(catalog.name)")
        }
    }
    private let queueLock = NSLock()
}
