import ArchiveStore
import Fetcher
import Foundation
import PostgresStore

/// Many `mirror` workers, on one machine or many, sharing one job through a PostgreSQL catalog.
///
/// Each worker enqueues the image URLs it scans batch by batch as the scan hands them over (one
/// job per URL, whoever comes first), so that it and every other worker can start on them while
/// later posts are still being read, and claims small batches under a lease, downloads without holding a transaction, renews its
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
    // Also under `lock`: whether the scan still hands some over, and how many batches were
    // enqueued (a worker waiting for work looks again when it changes). What fetching a job takes
    // (its page and Referrer Policy) is in the job itself, for whichever worker claims it.
    private var scanning = true
    private var batchesEnqueued = 0

    /// Jobs claimed at once: small, so a worker that dies takes few jobs down with it.
    static let claimBatch = 4
    /// How often a worker with nothing to claim looks again (others' leases may finish or expire).
    static let idlePoll: Duration = .milliseconds(500)
    /// How often a worker with nothing to claim, while its own scan goes on, looks for a new batch.
    static let scanPoll: Duration = .milliseconds(10)
    /// Jobs enqueued per statement.
    static let enqueueBatch = 500
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
        return SharedHostGate(slots: slots, report: report) { host in
            let rule = rules.rule(forHost: host)
            return (rule?.concurrency, rule?.interval)
        }
    }

    func fetch<Output: OutputSink>(_ pending: HandOff<ImageWork>, run: FetchRun<Output, OpenArchive>, archive: OpenArchive,
                                   inFlight: Int) async throws {
        defer { heartbeat.stop() }
        // The local list keeps a group commit's worth of finished downloads waiting beside the
        // transfers; a worker holds leases only for the transfers plus one claim: jobs it holds
        // are jobs no other worker can take, and would wait for a lease to expire if it died.
        // (The group commit flushes within 10 ms anyway.)
        let window = min(max(inFlight, 1), max(inFlight - archive.store.batchObjects, Self.claimBatch) + Self.claimBatch)
        // What failed before this worker started was an earlier run's: retried.
        let started = try await archive.lanes.run { [self] in Result { try locked { try queue.serverNow() } } }.get()
        archive.rows.route { [self] rows in try commit(rows) }
        try await status(archive, force: true)
        async let enqueued: Void = enqueue(from: pending, archive: archive, failedBefore: started)
        do {
            try await work(run: run, archive: archive, window: window)
        } catch {
            pending.close()
            try? await enqueued
            throw error
        }
        try await enqueued
    }

    /// Turns the scan's batches into jobs as they come; on a failure the scan is stopped too.
    private func enqueue(from pending: HandOff<ImageWork>, archive: OpenArchive, failedBefore started: Date) async throws {
        defer { lock.withLock { scanning = false } }
        while let first = await pending.next() {
            let batch = [first] + pending.drain(limit: Self.enqueueBatch - 1)
            do {
                try await archive.lanes.run { [self] in
                    Result {
                        try locked {
                            _ = try queue.enqueue(batch.map { WorkQueue.Job(url: $0.url, post: $0.post, page: $0.page,
                                                                             policy: $0.policy.rawValue, fallback: $0.fallback,
                                                                             original: $0.original) })
                            _ = try queue.retryFailed(batch.map(\.url), failedBefore: started)
                        }
                    }
                }.get()
            } catch {
                pending.close()
                lock.withLock { claimFailure = claimFailure ?? error }
                throw error
            }
            lock.withLock { batchesEnqueued += 1 }
        }
    }

    /// What fetching a claimed job takes, as the worker that queued it planned it (a job queued
    /// by an older version has no page: fetched without one, under the default policy).
    static func work(for lease: WorkQueue.Lease) -> ImageWork {
        ImageWork(url: lease.url, page: lease.page, policy: lease.policy.flatMap(ReferrerPolicy.init(rawValue:)) ?? .defaultPolicy,
                  post: lease.post, fallback: lease.fallback, original: lease.original)
    }

    /// Claims and fetches jobs, this worker's and the others', until the queue has none left
    /// pending or leased once the scan is over (or a stop was requested).
    private func work<Output: OutputSink>(run: FetchRun<Output, OpenArchive>, archive: OpenArchive, window: Int) async throws {
        while true {
            await withTaskGroup(of: Void.self) { group in
                var buffer: [WorkQueue.Lease] = []
                var exhausted = false
                // Claims as slots free up: a few jobs at a time, never more than are in flight.
                func startOne() async {
                    guard !exhausted, run.stop?.isRequested != true else { return }
                    if buffer.isEmpty { buffer = await claimOrWait(archive, stop: run.stop) }
                    if buffer.isEmpty { exhausted = true; return }
                    let lease = buffer.removeFirst()
                    let item = Self.work(for: lease)
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
            if counts.pending + counts.leased == 0, !lock.withLock({ scanning }) { break }
            try? await Task.sleep(for: Self.idlePoll)  // others' jobs: wait for them to finish, or expire and be ours
        }
        release(lock.withLock { Array(leases.values) })
        try await status(archive, force: true)
    }

    /// Claims the next few jobs; while this worker's scan goes on and none is free, waits for
    /// its next batch (or `idlePoll`, for other workers' jobs) and claims again. Empty when
    /// nothing is left to claim now, on a stop, or on a failure (kept for the caller to throw).
    private func claimOrWait(_ archive: OpenArchive, stop: StopRequest?) async -> [WorkQueue.Lease] {
        while true {
            let seen = lock.withLock { batchesEnqueued }
            let claimed: [WorkQueue.Lease]
            do { claimed = try await claim(archive) } catch {
                lock.withLock { claimFailure = claimFailure ?? error }
                return []
            }
            guard claimed.isEmpty else { return claimed }
            let waitStarted = ContinuousClock.now
            while lock.withLock({ scanning && batchesEnqueued == seen && claimFailure == nil }), stop?.isRequested != true,
                  ContinuousClock.now - waitStarted < Self.idlePoll {
                try? await Task.sleep(for: Self.scanPoll)
            }
            guard lock.withLock({ (scanning || batchesEnqueued != seen) && claimFailure == nil }), stop?.isRequested != true else { return [] }
        }
    }

    /// Claims the next few jobs and starts renewing their leases; returns the ones to fetch.
    private func claim(_ archive: OpenArchive) async throws -> [WorkQueue.Lease] {
        // Recorded and tracked on the lane, in the claim's own critical section: a hop back to
        // a starved cooperative pool can take longer than the lease, which would then expire
        // before its first renewal (and a commit must never see the job without its lease).
        try await archive.lanes.run { [self] in
            Result { try locked { adopt(try queue.claim(limit: Self.claimBatch, lease: lease)) } }
        }.get()
    }

    /// Records leases just claimed and starts renewing them; returns those to fetch. A job this
    /// worker still holds (its fetch in flight, or its rows not yet written) came back because
    /// its lease expired before a renewal reached PostgreSQL: the new claim replaces the old one
    /// for that fetch, which completes it, and the image is not fetched a second time.
    /// Call with `queueLock` held, so that no commit or settlement runs in between.
    private func adopt(_ claimed: [WorkQueue.Lease]) -> [WorkQueue.Lease] {
        let replaced: [WorkQueue.Lease] = lock.withLock {
            var replaced: [WorkQueue.Lease] = []
            for lease in claimed {
                if let old = leases[lease.url] { replaced.append(old) }
                leases[lease.url] = lease
            }
            return replaced
        }
        heartbeat.untrack(replaced)
        heartbeat.track(claimed)
        let again = Set(replaced.map(\.url))
        for lease in claimed where again.contains(lease.url) {
            report("notice: \(lease.url): this worker's lease on it expired before it was renewed (the process or PostgreSQL was too slow); "
                   + "claimed again (attempt \(lease.attempt)), it is not fetched twice")
        }
        return claimed.filter { !again.contains($0.url) }
    }

    /// Settles a job whose image came back: failures are given up on (a later run retries them),
    /// skipped images are done, unstarted ones go back; a fetched image is done when its rows commit.
    private func finish(_ lease: WorkQueue.Lease, _ line: ImageLine) {
        do {
            // The job's current claim, under the queue lock: the one it was fetched under, or
            // the one that replaced it when its lease expired meanwhile (see `adopt`).
            let settled: WorkQueue.Lease? = try locked {
                guard let current = lock.withLock({ leases[lease.url] }) else { return nil }  // committed already
                switch (line.kind, line.reason) {
                case (.failed, let reason):
                    _ = try queue.fail(current, reason: reason ?? "failed")
                case (.skipped, "not-started"):
                    try queue.release([current])
                case (.skipped, _):
                    _ = try catalog.complete([current], rows: [], on: queue)
                default:
                    return nil  // fetched: its rows are in the batcher, completed with them
                }
                return current
            }
            if let settled { forget([settled]) }
        } catch {
            report("error: \(lease.url): \(error); the job stays in the queue for the next run")
        }
    }

    /// Writes a batch of rows with the "done" of their jobs (the batcher's writer).
    private func commit(_ rows: [ObjectRows]) throws {
        // The claims are read under the queue lock: a claim replacing one of them (see `adopt`)
        // comes before or after this commit, never between the read and the write.
        let (held, completed) = try locked {
            let held = lock.withLock { rows.compactMap { $0.url.flatMap { leases[$0.url] } } }
            return (held, try catalog.complete(held, rows: rows, on: queue))
        }
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
