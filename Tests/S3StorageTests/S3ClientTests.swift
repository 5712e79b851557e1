import Foundation
import S3Storage
import Testing
import TestSupport

/// The S3 client against a real SeaweedFS that checks every signature (Scripts/test-servers).
@Suite(.testServer(.seaweedfs))
struct S3ClientTests {
    @Test func roundTripFromMemoryAndFromFile() throws {
        let client = try S3TestBucket.freshClient()
        let small = S3TestBucket.bytes(70_000, seed: 1)
        let key = S3TestBucket.objectKey(small)
        #expect(try client.put(key: key, body: .data(small), sha256: S3TestBucket.sha256(small), contentType: "image/jpeg") == .stored)
        #expect(try client.getData(key: key) == small)

        // A file body is streamed from disk (the archive's tmp/ downloads), several MiB.
        let large = S3TestBucket.bytes(5_500_000, seed: 2)
        let file = try TestPaths.makeTemporaryFolder("s3").appendingPathComponent("upload.bin")
        try large.write(to: file)
        let largeKey = S3TestBucket.objectKey(large)
        #expect(try client.put(key: largeKey, body: .file(file), sha256: S3TestBucket.sha256(large)) == .stored)
        var received = Data()
        let info = try client.get(key: largeKey) { received.append(contentsOf: $0) }
        #expect(info?.size == Int64(large.count))
        #expect(received == large)

        let head = try #require(try client.head(key: largeKey))
        #expect(head.size == Int64(large.count))
        #expect(head.sha256 == S3TestBucket.sha256(large), "HEAD with x-amz-checksum-mode returns the SHA-256 sent with the PUT")

        try client.delete(key: key)
        #expect(try client.head(key: key) == nil)
        #expect(try client.getData(key: key) == nil)
        try client.delete(key: key)  // already gone: still fine
    }

    @Test func bytesThatDoNotMatchTheirSHA256AreRefused() throws {
        let client = try S3TestBucket.freshClient()
        let data = S3TestBucket.bytes(10_000, seed: 3)
        var damaged = data
        damaged[5_000] ^= 0x01
        let key = S3TestBucket.objectKey(data)
        // The hash of the intended bytes with one flipped bit in the body: the service must refuse it.
        #expect {
            _ = try client.put(key: key, body: .data(damaged), sha256: S3TestBucket.sha256(data))
        } throws: { error in
            guard let error = error as? S3Error, case .checksumMismatch = error.kind else { return false }
            return error.description.contains(key)
        }
        #expect(try client.head(key: key) == nil, "nothing is stored under the key after a refused PUT")
    }

    @Test func ifNoneMatchKeepsTheFirstObject() throws {
        let client = try S3TestBucket.freshClient()
        let original = S3TestBucket.bytes(20_000, seed: 4)
        let key = S3TestBucket.objectKey(original)
        #expect(try client.put(key: key, body: .data(original), sha256: S3TestBucket.sha256(original)) == .stored)
        #expect(try client.put(key: key, body: .data(original), sha256: S3TestBucket.sha256(original)) == .alreadyPresent)
        // Even other (valid) bytes do not replace what is there: the key is taken.
        let other = S3TestBucket.bytes(20_000, seed: 5)
        #expect(try client.put(key: key, body: .data(other), sha256: S3TestBucket.sha256(other)) == .alreadyPresent)
        #expect(try client.getData(key: key) == original)
    }

    @Test func listPagesThroughEveryKeyInOrder() throws {
        let client = try S3TestBucket.freshClient()
        // A prefix with a space and a plus: the query string must be encoded as SigV4 canonicalises it.
        let prefix = "list test+1/objects/"
        var expected: [String] = []
        for seed in 0..<7 {
            let data = S3TestBucket.bytes(100 + seed, seed: UInt64(100 + seed))
            let key = prefix + S3TestBucket.sha256(data) + ".bin"
            _ = try client.put(key: key, body: .data(data), sha256: S3TestBucket.sha256(data))
            expected.append(key)
        }
        let outside = S3TestBucket.bytes(50, seed: 99)
        _ = try client.put(key: "elsewhere/x.bin", body: .data(outside), sha256: S3TestBucket.sha256(outside))

        let first = try client.listPage(prefix: prefix, pageSize: 3)
        #expect(first.objects.count == 3)
        #expect(first.isTruncated)
        #expect(first.nextContinuationToken != nil)

        var seen: [S3ListedObject] = []
        try client.list(prefix: prefix, pageSize: 3) { seen.append($0) }
        #expect(seen.map(\.key) == expected.sorted())
        #expect(seen.map(\.size) == expected.sorted().map { key in Int64(100 + (0..<7).first { expected[$0] == key }!) })
    }

    @Test func aWrongSecretNamesTheVariableToFix() throws {
        let good = try S3TestBucket.freshClient()
        let bad = try S3Client(S3TestBucket.configuration(bucket: good.configuration.bucket, secret: "not-the-secret"))
        let data = S3TestBucket.bytes(100, seed: 6)
        #expect {
            _ = try bad.put(key: "k.bin", body: .data(data), sha256: S3TestBucket.sha256(data))
        } throws: { error in
            guard let error = error as? S3Error, case .invalidCredentials(_, let variable) = error.kind else { return false }
            return variable == "AWS_SECRET_ACCESS_KEY" && error.description.contains("AWS_SECRET_ACCESS_KEY")
        }
        // HEAD answers carry no body; the 403 still turns into a credentials error.
        #expect(throws: S3Error.self) { _ = try bad.head(key: "k.bin") }
        #expect(throws: S3Error.self) { try bad.checkAccess() }
    }

    @Test func aMissingBucketIsNamed() throws {
        let configuration = try S3TestBucket.configuration(bucket: "mv-missing-\(UUID().uuidString.prefix(8).lowercased())")
        let client = try S3Client(configuration)
        #expect {
            try client.checkAccess()
        } throws: { error in
            guard let error = error as? S3Error, error.kind == .noSuchBucket else { return false }
            return error.description.contains("\"\(configuration.bucket)\" does not exist")
        }
        let data = S3TestBucket.bytes(10, seed: 7)
        #expect(throws: S3Error.self) { _ = try client.put(key: "a.bin", body: .data(data), sha256: S3TestBucket.sha256(data)) }
        #expect(throws: S3Error.self) { _ = try client.getData(key: "a.bin") }
    }

    @Test func anUnreachableEndpointFailsAfterRetries() throws {
        // A port nothing listens on: every attempt is refused, and the error says how many were made.
        var configuration = try S3TestBucket.configuration()
        configuration.endpoint = URL(string: "http://127.0.0.1:9")!
        configuration.maxAttempts = 3
        let client = try S3Client(configuration)
        let started = Date()
        #expect {
            try client.checkAccess()
        } throws: { error in
            guard let error = error as? S3Error, case .transport(let code, _) = error.kind else { return false }
            return code == 7 && error.attempts == 3 && error.description.contains("AWS_ENDPOINT_URL_S3")
        }
        #expect(Date().timeIntervalSince(started) >= 0.05, "two backoff pauses of at least 20 ms and 40 ms")
    }
}
