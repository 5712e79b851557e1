import Foundation

/// Runs blocking work (network requests) on `width` Dispatch threads, off Swift's cooperative
/// pool: requests wait on the network, not the CPU, so more of them than cores are in flight.
enum ThreadFanOut {
    /// `body(0) … body(count - 1)`, each index taken by whichever thread is free next; results in index order.
    static func map<T: Sendable>(_ count: Int, width: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count: count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(width, count)) {
            DispatchQueue.global().async(group: group) {
                while let index = slots.take() { slots.set(index, body(index)) }
            }
        }
        group.wait()
        return slots.values
    }

    /// Results filled in by several threads, each at its own index, and the next index to take.
    private final class Slots<T: Sendable>: @unchecked Sendable {
        // @unchecked: every access holds `lock`.
        private let lock = NSLock()
        private var slots: [T?]
        private var next = 0

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        /// The next index not yet taken, or nil when all are.
        func take() -> Int? {
            lock.withLock {
                guard next < slots.count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }

        /// Every result (all filled once the threads are done).
        var values: [T] { lock.withLock { slots.compactMap { $0 } } }
    }
}
