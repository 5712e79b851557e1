import Foundation

/// A few connections to one database, shared by threads: each call borrows an idle connection
/// (or opens one, up to `limit`), and returns it afterwards unless it broke.
///
/// A `PGConnection` serves one thread at a time; the mirror's lanes and the verbs call the
/// catalog from several. A broken connection (the server restarted) is dropped, so the next
/// call connects again instead of failing forever.
final class PGPool: @unchecked Sendable {
    private let url: String
    private let limit: Int
    // Guards `idle` and `open`; waiting callers sleep on it until a connection comes back.
    private let condition = NSCondition()
    private var idle: [PGConnection] = []
    private var open = 0

    /// A pool for `url` holding at most `limit` connections.
    init(url: String, limit: Int) {
        self.url = url
        self.limit = max(limit, 1)
    }

    /// Runs `body` on a borrowed connection.
    func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        let connection = try borrow()
        defer { giveBack(connection) }
        return try body(connection)
    }

    /// An idle connection, a new one when none is idle and the limit allows, else waits.
    private func borrow() throws -> PGConnection {
        condition.lock()
        while idle.isEmpty && open >= limit { condition.wait() }
        if let connection = idle.popLast() {
            condition.unlock()
            return connection
        }
        open += 1
        condition.unlock()
        do {
            return try PGConnection(url: url)
        } catch {
            condition.withLock {
                open -= 1
                condition.signal()
            }
            throw error
        }
    }

    /// Puts `connection` back, or forgets it when it broke.
    private func giveBack(_ connection: PGConnection) {
        condition.withLock {
            if connection.isHealthy { idle.append(connection) } else { open -= 1 }
            condition.signal()
        }
    }
}
