import Foundation
@testable import MediaVault
@testable import PostgresStore
import Testing
import TestSupport

/// The gate that keeps a host's concurrency across workers (advisory locks in the catalog)
/// when its PostgreSQL connection is cut under it.
@Suite(.testServer(.postgres))
struct SharedHostGateTests {
    @Test func aCutConnectionIsMadeAgainAndTheRequestStillTakesItsSlot() async throws {
        let database = try WorkerDatabase()
        let slots = try HostSlots(url: database.url)
        let notices = Notices()
        let gate = SharedHostGate(slots: slots, report: { notices.add($0) }) { _ in (concurrency: 1, interval: nil) }
        // The server ends the gate's session, as a restart does; the gate's next query fails on it.
        #expect(try database.dropConnections() == 1, "the gate's connection was the one open")

        await gate.enter("slow.test")
        // Another worker must now find the host's only slot taken.
        let other = try database.connect()
        let free = try other.execute("SELECT pg_try_advisory_lock($1::int, 0)", [HostSlots.key("slow.test")]).scalar
        #expect(free == "f", "the request went ahead without its slot: \(notices.all)")
        #expect(notices.all.isEmpty, "\(notices.all)")
        await gate.leave("slow.test")
        #expect(try other.execute("SELECT pg_try_advisory_lock($1::int, 0)", [HostSlots.key("slow.test")]).scalar == "t",
                "the slot is given back")
    }
}

/// Messages a gate reported, from any thread.
private final class Notices: @unchecked Sendable {
    // @unchecked: `messages` is guarded by `lock`.
    private let lock = NSLock()
    private var messages: [String] = []

    /// Keeps one message.
    func add(_ message: String) { lock.withLock { messages.append(message) } }

    /// Every message so far.
    var all: [String] { lock.withLock { messages } }
}
