import Foundation

/// A few threads for blocking system calls (fsync of files and folders): fsync waits on the
/// disk, not the CPU, so several in flight let the disk write them together even on two cores,
/// where Swift's pool (one thread per core) and `concurrentPerform` would allow only two.
final class SyncLanes: Sendable {
    private let queues: [DispatchQueue]

    /// Creates `count` lanes.
    init(count: Int) {
        queues = (0..<max(count, 1)).map { DispatchQueue(label: "mediavault.sync.\($0)") }
    }

    /// Applies `body` to every element, spread over the lanes, and waits for all; results keep the order.
    func map<Element, Result>(_ elements: [Element], _ body: @escaping @Sendable (Element) -> Result) -> [Result] {
        guard elements.count > 1 else { return elements.map(body) }
        let results = ResultSlots<Result>(count: elements.count)
        let group = DispatchGroup()
        let width = min(queues.count, elements.count)
        nonisolated(unsafe) let elements = elements  // read-only while the lanes run
        for lane in 0..<width {
            queues[lane].async(group: group) {
                for index in stride(from: lane, to: elements.count, by: width) { results.set(index, body(elements[index])) }
            }
        }
        group.wait()
        return results.values
    }
}

/// Results written by several threads, each to its own index.
private final class ResultSlots<Value>: @unchecked Sendable {
    // @unchecked: each index is written by exactly one lane, and read only after the group's wait.
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) { slots[index] = value }

    var values: [Value] { slots.map { $0! } }
}
