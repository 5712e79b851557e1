import Foundation
import S3Storage
import Testing
import TestSupport

/// The same requests against moto with authentication on: a second S3 implementation that
/// recomputes every SigV4 signature, so a canonicalisation quirk SeaweedFS tolerates shows up.
@Suite(.testServer(.moto))
struct S3SignerTests {
    @Test func motoAcceptsEverySignedRequest() throws {
        let client = try S3TestBucket.freshClient(server: .moto)
        let data = S3TestBucket.bytes(40_000, seed: 11)
        let key = "prefix with space/" + S3TestBucket.objectKey(data)
        #expect(try client.put(key: key, body: .data(data), sha256: S3TestBucket.sha256(data)) == .stored)
        #expect(try client.put(key: key, body: .data(data), sha256: S3TestBucket.sha256(data)) == .alreadyPresent)
        #expect(try client.getData(key: key) == data)
        #expect(try client.head(key: key)?.sha256 == S3TestBucket.sha256(data))
        var keys: [String] = []
        try client.list(prefix: "prefix with space/", pageSize: 1) { keys.append($0.key) }
        #expect(keys == [key])
        try client.delete(key: key)
        #expect(try client.head(key: key) == nil)
    }

    @Test func motoRefusesAWrongSecret() throws {
        let good = try S3TestBucket.freshClient(server: .moto)
        let bad = try S3Client(S3TestBucket.configuration(server: .moto, bucket: good.configuration.bucket, secret: "wrong"))
        #expect {
            try bad.checkAccess()
        } throws: { error in
            guard let error = error as? S3Error, case .invalidCredentials(_, "AWS_SECRET_ACCESS_KEY") = error.kind else { return false }
            return true
        }
    }

    @Test func temporaryCredentialsSendTheirSessionToken() throws {
        let bucket = try S3TestBucket.freshClient(server: .moto).configuration.bucket
        func client(token: String) throws -> S3Client {
            let environment = [
                "AWS_ACCESS_KEY_ID": try TestServer.require("MEDIAVAULT_TEST_MOTO_SESSION_ACCESS_KEY"),
                "AWS_SECRET_ACCESS_KEY": try TestServer.require("MEDIAVAULT_TEST_MOTO_SESSION_SECRET_KEY"),
                "AWS_SESSION_TOKEN": token,
                "AWS_ENDPOINT_URL_S3": try TestServer.require("MEDIAVAULT_TEST_MOTO_ENDPOINT"),
            ]
            return try S3Client(S3Configuration.fromEnvironment(bucket: bucket, environment: environment))
        }
        let data = S3TestBucket.bytes(3_000, seed: 12)
        let good = try client(token: try TestServer.require("MEDIAVAULT_TEST_MOTO_SESSION_TOKEN"))
        #expect(try good.put(key: "t.bin", body: .data(data), sha256: S3TestBucket.sha256(data)) == .stored)
        #expect(try good.getData(key: "t.bin") == data)
        #expect {
            try client(token: "not-the-token").checkAccess()
        } throws: { error in
            guard let error = error as? S3Error, case .invalidCredentials(_, "AWS_SESSION_TOKEN") = error.kind else { return false }
            return error.description.contains("AWS_SESSION_TOKEN")
        }
    }
}
