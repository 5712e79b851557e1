import ArchiveStore
import Foundation

/// Collects the catalog rows of stored objects and writes them in batches: one SQLite commit
/// per image was the slowest serial step of a mirror. Rows still follow their durable bytes,
/// so a crash before a flush leaves orphan objects, which the next `mirror` adopts.
final class CatalogBatcher: @unchecked Sendable {
    // @unchecked: `pending`, `lastFlush` and `scheduled` are guarded by `lock`; `flushing` serialises writes.
    private let lock = NSLock()
    private let flushing = NSLock()
    private var pending: [ObjectRows] = []
    private var lastFlush = ContinuousClock.now
    private var uncatalogued: [(url: String, message: String)] = []
    /// Whether a write is queued on `background` (at most one at a time).
    private var scheduled = false
    /// Where full batches are written.
    private let background = DispatchQueue(label: "mediavault.catalog-rows")
    private let catalog: any CatalogStore
    private let report: @Sendable (String) -> Void
    // Set once by a shared-queue run (guarded by `lock`): rows are then written with their jobs' "done".
    private var writer: (@Sendable ([ObjectRows]) throws -> Void)?

    /// Rows held at most before a write.
    static let batchSize = 64
    /// Longest a row waits for its batch.
    static let maxDelay: Duration = .milliseconds(100)

    /// Creates a batcher writing to `catalog`; `report` hears about rows that could not be written.
    init(catalog: any CatalogStore, report: @escaping @Sendable (String) -> Void) {
        self.catalog = catalog
        self.report = report
    }

    /// Sends every later batch through `writer` instead of `recordObjects` (a worker of a
    /// shared queue commits the rows together with its jobs, see `SharedQueue`).
    func route(through writer: @escaping @Sendable ([ObjectRows]) throws -> Void) {
        lock.withLock { self.writer = writer }
    }

    /// Queues the rows of one object; when the batch is full or old enough it is written on the
    /// batcher's own thread, so the caller (a download's task) never waits for SQLite.
    func add(_ rows: ObjectRows) {
        let due = lock.withLock {
            pending.append(rows)
            guard !scheduled, pending.count >= Self.batchSize || ContinuousClock.now - lastFlush >= Self.maxDelay else { return false }
            scheduled = true
            return true
        }
        if due {
            background.async { [self] in
                lock.withLock { scheduled = false }
                flush()
            }
        }
    }

    /// Writes everything queued (blocking, after any batch being written); falls back to one
    /// transaction per object on error.
    func flush() {
        flushing.withLock {
            let (batch, writer) = lock.withLock {
                defer { pending.removeAll(); lastFlush = ContinuousClock.now }
                return (pending, self.writer)
            }
            guard !batch.isEmpty else { return }
            let catalog = self.catalog
            let write = writer ?? { try catalog.recordObjects($0) }
            do { try write(batch) } catch {
                for rows in batch {
                    do { try write([rows]) } catch {
                        let message = "stored as objects/\(rows.object.sha256.prefix(2))/\(rows.object.sha256).\(rows.object.ext) but not catalogued: \(error); the next mirror adopts it"
                        report("error: \(rows.url?.url ?? rows.object.sha256): \(message)")
                        if let url = rows.url?.url { lock.withLock { uncatalogued.append((url, message)) } }
                    }
                }
            }
        }
    }

    /// The URLs whose rows could not be written since the last call (their `fetched` line was
    /// already printed; the run reports them again as failed so its exit status tells the truth).
    func takeUncatalogued() -> [(url: String, message: String)] {
        lock.withLock {
            defer { uncatalogued.removeAll() }
            return uncatalogued
        }
    }
}
