import Fetcher
import Foundation
import PostgresStore

/// Per-host politeness kept across every worker of a shared queue: concurrency through the
/// catalog's host slots (advisory locks), intervals through its `host_pace` table. A request
/// that cannot reach PostgreSQL to take a slot goes ahead rather than hang: the catalog write
/// that follows fails with the clear error, and the job stays for a rerun.
struct SharedHostGate: RequestGate {
    /// The slots and pace, on a connection of this process.
    let slots: HostSlots
    /// The rules' limits of a host.
    let limits: HostGate.Limits
    /// The slots this process holds, by host (any of a host's slots may be given back).
    let held = HeldSlots()
    /// How long to wait between two tries for a taken slot.
    static let poll: Duration = .milliseconds(20)

    func enter(_ host: String) async {
        let (concurrency, interval) = limits(host)
        if let concurrency {
            while true {
                do {
                    if let slot = try slots.tryAcquire(host, concurrency: concurrency) {
                        held.push(slot)
                        break
                    }
                } catch {
                    break
                }
                try? await Task.sleep(for: Self.poll)
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
