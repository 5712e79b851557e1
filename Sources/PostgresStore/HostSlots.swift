import Foundation

/// Per-host politeness shared by every worker on every machine: at most `concurrency` requests
/// to a host in flight across all of them, and starts at least `interval` apart.
///
/// Concurrency is a set of session-level advisory locks, one per (host, slot): a request holds
/// one for as long as it runs. A worker that dies loses its connection and PostgreSQL releases
/// its locks at once, so a crash never leaves a host blocked (a table of slots would need leases).
/// The interval is one row per host (`host_pace`) whose `next_start` each request moves forward
/// atomically, then sleeps until the start it reserved.
///
/// One connection per process, on the caller's threads: calls are short, serialised by a lock.
public final class HostSlots: @unchecked Sendable {
    /// A held slot: release it when the request ends.
    public struct Slot: Sendable, Hashable {
        /// The host.
        public let host: String
        /// Which of its `concurrency` slots.
        public let index: Int
    }

    private let url: String
    // Guards `connection` (replaced after the server went away) and `held`.
    private let lock = NSLock()
    private var connection: PGConnection?
    // Slots this process holds: an advisory lock is re-entrant within its session, so the
    // server alone would let two requests of this process share one slot.
    private var held: Set<Slot> = []
    /// How long to wait before trying again when every slot of a host is taken.
    private let poll: TimeInterval

    /// Slots over a new connection to `url` (the catalog's URL, migrated); throws when it cannot connect.
    public init(url: String, poll: TimeInterval = 0.02) throws {
        self.url = url
        self.poll = poll
        connection = try PGConnection(url: url)
    }

    /// Takes one of the `concurrency` slots of `host`, waiting (polling) while all are held.
    public func acquire(_ host: String, concurrency: Int) throws -> Slot {
        while true {
            if let slot = try tryAcquire(host, concurrency: concurrency) { return slot }
            Thread.sleep(forTimeInterval: poll)
        }
    }

    /// Takes a free slot of `host` if one of its `concurrency` slots is free, else returns nil at once.
    public func tryAcquire(_ host: String, concurrency: Int) throws -> Slot? {
        let hostKey = Self.key(host)
        for index in 0..<max(concurrency, 1) {
            let slot = Slot(host: host, index: index)
            let taken = try run { connection -> Bool in
                guard !held.contains(slot),
                      try connection.execute("SELECT pg_try_advisory_lock($1::int, $2::int)", [hostKey, index]).scalar == "t"
                else { return false }
                held.insert(slot)
                return true
            }
            if taken { return slot }
        }
        return nil
    }

    /// Gives a slot back. When the connection was lost meanwhile, the server already released it.
    public func release(_ slot: Slot) {
        _ = try? run { connection in
            held.remove(slot)
            try connection.execute("SELECT pg_advisory_unlock($1::int, $2::int)", [Self.key(slot.host), slot.index])
        }
    }

    /// Reserves the next start time for a request to `host`, `interval` after the previous
    /// reservation (or now), and returns how long to wait for it.
    public func reserveStart(_ host: String, interval: TimeInterval) throws -> TimeInterval {
        let rows = try run { connection in
            try connection.execute("""
                INSERT INTO host_pace AS p (host, next_start) VALUES ($1, clock_timestamp() + make_interval(secs => $2::double precision))
                ON CONFLICT (host) DO UPDATE
                    SET next_start = greatest(p.next_start, clock_timestamp()) + make_interval(secs => $2::double precision)
                RETURNING extract(epoch FROM (p.next_start - clock_timestamp()))::double precision - $2::double precision AS wait
                """, [host, interval])
        }
        return max(0, Double(rows.scalar ?? "0") ?? 0)
    }

    /// Runs `body` on the connection, reconnecting first when it broke.
    private func run<T>(_ body: (PGConnection) throws -> T) throws -> T {
        try lock.withLock {
            if connection?.isHealthy != true {
                held.removeAll()  // the server released the old session's locks with it
                connection = try PGConnection(url: url)
            }
            guard let connection else { throw PGError(sqlState: "", message: "no connection", operation: "connect") }
            return try body(connection)
        }
    }

    /// A 32-bit advisory-lock key for a host name (FNV-1a: stable across processes and machines,
    /// unlike Swift's seeded `hashValue`). Two hosts sharing a key only share their slots.
    static func key(_ host: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in host.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(Int32(bitPattern: hash))
    }
}
