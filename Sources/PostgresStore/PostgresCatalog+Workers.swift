import ArchiveStore
import Foundation

extension PostgresCatalog {
    /// A work queue on a connection of its own for `worker` (claims and completions must not
    /// wait behind the pool's other calls, and a completion is one transaction with its rows).
    public func workQueue(worker: String = WorkQueue.defaultWorkerName) throws -> WorkQueue {
        do {
            return WorkQueue(connection: try PGConnection(url: url), worker: worker)
        } catch let error as PGError {
            throw error.within("cannot open the work queue of the catalog \(name)")
        }
    }

    /// A heartbeat renewing `worker`'s leases every `interval` to `extendBy`, on its own connection.
    public func leaseHeartbeat(worker: String, interval: Duration, extendBy: Duration) throws -> LeaseHeartbeat {
        try LeaseHeartbeat(url: url, worker: worker, interval: interval, extendBy: extendBy)
    }

    /// Per-host politeness shared with every other worker of this catalog.
    public func hostSlots() throws -> HostSlots { try HostSlots(url: url) }

    /// In one transaction on `queue`'s connection: marks the jobs of `leases` still held as done
    /// and writes the rows of their URLs, plus `rows` that belong to no lease (an image fetched
    /// again by placeholder repair, say). Rows of a lease another worker took over are not
    /// written: that worker writes its own. Returns the leases completed.
    @discardableResult
    public func complete(_ leases: [WorkQueue.Lease], rows: [ObjectRows], on queue: WorkQueue) throws -> [WorkQueue.Lease] {
        let leased = Set(leases.map(\.url))
        do {
            // No job to settle (WorkQueue.complete would then skip the body): the rows alone.
            guard !leases.isEmpty else {
                try queue.connection.transaction { try Self.insert(rows, queue.connection) }
                return []
            }
            return try queue.complete(leases) { completed in
                let mine = Set(completed.map(\.url))
                let batch = rows.filter { row in
                    guard let url = row.url?.url, leased.contains(url) else { return true }
                    return mine.contains(url)
                }
                try Self.insert(batch, queue.connection)
            }
        } catch let error as PGError {
            throw error.within("cannot record \(rows.count) objects and \(leases.count) finished jobs in the catalog \(name)")
        }
    }
}
