import Foundation

/// Runs blocking work (fsync, rename, SQLite commits, decoding) off Swift's cooperative pool,
/// which has only one thread per core: on two cores, two images waiting in `fsync` would
/// otherwise stall every other task. Each lane is a serial queue with a thread of its own.
final class BlockingLanes: @unchecked Sendable {
    // @unchecked: `next` is guarded by `lock`; the queues are thread-safe.
    private let lanes: [DispatchQueue]
    private let lock = NSLock()
    private var next = 0

    /// Creates `count` lanes.
    init(count: Int) {
        lanes = (0..<max(count, 1)).map { DispatchQueue(label: "mediavault.store.\($0)") }
    }

    /// Runs `body` on the next lane and waits for its result without blocking the caller's thread.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        let lane = lock.withLock {
            defer { next = (next + 1) % lanes.count }
            return lanes[next]
        }
        return await withCheckedContinuation { continuation in
            lane.async { continuation.resume(returning: body()) }
        }
    }
}
