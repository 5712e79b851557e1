import Foundation
import Testing
@testable import Fetcher

/// A transfer loop that is dropped without `shutdown()` ends its thread and frees its multi
/// handle: the thread holds only the engine, so the loop's `deinit` runs and stops it.
@Suite struct TransferLoopLifetimeTests {
    @Test func aLoopDroppedWithoutShutdownEndsItsThread() async throws {
        weak var engine: TransferEngine?
        do {
            let loop = TransferLoop()
            engine = loop.engine
            #expect(engine != nil)
        }
        // The engine lives exactly as long as the thread runs (the thread holds it): it going
        // away means the thread returned. Before, the thread kept the loop itself alive forever.
        let deadline = Date().addingTimeInterval(5)
        while engine != nil, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(engine == nil, "the transfer thread is still running")
    }

    @Test func aRequestAfterShutdownIsCancelledNotHung() async throws {
        let loop = TransferLoop()
        loop.shutdown()
        loop.shutdown()  // idempotent
        await #expect(throws: CancellationError.self) {
            _ = try await loop.perform(TransferRequest(url: "http://127.0.0.1:9/never"), sink: nil)
        }
    }
}
