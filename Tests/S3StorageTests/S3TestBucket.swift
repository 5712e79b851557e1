import ArchiveStore
import Foundation
import S3Storage
import TestSupport

/// A fresh bucket on one of the test servers (`Scripts/test-servers`), and test bytes.
enum S3TestBucket {
    /// A configuration for SeaweedFS (or moto) from the test servers' variables; `secret`
    /// replaces the real secret (to test refusals), `bucket` defaults to a new unique name.
    static func configuration(server: TestServer = .seaweedfs, bucket: String? = nil, secret: String? = nil) throws -> S3Configuration {
        let prefix = server == .moto ? "MEDIAVAULT_TEST_MOTO" : "MEDIAVAULT_TEST_S3"
        var environment = [
            "AWS_ACCESS_KEY_ID": try TestServer.require("\(prefix)_ACCESS_KEY"),
            "AWS_SECRET_ACCESS_KEY": try secret ?? TestServer.require("\(prefix)_SECRET_KEY"),
            "AWS_ENDPOINT_URL_S3": try TestServer.require("\(prefix)_ENDPOINT"),
        ]
        environment["AWS_REGION"] = TestServer.value("MEDIAVAULT_TEST_S3_REGION") ?? "us-east-1"
        var configuration = try S3Configuration.fromEnvironment(
            bucket: bucket ?? "mv-\(UUID().uuidString.prefix(12).lowercased())", environment: environment)
        configuration.initialBackoff = .milliseconds(20)
        return configuration
    }

    /// A client on a bucket that has just been created.
    static func freshClient(server: TestServer = .seaweedfs) throws -> S3Client {
        let client = try S3Client(configuration(server: server))
        try client.createBucket()
        return client
    }

    /// `count` pseudo-random bytes from `seed` (different seeds, different bytes).
    static func bytes(_ count: Int, seed: UInt64) -> Data {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var data = Data(count: count)
        for index in 0..<count {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            data[index] = UInt8(truncatingIfNeeded: state)
        }
        return data
    }

    /// The SHA-256 of `data` as 64 hex digits (OpenSSL, through the archive's hasher).
    static func sha256(_ data: Data) -> String {
        let hasher = SHA256Hasher()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeHex()
    }

    /// The content-addressed key the archive layout gives `data`.
    static func objectKey(_ data: Data, prefix: String = "archive") -> String {
        let sha = sha256(data)
        return "\(prefix)/objects/\(sha.prefix(2))/\(sha).bin"
    }
}
