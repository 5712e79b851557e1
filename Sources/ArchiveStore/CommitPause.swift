import Foundation

/// Fault injection for the crash tests: `MEDIAVAULT_FAULT_COMMIT_PAUSE=PHASE:N` stops the Nth
/// batch commit at PHASE (`synced`: temp files flushed, not renamed; `renamed`: named, folders
/// not yet flushed; `durable`: durable, catalog rows not written), says so on stderr and sleeps
/// until killed, so a test can SIGKILL the process exactly inside a batch. Read once, at open.
final class CommitPause: @unchecked Sendable {
    // @unchecked: `batches` is guarded by `lock`; the rest is immutable.
    /// A point inside a batch commit.
    enum Phase: String, Sendable {
        /// Every temp file of the batch flushed, none renamed.
        case synced
        /// Renamed to their hash names, folders not yet flushed.
        case renamed
        /// Durable; the caller has not yet written catalog rows.
        case durable
    }

    private let phase: Phase
    private let batch: Int
    private let lock = NSLock()
    private var batches: [Phase: Int] = [:]

    /// The pause the environment asks for, or nil (the normal case).
    static func fromEnvironment() -> CommitPause? {
        guard let value = ProcessInfo.processInfo.environment["MEDIAVAULT_FAULT_COMMIT_PAUSE"] else { return nil }
        let parts = value.split(separator: ":")
        guard let phase = parts.first.flatMap({ Phase(rawValue: String($0)) }) else { return nil }
        return CommitPause(phase: phase, batch: parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }

    private init(phase: Phase, batch: Int) {
        self.phase = phase
        self.batch = batch
    }

    /// Called by the committer at each phase; sleeps for ever at the chosen one.
    func reached(_ phase: Phase, objects: Int) {
        guard phase == self.phase else { return }
        let count = lock.withLock {
            batches[phase, default: 0] += 1
            return batches[phase]!
        }
        guard count == batch else { return }
        FileHandle.standardError.write(Data("fault injection: batch \(count) of \(objects) object(s) paused after \(phase.rawValue)\n".utf8))
        while true { sleep(3600) }
    }
}
