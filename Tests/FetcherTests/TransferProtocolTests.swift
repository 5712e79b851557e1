import Foundation
import Testing
@testable import Fetcher
import TestSupport

/// HTTP/2 where offered, compression, and connection reuse, seen from the server's side.
@Suite struct TransferProtocolTests {
    @Test func speaksHTTP2WhereOfferedAndMultiplexesOneConnection() async throws {
        let root = try TestPaths.makeTemporaryFolder("h2")
        try FileManager.default.copyItem(at: TestCDN.jpeg, to: root.appendingPathComponent("a.jpg"))
        let server = try H2Server.start(host: "img.h2.test", root: root)
        defer { server.stop() }
        var options = TransferOptions()
        options.connectTo = [server.connectTo(host: "img.h2.test")]
        options.caCertificate = server.caCertificate.path
        options.maxConcurrent = 8
        let loop = TransferLoop(options: options)

        let results = try await loop.fetchAll(count: 8) { "https://img.h2.test/a.jpg?n=\($0)" }
        let expected = try Data(contentsOf: TestCDN.jpeg)
        #expect(results.allSatisfy { $0.0.status == 200 && $0.0.httpVersion == "2" && $0.1 == expected })
        let logged = try server.requests()
        #expect(logged.count == 8)
        #expect(logged.allSatisfy { $0.proto == "HTTP/2.0" })
        #expect(Set(logged.map(\.connection)).count == 1, "8 requests at once should share one HTTP/2 connection: \(logged)")
    }

    @Test func speaksHTTP11ToAServerWithoutHTTP2() async throws {
        let loop = TransferLoop(options: try TestCDN.options())
        let response = try await loop.perform(TransferRequest(url: "https://open.test/a.jpg?v=\(UUID().uuidString)"), sink: MemoryBody())
        #expect(response.status == 200)
        #expect(response.httpVersion == "1.1")
    }

    @Test func acceptsCompressedBodiesAndDeliversThemDecoded() async throws {
        let loop = TransferLoop(options: try TestCDN.options())
        let url = "https://open.test/a.jpg?__gzip=1&id=\(UUID().uuidString)"
        let body = MemoryBody()
        let response = try await loop.perform(TransferRequest(url: url), sink: body)
        let expected = try Data(contentsOf: TestCDN.jpeg)
        #expect(response.status == 200)
        #expect(body.data == expected, "the sink gets the decoded image, not the gzip stream")
        #expect(response.bytesReceived == Int64(expected.count))
        let logged = try #require(try TestCDN.server.requestLog().last { url.hasSuffix($0.path) })
        #expect(logged.encoding == "gzip", "the request offered gzip and the answer was compressed")
        #expect(logged.bytes != expected.count, "the wire carried the compressed size")
    }

    @Test func reusesOneConnectionForRequestsOneAfterAnother() async throws {
        let loop = TransferLoop(options: try TestCDN.options())
        // A fresh loop's very first connection is now and then not reused under load (seen in 2 of
        // 10 full runs: ports [a, b, b, b, …]; libcurl's liveness check can retire a connection that
        // looks readable, as one does when the server's TLS 1.3 session tickets arrive late). So
        // one request warms the pool, and the ten after it must all share one connection.
        _ = try await loop.perform(TransferRequest(url: "https://open.test/a.jpg?warm-up=\(UUID().uuidString)"), sink: MemoryBody())
        let batch = UUID().uuidString
        for i in 0..<10 {
            let response = try await loop.perform(TransferRequest(url: "https://open.test/a.jpg?seq=\(batch)&n=\(i)"), sink: MemoryBody())
            #expect(response.status == 200)
        }
        let ports = try TestCDN.server.requestLog().filter { $0.path.contains(batch) }.map(\.clientPort)
        #expect(ports.count == 10)
        // One replacement is allowed, and only one: under a full test run with two more busy
        // loops on the two cores (2026-12-06) the pool was retired once after two requests
        // (ports [a, a, b, b, …]), which libcurl does to a cached connection it judges dead,
        // not reproduced in 21 runs of this suite alone under the same load. Without reuse every
        // request has its own port (10); reuse that breaks now and then gives 3 or more.
        #expect(Set(ports).count <= 2, "10 requests in a row should reuse one connection: ports \(ports)")
        #expect(zip(ports, ports.dropFirst()).filter { $0 != $1 }.count <= 1, "a replaced connection is not used again: ports \(ports)")
    }

    @Test func keepsToThePerHostConnectionLimit() async throws {
        let loop = try TestCDN.loop(concurrent: 8, perHost: 2)
        let batch = UUID().uuidString
        // Each answer takes 0.2 s, so 8 slots would open 8 connections if the host limit were not kept.
        let results = try await loop.fetchAll(count: 16) { "https://open.test/a.jpg?__delay=0.2&limit=\(batch)&n=\($0)" }
        #expect(results.allSatisfy { $0.0.status == 200 })
        let mine = try TestCDN.server.requestLog().filter { $0.path.contains(batch) }
        #expect(mine.count == 16)
        // From the server's log: each connection's life (first request in, last answer out), and
        // how many were alive at once. A connection libcurl retires and replaces is still one slot.
        // The last answer cannot end before its arrival plus the 0.2 s delay; the server's own end
        // time is recorded after the last byte went out and, on a loaded machine, can land after
        // the next connection's first arrival (2 ms of slack for the log's rounding).
        let lives = Dictionary(grouping: mine, by: \.clientPort).values.map { requests in
            (start: requests.map(\.started).min() ?? 0, end: (requests.map(\.started).max() ?? 0) + 0.2 - 0.002)
        }
        let mostAtOnce = lives.map { life in lives.filter { $0.start <= life.start && life.start < $0.end }.count }.max() ?? 0
        #expect(mostAtOnce == 2, "at most 2 connections at once, and both used: \(mostAtOnce)")
        #expect(lives.count <= 4, "connections are reused: \(lives.count) for 16 requests, ports \(mine.map(\.clientPort))")
    }
}
