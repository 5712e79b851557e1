import Foundation
import Testing
@testable import Fetcher
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The connect and overall timeouts on real sockets, and the shape of the retry delays.
@Suite struct TimeoutAndRetryTests {
    /// A loopback port that completes TCP handshakes (the kernel does, from the listen backlog)
    /// but never answers: a TLS handshake to it never ends. Closed when the test is done.
    private final class SilentListener {
        let fd: Int32
        let port: Int
        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard fd >= 0, bound == 0, listen(fd, 16) == 0 else { throw TransferError(.other, "cannot listen on loopback") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
        }
        deinit { close(fd) }
    }

    /// The error `url` fails with through `loop`; records an issue (and returns nil) if it succeeds.
    private func failure(of url: String, through loop: TransferLoop) async -> TransferError? {
        do {
            _ = try await loop.perform(TransferRequest(url: url), sink: MemoryBody())
            Issue.record("\(url) should have timed out")
        } catch let error as TransferError {
            return error
        } catch {
            Issue.record("\(url): \(error)")
        }
        return nil
    }

    /// Timing is read from libcurl's message, not the test's clock: on a busy test machine the
    /// task that awaits the answer may resume late, which says nothing about the timeout.
    @Test func aServerThatNeverFinishesTheHandshakeHitsTheConnectTimeout() async throws {
        let silent = try SilentListener()
        var options = TransferOptions()
        options.connectTo = ["silent.test:443:127.0.0.1:\(silent.port)"]
        options.connectTimeout = 1
        options.totalTimeout = 5  // were the connect timeout ignored, this one would fire, with another message
        let error = try #require(await failure(of: "https://silent.test/a.jpg", through: TransferLoop(options: options)))
        #expect(error.kind == .timeout, "\(error)")
        #expect(error.description.contains("connection timeout") || error.description.contains("Connection timed out"),
                "the connect phase timed out, not the whole transfer: \(error)")
    }

    @Test func aSlowAnswerHitsTheOverallTimeout() async throws {
        var options = try TestCDN.options(stall: 30)
        options.totalTimeout = 1
        let url = "https://open.test/a.jpg?__delay=4&id=\(UUID().uuidString)"
        let error = try #require(await failure(of: url, through: TransferLoop(options: options)))
        #expect(error.kind == .timeout, "\(error)")
        // libcurl: "Operation timed out after 1000 milliseconds with 0 bytes received"
        let words = error.description.split(separator: " ")
        let milliseconds = words.firstIndex(of: "milliseconds").flatMap { Int(words[$0 - 1]) }
        #expect(milliseconds.map { (900...2500).contains($0) } == true, "\(error)")
    }

    @Test func delaysGrowExponentiallyWithJitterAndRetryAfterWins() {
        var policy = RetryPolicy()
        policy.baseDelay = 0.5
        policy.maxDelay = 30
        for attempt in 1...5 {
            let nominal = 0.5 * pow(2, Double(attempt - 1))
            let samples = (0..<200).map { _ in policy.delay(afterAttempt: attempt, retryAfter: nil) }
            #expect(samples.allSatisfy { $0 >= nominal * 0.5 && $0 <= nominal * 1.5 }, "attempt \(attempt): \(samples.min()!)…\(samples.max()!)")
            #expect(Set(samples).count > 100, "jitter: the delays of many images differ")
        }
        #expect((0..<50).allSatisfy { _ in policy.delay(afterAttempt: 12, retryAfter: nil) <= 30 }, "capped at maxDelay")
        #expect(policy.delay(afterAttempt: 1, retryAfter: 7) == 7)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 3600) == 30, "a Retry-After beyond maxDelay is capped")
        #expect([408, 429, 500, 502, 503, 504].allSatisfy(policy.isRetryable(status:)))
        #expect(![400, 401, 403, 404, 410, 501].contains(where: policy.isRetryable(status:)))
    }
}
