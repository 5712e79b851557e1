import Foundation
import S3Storage
import Testing
import TestSupport

/// What the mirror path costs in requests: S3 bills per request, so storing an object must be
/// one PUT, with no HEAD or LIST to ask first (`If-None-Match` makes the check part of the PUT).
@Suite(.testServer(.seaweedfs))
struct S3RequestCountTests {
    @Test func storingAnObjectIsOnePUTAndNothingElse() throws {
        let direct = try S3TestBucket.freshClient()
        let proxy = try FaultProxy(upstream: direct.configuration.endpoint.absoluteString, faults: [])
        var configuration = direct.configuration
        configuration.endpoint = proxy.endpoint
        let client = try S3Client(configuration)
        let objects = (0..<100).map { S3TestBucket.bytes(2_000 + $0, seed: UInt64(1_000 + $0)) }
        for data in objects {
            #expect(try client.put(key: S3TestBucket.objectKey(data), body: .data(data), sha256: S3TestBucket.sha256(data)) == .stored)
        }
        // The same objects again (a second worker, or a rerun): one PUT each, answered 412.
        for data in objects.prefix(20) {
            #expect(try client.put(key: S3TestBucket.objectKey(data), body: .data(data), sha256: S3TestBucket.sha256(data)) == .alreadyPresent)
        }
        let requests = try proxy.requests()
        #expect(requests.count == 120)
        #expect(requests.allSatisfy { $0.contains(" PUT /") }, "no HEAD, GET or LIST on the store path")
        #expect(try proxy.connections() == 1, "one kept-alive connection for all 120 requests")
        var listed = 0
        try direct.list(prefix: "archive/objects/") { _ in listed += 1 }
        #expect(listed == 100)
    }

    @Test func putsDoNotStall() throws {
        // 300 objects of 50 KB. A PUT that reconnected every time or waited for a
        // `100 Continue` that never comes (1 s each in libcurl) would take minutes; on loopback
        // it is milliseconds each. The time is printed as a figure for the README.
        let client = try S3TestBucket.freshClient()
        let objects = (0..<300).map { S3TestBucket.bytes(50_000, seed: UInt64(5_000 + $0)) }
        let hashes = objects.map(S3TestBucket.sha256)
        let started = Date()
        for (data, sha) in zip(objects, hashes) {
            _ = try client.put(key: "rate/\(sha).bin", body: .data(data), sha256: sha)
        }
        let seconds = Date().timeIntervalSince(started)
        print("S3RequestCountTests: 300 PUTs of 50 KB to SeaweedFS in \(String(format: "%.2f", seconds)) s = \(String(format: "%.1f", 300 / seconds)) PUT/s (\(String(format: "%.1f", seconds / 300 * 1000)) ms each)")
        #expect(seconds < 60, "300 PUTs took \(seconds) s")
        var listed = 0
        try client.list(prefix: "rate/", pageSize: 100) { _ in listed += 1 }
        #expect(listed == 300)
    }
}
