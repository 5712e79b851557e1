import Foundation

/// Renews a worker's leases on its own thread and connection while the worker downloads, and
/// stops renewing the ones another worker has taken over (the worker learns that when it
/// commits: ``WorkQueue/complete(_:body:)`` refuses them).
///
/// Its own connection because a `PGConnection` serves one thread, and because the worker's
/// connection may be busy committing a batch when a renewal is due. A renewal that fails (the
/// server restarting) is retried at the next tick on a new connection; leases that expire
/// meanwhile are simply claimable by others, which ``WorkQueue/complete(_:body:)`` then detects.
public final class LeaseHeartbeat: @unchecked Sendable {
    private let url: String
    private let worker: String
    private let interval: Duration
    private let extendBy: Duration
    // Guards everything below: the worker's thread adds and removes leases, the heartbeat thread renews them.
    private let condition = NSCondition()
    private var tracked: Set<WorkQueue.Lease> = []
    private var lastFailure: Error?
    private var stopping = false
    private var thread: Thread?
    // The first connection, made in init (so a bad URL throws there) and handed to the thread.
    private var firstQueue: WorkQueue?

    /// Starts renewing every `interval`, each time to `extendBy` from then, over a new
    /// connection to `url` (the catalog's `postgresql://` URL); throws when it cannot connect.
    public init(url: String, worker: String, interval: Duration, extendBy: Duration) throws {
        self.url = url
        self.worker = worker
        self.interval = interval
        self.extendBy = extendBy
        firstQueue = WorkQueue(connection: try PGConnection(url: url), worker: worker)
        // The thread keeps the heartbeat alive until stop(): the worker may drop its reference first.
        let thread = Thread { self.run() }
        thread.name = "mediavault lease heartbeat"
        self.thread = thread
        thread.start()
    }

    /// Starts renewing `leases` (just claimed).
    public func track(_ leases: [WorkQueue.Lease]) {
        condition.withLock { tracked.formUnion(leases) }
    }

    /// Stops renewing `leases` (completed, failed or released).
    public func untrack(_ leases: [WorkQueue.Lease]) {
        condition.withLock { tracked.subtract(leases) }
    }

    /// The error of the last renewal, nil when it succeeded.
    public var failure: Error? { condition.withLock { lastFailure } }

    /// Stops the thread (after the renewal in progress, if any); the leases keep their expiry.
    /// Call it when the worker is done: the thread runs until then.
    public func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }

    /// The heartbeat thread: sleep an interval (or until stopped), renew, repeat.
    private func run() {
        var queue: WorkQueue? = condition.withLock {
            defer { firstQueue = nil }
            return firstQueue
        }
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        while true {
            let leases: Set<WorkQueue.Lease>? = condition.withLock {
                let deadline = Date().addingTimeInterval(seconds)
                while !stopping, condition.wait(until: deadline) {}
                return stopping ? nil : tracked
            }
            guard let leases else { return }
            guard !leases.isEmpty else { continue }
            do {
                if let current = queue, !current.connection.isHealthy { queue = nil }
                let current = try queue ?? WorkQueue(connection: PGConnection(url: url), worker: worker)
                queue = current
                let renewed = try current.heartbeat(Array(leases), extendBy: extendBy)
                condition.withLock {
                    // Not renewed: taken over or finished; renewing them again is pointless.
                    tracked.subtract(leases.subtracting(renewed))
                    lastFailure = nil
                }
            } catch {
                condition.withLock { lastFailure = error }
                queue = nil
            }
        }
    }
}
