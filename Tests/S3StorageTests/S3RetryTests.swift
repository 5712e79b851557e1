import Foundation
import S3Storage
import Testing
import TestSupport

/// Retries against SeaweedFS behind a proxy that fails the first requests on purpose.
@Suite(.testServer(.seaweedfs))
struct S3RetryTests {
    /// A client for a fresh bucket that talks through `proxy`.
    static func client(through proxy: FaultProxy, bucket: String, maxAttempts: Int) throws -> S3Client {
        var configuration = try S3TestBucket.configuration(bucket: bucket)
        configuration.endpoint = proxy.endpoint
        configuration.maxAttempts = maxAttempts
        return try S3Client(configuration)
    }

    @Test func transientFailuresAreRetriedUntilTheRequestSucceeds() throws {
        let direct = try S3TestBucket.freshClient()
        let proxy = try FaultProxy(upstream: direct.configuration.endpoint.absoluteString, faults: ["503", "reset", "429", "ok", "500"])
        let client = try Self.client(through: proxy, bucket: direct.configuration.bucket, maxAttempts: 4)
        let data = S3TestBucket.bytes(30_000, seed: 21)
        let key = S3TestBucket.objectKey(data)
        // 503, a dropped connection and 429 fail the first three attempts; the fourth gets through.
        #expect(try client.put(key: key, body: .data(data), sha256: S3TestBucket.sha256(data)) == .stored)
        // The next request meets the 500, then succeeds.
        #expect(try client.getData(key: key) == data)
        let log = try proxy.requests()
        #expect(log.count == 6, "\(log)")
        #expect(log.filter { $0.contains("PUT") }.count == 4)
        #expect(try direct.getData(key: key) == data, "the object really is in SeaweedFS")
    }

    @Test func givingUpReportsTheLastAnswerAndTheAttempts() throws {
        let direct = try S3TestBucket.freshClient()
        let proxy = try FaultProxy(upstream: direct.configuration.endpoint.absoluteString, faults: ["503", "503", "503"])
        let client = try Self.client(through: proxy, bucket: direct.configuration.bucket, maxAttempts: 2)
        #expect {
            _ = try client.head(key: "absent.bin")
        } throws: { error in
            guard let error = error as? S3Error, case .http(503, _, _) = error.kind else { return false }
            return error.attempts == 2 && error.isTransient && error.description.contains("after 2 attempts")
        }
        #expect(try proxy.requests().count == 2)
    }

    @Test func clientErrorsAreNotRetried() throws {
        let direct = try S3TestBucket.freshClient()
        let proxy = try FaultProxy(upstream: direct.configuration.endpoint.absoluteString, faults: [])
        let client = try Self.client(through: proxy, bucket: direct.configuration.bucket, maxAttempts: 4)
        let data = S3TestBucket.bytes(1_000, seed: 22)
        var damaged = data
        damaged[0] ^= 0xFF
        #expect(throws: S3Error.self) { _ = try client.put(key: "x.bin", body: .data(damaged), sha256: S3TestBucket.sha256(data)) }
        #expect(try proxy.requests().count == 1, "a refused checksum is final: one request")
    }
}
