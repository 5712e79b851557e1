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

extension StopRequest {
    /// Whether a job should stop before its next unit of work (a post, a fan-out folder, a page,
    /// an object): polled between units, so the unit in flight always finishes.
    public func shouldStop() -> Bool {
        FaultPace.shared?.pause()
        return isRequested
    }

    /// The signal's name for the summary, when the run was stopped.
    public var stopSignal: StopSignal? { StopSignal(number: signal) }
}

/// Thrown out of a job's inner loop when a stop was requested, back to where it prints its summary.
public struct Stopped: Error, Sendable {
    /// Creates the marker.
    public init() {}

    /// Runs `body`; a `Stopped` it throws ends it quietly, any other error goes on.
    public static func catching(_ body: () async throws -> Void) async rethrows {
        do { try await body() } catch is Stopped {}
    }
}

/// Fault injection for the signal tests: `MEDIAVAULT_FAULT_PACE=SECONDS` makes every poll of
/// the stop request sleep that long (a job then takes long enough to be interrupted in the
/// middle, on any machine) and says so once on stderr. Read once; nil in normal runs.
final class FaultPace: @unchecked Sendable {
    // @unchecked: `announced` is touched only under `lock`; `seconds` is immutable.
    /// The pace the environment asks for, or nil (the normal case).
    static let shared: FaultPace? = ProcessInfo.processInfo.environment["MEDIAVAULT_FAULT_PACE"]
        .flatMap(Double.init).flatMap { $0 > 0 ? FaultPace(seconds: $0) : nil }

    private let seconds: Double
    private let lock = NSLock()
    private var announced = false

    private init(seconds: Double) { self.seconds = seconds }

    /// Sleeps one pace; the first call says so on stderr.
    func pause() {
        let first = lock.withLock { () -> Bool in
            defer { announced = true }
            return !announced
        }
        if first {
            let note = "mediavault: fault: pacing each unit of work by \(seconds) s (MEDIAVAULT_FAULT_PACE)\n"
            _ = note.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        }
        usleep(useconds_t(seconds * 1_000_000))
    }

    /// Sleeps ten paces inside a unit of work that has begun (past its stop check), saying
    /// `fault: inside UNIT` on stderr first each time, so a test can signal while that unit is
    /// in flight and check that it still finishes (ten paces: a window wide enough for the
    /// test to see the note and signal, while the many per-folder paces stay short).
    func pause(inside unit: String) {
        let note = "mediavault: fault: inside \(unit)\n"
        _ = note.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        usleep(useconds_t(seconds * 10 * 1_000_000))
    }
}
