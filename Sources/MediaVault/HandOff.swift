import Foundation

/// A bounded first-in-first-out hand-off between the two halves of one run (scanning and
/// fetching): `send` waits while `capacity` elements are waiting, so a producer far ahead of
/// its consumer waits instead of filling memory; `next` waits while none is.
///
/// Why not swift-async-algorithms' `AsyncChannel`: it holds no buffer (each send waits for its
/// receive, so the scanner would stop at every image the fetchers have not yet taken), it
/// cannot say how full it is (the scanner asks that to decide when to hand a batch over), and
/// it would add a package to build for fifty lines.
///
/// Every path out of a run must `finish` (producer) or `close` (consumer): a task waiting in
/// `send` or `next` is resumed only by the other side, never by cancellation.
final class HandOff<Element: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property below is touched only under `lock`.
    private let lock = NSLock()
    private var buffer: [Element] = []
    private var head = 0
    private var receivers: [CheckedContinuation<Element?, Never>] = []
    // Senders waiting for room, resumed with false: try again.
    private var senders: [CheckedContinuation<Bool?, Never>] = []
    private var finished = false
    private var closed = false
    private var most = 0
    private var sent = 0

    /// The most elements that wait at once.
    let capacity: Int

    /// A hand-off holding at most `capacity` (at least 1) waiting elements.
    init(capacity: Int) { self.capacity = max(capacity, 1) }

    /// Elements waiting to be taken.
    var count: Int { lock.withLock { buffer.count - head } }

    /// The most elements that ever waited at once (never above `capacity`).
    var highWater: Int { lock.withLock { most } }

    /// Elements handed over so far (taken or waiting).
    var sentCount: Int { lock.withLock { sent } }

    /// Hands `element` over, waiting while the hand-off is full; false when the consumer closed
    /// it (the element is dropped) or the producer already finished.
    func send(_ element: Element) async -> Bool {
        while true {
            // Resumed with true to deliver now, false to retry after a wait for room.
            let outcome: Bool? = await withCheckedContinuation { (waiting: CheckedContinuation<Bool?, Never>) in
                lock.lock()
                if closed || finished {
                    lock.unlock()
                    waiting.resume(returning: nil)
                } else if !receivers.isEmpty {
                    let receiver = receivers.removeFirst()
                    sent += 1
                    lock.unlock()
                    receiver.resume(returning: element)
                    waiting.resume(returning: true)
                } else if buffer.count - head < capacity {
                    buffer.append(element)
                    sent += 1
                    most = max(most, buffer.count - head)
                    lock.unlock()
                    waiting.resume(returning: true)
                } else {
                    senders.append(waiting)
                    lock.unlock()
                }
            }
            switch outcome {
            case true?: return true
            case nil: return false
            case false?: continue
            }
        }
    }

    /// The next element, waiting while none is there; nil once the producer finished and every
    /// element was taken, or the hand-off was closed.
    func next() async -> Element? {
        await withCheckedContinuation { (waiting: CheckedContinuation<Element?, Never>) in
            lock.lock()
            if let element = takeLocked() {
                let sender = senders.isEmpty ? nil : senders.removeFirst()
                lock.unlock()
                sender?.resume(returning: false)  // room for one more: the sender tries again
                waiting.resume(returning: element)
            } else if finished || closed {
                lock.unlock()
                waiting.resume(returning: nil)
            } else {
                receivers.append(waiting)
                lock.unlock()
            }
        }
    }

    /// Every element waiting now, without waiting for more (up to `limit`).
    func drain(limit: Int = .max) -> [Element] {
        lock.lock()
        var taken: [Element] = []
        while taken.count < limit, let element = takeLocked() { taken.append(element) }
        let woken = senders
        senders.removeAll()
        lock.unlock()
        for sender in woken { sender.resume(returning: false) }
        return taken
    }

    /// The producer is done: `next` returns what is left, then nil.
    func finish() { end(dropping: false) }

    /// The consumer is done: what waits is dropped, and every `send` from now on returns false.
    func close() { end(dropping: true) }

    /// Ends the hand-off and resumes whoever waits: receivers with nil (nothing is left for them,
    /// or they would not wait), senders to try again and find it ended.
    private func end(dropping: Bool) {
        lock.lock()
        if dropping {
            closed = true
            buffer.removeAll()
            head = 0
        } else {
            finished = true
        }
        let waiting = receivers, blocked = senders
        receivers.removeAll()
        senders.removeAll()
        lock.unlock()
        for receiver in waiting { receiver.resume(returning: nil) }
        for sender in blocked { sender.resume(returning: false) }
    }

    /// Takes the first waiting element (call with `lock` held); compacts the buffer now and then.
    private func takeLocked() -> Element? {
        guard head < buffer.count else { return nil }
        let element = buffer[head]
        head += 1
        if head == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= buffer.count {
            buffer.removeFirst(head)
            head = 0
        }
        return element
    }
}
