import Fetcher
import Foundation
import PostgresStore

/// Per-host politeness kept across every worker of a shared queue: concurrency through the
/// catalog's host slots (advisory locks), intervals through its `host_pace` table. A slot query
/// that fails (the connection was cut, the server restarted) is tried again on a new connection
/// a few times; only a PostgreSQL that stays unreachable lets the request go ahead without its
/// slot rather than hang, said through `report`: the catalog write that follows then fails with
/// the clear error, and the job stays for a rerun.
struct SharedHostGate: RequestGate {
    /// The slots and pace, on a connection of this process.
    let slots: HostSlots
    /// The rules' limits of a host.
    let limits: HostGate.Limits
    /// Hears about a request that goes ahead without its slot.
    let report: @Sendable (String) -> Void
    /// The slots this process holds, by host (any of a host's slots may be given back).
    let held = HeldSlots()
    /// How long to wait between two tries for a taken slot.
    static let poll: Duration = .milliseconds(20)
    /// Failed slot queries in a row before a request goes ahead without a slot (with the pauses
    /// below, about 1.5 s for a server to come back).
    static let failedTries = 5
    /// The pause after the first failed slot query, doubled after each further one.
    static let retryPause: Duration = .milliseconds(100)

    /// Creates the gate over `slots` with each host's `limits`.
    init(slots: HostSlots, report: @escaping @Sendable (String) -> Void = { _ in }, limits: @escaping HostGate.Limits) {
        self.slots = slots
        self.report = report
        self.limits = limits
    }

    func enter(_ host: String) async {
        let (concurrency, interval) = limits(host)
        if let concurrency {
            var failures = 0
            while true {
                do {
                    if let slot = try slots.tryAcquire(host, concurrency: concurrency) {
                        held.push(slot)
                        break
                    }
                    failures = 0
                    try? await Task.sleep(for: Self.poll)
                } catch {
                    // The failed query left the connection marked broken: the next try connects again.
                    failures += 1
                    guard failures < Self.failedTries else {
                        report("notice: \(host): cannot take a host slot (\(error)); the request goes ahead without it")
                        break
                    }
                    try? await Task.sleep(for: Self.retryPause * (1 << (failures - 1)))
                }
            }
        }
        if let interval, interval > 0, let wait = try? slots.reserveStart(host, interval: interval), wait > 0 {
            try? await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
        }
    }

    func leave(_ host: String) async {
        if let slot = held.pop(host) { slots.release(slot) }
    }
}

/// Slots held by this process, by host.
final class HeldSlots: @unchecked Sendable {
    // @unchecked: `slots` is guarded by `lock`.
    private let lock = NSLock()
    private var slots: [String: [HostSlots.Slot]] = [:]

    /// Remembers a slot just taken.
    func push(_ slot: HostSlots.Slot) { lock.withLock { slots[slot.host, default: []].append(slot) } }

    /// Takes back one slot of `host`, if this process holds one.
    func pop(_ host: String) -> HostSlots.Slot? { lock.withLock { slots[host]?.popLast() } }
}
