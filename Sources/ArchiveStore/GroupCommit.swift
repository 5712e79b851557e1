import Foundation

/// Collects finished downloads from many tasks and makes them durable together: a batch is
/// committed when `maxObjects` wait, or when the oldest has waited `maxDelay`, whichever comes
/// first — or at once when no download that could still join it is in progress (the last
/// objects of a run do not wait out the delay). The first submitter with no batch running
/// becomes the leader and commits batches until none is waiting (as databases' group commit
/// does), so nothing runs while idle.
final class GroupCommit: @unchecked Sendable {
    // @unchecked: `waiting`, `leading`, `batches` and `unsettled` are guarded by `condition`; the rest is immutable.
    /// When a batch is due.
    struct Limits: Sendable {
        /// Objects that make a batch due at once.
        var maxObjects: Int
        /// Longest an object waits for its batch to fill.
        var maxDelay: Duration
        /// The default: 64 objects or 10 ms (at loopback speed ~1,000 objects/s arrive, so a
        /// batch holds what came while the previous one was being flushed).
        static let standard = Limits(maxObjects: 64, maxDelay: .milliseconds(10))
    }

    private struct Waiting {
        let entry: BatchCommit.Entry
        let since: ContinuousClock.Instant
        let done: @Sendable (Result<StoredObject, Error>) -> Void
    }

    private let condition = NSCondition()
    private var waiting: [Waiting] = []
    private var leading = false
    private var batches = 0
    /// Tracked pending objects not yet submitted or discarded: downloads that may join a batch.
    private var unsettled = 0
    /// Batches committed so far (objects per batch = saves / batches).
    var batchCount: Int { condition.lock(); defer { condition.unlock() }; return batches }
    private let committer: BatchCommit
    private let limits: Limits
    private let leader = DispatchQueue(label: "mediavault.group-commit")

    /// Creates a group commit over `committer`.
    init(committer: BatchCommit, limits: Limits) {
        self.committer = committer
        self.limits = limits
    }

    /// Counts `pending` as a download that may still be submitted, until it is (or is discarded).
    func track(_ pending: PendingObject) {
        condition.withLock { unsettled += 1 }
        pending.settling = { [weak self] in self?.settled() }
    }

    /// A tracked object was discarded or dropped: the batch may no longer need to wait for it.
    private func settled() {
        condition.withLock {
            unsettled -= 1
            condition.signal()
        }
    }

    /// Queues one object; `done` runs (on the committing thread) once it is durable or failed.
    func submit(_ entry: BatchCommit.Entry, done: @escaping @Sendable (Result<StoredObject, Error>) -> Void) {
        entry.pending.startWriteback()  // the disk starts on it while the batch fills
        // Uncounted under the same lock as the append: the leader never sees it in neither place.
        let tracked = entry.pending.settling != nil
        entry.pending.settling = nil
        condition.lock()
        if tracked { unsettled -= 1 }
        waiting.append(Waiting(entry: entry, since: .now, done: done))
        let lead = !leading
        leading = true
        if waiting.count >= limits.maxObjects || unsettled <= 0 { condition.signal() }
        condition.unlock()
        if lead { leader.async { self.lead() } }
    }

    /// Commits batches until nobody waits.
    private func lead() {
        while let batch = nextBatch() {
            let results = committer.commit(batch.map(\.entry))
            for (item, result) in zip(batch, results) { item.done(result) }
        }
    }

    /// Waits until a batch is due and takes it; nil (ending the leadership) when none waits.
    private func nextBatch() -> [Waiting]? {
        condition.lock()
        defer { condition.unlock() }
        guard let oldest = waiting.first?.since else {
            leading = false
            return nil
        }
        let deadline = Date() + Self.seconds(limits.maxDelay - (ContinuousClock.now - oldest))
        while waiting.count < limits.maxObjects, unsettled > 0, condition.wait(until: deadline) {}
        let batch = Array(waiting.prefix(limits.maxObjects * 4))
        waiting.removeFirst(batch.count)
        batches += 1
        return batch
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return max(0, Double(seconds) + Double(attoseconds) / 1e18)
    }
}
