import Foundation

/// A request to stop a run early, set from a signal handler (SIGINT, SIGTERM) and polled by
/// the job: no new transfers start, the ones in flight finish and are committed, the catalog
/// is written, and the run ends with `128 + signal`. Thread-safe.
public final class StopRequest: Sendable {
    // A Mutex would need macOS 15; the lock guards the two values below.
    private let state = LockedState()

    /// Creates a request that nobody has made yet.
    public init() {}

    /// Whether a job that stops gracefully is listening (otherwise a signal ends the process at once).
    public var isObserved: Bool { state.withLock { $0.observed } }

    /// Marks that a job now polls this request and will stop gracefully when it is made.
    public func observe() { state.withLock { $0.observed = true } }

    /// Records `signal`; returns true for the first request (stop gracefully), false when one
    /// was already made (the caller aborts at once).
    public func request(signal: Int32) -> Bool {
        state.withLock { value in
            guard value.signal == nil else { return false }
            value.signal = signal
            return true
        }
    }

    /// The signal that asked the run to stop, if any.
    public var signal: Int32? { state.withLock { $0.signal } }

    /// Whether the run should stop starting new work.
    public var isRequested: Bool { signal != nil }

    /// The exit status of a run stopped by the signal: 130 for SIGINT, 143 for SIGTERM (128 + n, as shells report it).
    public var exitStatus: Int32? { signal.map { 128 + $0 } }

    private final class LockedState: @unchecked Sendable {
        // @unchecked: `value` is touched only under `lock`.
        struct Value { var observed = false; var signal: Int32? }
        private let lock = NSLock()
        private var value = Value()
        func withLock<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
    }
}
