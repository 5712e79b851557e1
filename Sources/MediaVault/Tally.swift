import Foundation

/// Counts of one mirror run, updated from many tasks at once.
final class Tally: @unchecked Sendable {
    // @unchecked: every stored property is guarded by `lock`.
    private let lock = NSLock()
    private var counts = Counts()
    private var reasons: [String: Int] = [:]

    struct Counts {
        var fetched = 0
        var skipped = 0
        var failedInputs = 0
        /// Images not fetched because the run was asked to stop (SIGINT/SIGTERM).
        var notStarted = 0
    }

    /// Adds one to a counter.
    func add(_ counter: WritableKeyPath<Counts, Int>) {
        lock.lock(); defer { lock.unlock() }
        counts[keyPath: counter] += 1
    }

    /// Adds `count` to a counter.
    func add(_ counter: WritableKeyPath<Counts, Int>, by count: Int) {
        lock.lock(); defer { lock.unlock() }
        counts[keyPath: counter] += count
    }

    /// Takes one back from a counter (a result replaced by a later one).
    func remove(_ counter: WritableKeyPath<Counts, Int>) {
        lock.lock(); defer { lock.unlock() }
        counts[keyPath: counter] -= 1
    }

    /// Counts a failed image under its reason.
    func fail(_ reason: String) {
        lock.lock(); defer { lock.unlock() }
        reasons[reason, default: 0] += 1
    }

    var failed: Int { lock.lock(); defer { lock.unlock() }; return reasons.values.reduce(0, +) }
    var failedInputs: Int { lock.lock(); defer { lock.unlock() }; return counts.failedInputs }

    /// `reason ×N, …`, most frequent first.
    func reasonsLine() -> String {
        lock.lock(); defer { lock.unlock() }
        return reasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }

    /// The closing `summary` record; `interrupted` names the signal that stopped the run.
    /// `historyNotRecorded`: fetch-history writes the catalog refused (`FetchHistory`).
    func summary(interrupted: StopSignal? = nil, historyNotRecorded: Int = 0) -> MirrorSummary {
        lock.lock(); defer { lock.unlock() }
        return MirrorSummary(fetched: counts.fetched, skipped: counts.skipped, failed: reasons.values.reduce(0, +),
                             failedInputs: counts.failedInputs, reasons: reasons.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
                             interrupted: interrupted, notStarted: counts.notStarted,
                             historyNotRecorded: historyNotRecorded > 0 ? historyNotRecorded : nil)
    }

    /// The summary as one line for a person (stderr), for a run that was stopped early.
    func stoppedLine(signal: String) -> String {
        lock.lock(); defer { lock.unlock() }
        return "stopped by \(signal): \(counts.fetched) fetched, \(counts.skipped) skipped, \(reasons.values.reduce(0, +)) failed, "
            + "\(counts.notStarted) not started; the catalog is written: run the same command again to fetch the rest"
    }
}
