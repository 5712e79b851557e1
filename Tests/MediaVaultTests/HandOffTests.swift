import Foundation
import Testing
@testable import MediaVault

/// The bounded hand-off between scanning and fetching: order, the bound, and the ways out.
@Suite struct HandOffTests {
    /// A flag a task sets when it gets past a point, read by the test.
    final class Flag: @unchecked Sendable {
        // @unchecked: `value` is touched only under `lock`.
        private let lock = NSLock()
        private var value = false
        /// Whether the task got past its point.
        var isSet: Bool { lock.withLock { value } }
        /// Marks the point passed.
        func set() { lock.withLock { value = true } }
    }

    @Test func aFastProducerNeverHoldsMoreThanTheBoundAndEverythingArrivesInOrder() async {
        let handOff = HandOff<Int>(capacity: 4)
        let producer = Task {
            for number in 0..<200 { #expect(await handOff.send(number)) }
            handOff.finish()
        }
        var received: [Int] = []
        while let number = await handOff.next() {
            received.append(number)
            #expect(handOff.count <= 4)
            if number % 10 == 0 { try? await Task.sleep(for: .milliseconds(2)) }  // a slow consumer now and then
        }
        await producer.value
        #expect(received == Array(0..<200))
        #expect(handOff.highWater == 4, "the producer ran ahead until the bound stopped it")
        #expect(handOff.sentCount == 200)
    }

    @Test func aSendIntoAFullHandOffWaitsUntilOneIsTaken() async throws {
        let handOff = HandOff<String>(capacity: 2)
        #expect(await handOff.send("a"))
        #expect(await handOff.send("b"))
        let delivered = Flag()
        let third = Task {
            #expect(await handOff.send("c"))
            delivered.set()
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(!delivered.isSet && handOff.count == 2, "the third waits while two wait")
        #expect(await handOff.next() == "a")
        await third.value
        #expect(delivered.isSet && handOff.count == 2 && handOff.highWater == 2)
        #expect(handOff.drain() == ["b", "c"])
    }

    @Test func aWaitingReceiverGetsTheNextSendOrNilWhenTheProducerFinishes() async throws {
        let handOff = HandOff<Int>(capacity: 8)
        let first = Task { await handOff.next() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await handOff.send(7))
        #expect(await first.value == 7)
        let second = Task { await handOff.next() }
        try await Task.sleep(for: .milliseconds(50))
        handOff.finish()
        #expect(await second.value == nil)
        #expect(await handOff.send(8) == false, "nothing is sent after the producer finished")
    }

    @Test func closingReleasesABlockedSenderAndDropsWhatWaited() async throws {
        let handOff = HandOff<Int>(capacity: 1)
        #expect(await handOff.send(1))
        let blocked = Task { await handOff.send(2) }
        try await Task.sleep(for: .milliseconds(50))
        handOff.close()
        #expect(await blocked.value == false, "the consumer is gone: the sender is told, not left waiting")
        #expect(await handOff.next() == nil)
        #expect(handOff.count == 0)
    }

    @Test func whatWaitsWhenTheProducerFinishesIsStillTaken() async {
        let handOff = HandOff<Int>(capacity: 3)
        for number in 1...3 { #expect(await handOff.send(number)) }
        handOff.finish()
        #expect(await handOff.next() == 1)
        #expect(handOff.drain(limit: 1) == [2])
        #expect(await handOff.next() == 3)
        #expect(await handOff.next() == nil)
    }
}
