import ArchiveStore
import Foundation
@testable import MediaVault
import PostgresStore
import S3Storage
import TestSupport

/// A fresh remote archive for one test: a new bucket on the test SeaweedFS and a new database
/// on the test PostgreSQL (or a SQLite catalog file outside the bucket), and the `ArchiveTarget`
/// that names them, with the AWS variables in its environment as a person would export them.
struct RemoteArchive {
    /// The bucket, for tampering with objects behind mediavault's back.
    let bucket: S3Client
    /// The key prefix inside the bucket.
    let prefix: String
    /// The target the verbs are given.
    let target: ArchiveTarget

    /// Creates the bucket (and the database unless `sqliteCatalog`).
    init(sqliteCatalog: Bool = false, prefix: String = "team/archive", secret: String? = nil) throws {
        let name = "mv-\(UUID().uuidString.prefix(12).lowercased())"
        let environment = try Self.environment(secret: nil)
        bucket = try S3Client(S3Configuration.fromEnvironment(bucket: name, environment: environment))
        try bucket.createBucket()
        self.prefix = prefix + "/"
        let catalog = sqliteCatalog
            ? try TestPaths.makeTemporaryFolder("remote-catalog").appendingPathComponent("catalog.sqlite").path
            : try Self.freshDatabase()
        target = try ArchiveTarget.resolve(archive: "s3://\(name)/\(prefix)", catalog: catalog,
                                           environment: try Self.environment(secret: secret))
    }

    /// `AWS_*` variables for the test SeaweedFS.
    static func environment(secret: String?) throws -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": try TestServer.require("MEDIAVAULT_TEST_S3_ACCESS_KEY"),
            "AWS_SECRET_ACCESS_KEY": try secret ?? TestServer.require("MEDIAVAULT_TEST_S3_SECRET_KEY"),
            "AWS_ENDPOINT_URL_S3": try TestServer.require("MEDIAVAULT_TEST_S3_ENDPOINT"),
            "AWS_REGION": TestServer.value("MEDIAVAULT_TEST_S3_REGION") ?? "us-east-1",
        ]
    }

    /// A new empty database on the test PostgreSQL; its `postgresql://` URL.
    static func freshDatabase() throws -> String {
        let server = try TestServer.require("MEDIAVAULT_TEST_POSTGRES")
        guard var components = URLComponents(string: server) else { throw RemoteArchiveError("MEDIAVAULT_TEST_POSTGRES is no URL: \(server)") }
        let name = "mv_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "_"))"
        _ = try PGConnection(url: server).execute("CREATE DATABASE \(name)")
        components.path = "/\(name)"
        guard let url = components.string else { throw RemoteArchiveError("cannot build a URL from \(server)") }
        return url
    }

    /// Mirror options for this archive that reach the fixture CDN.
    func mirrorOptions() throws -> MirrorOptions {
        var options = MirrorOptions(target: target)
        options.connectTo = try ExampleCDN.connectTo
        options.caCertificate = try ExampleCDN.server.caCertificate.path
        return options
    }

    /// Every key under the prefix, relative to it.
    func keys() throws -> [String] {
        var keys: [String] = []
        try bucket.list(prefix: prefix) { keys.append(String($0.key.dropFirst(prefix.count))) }
        return keys.sorted()
    }
}

/// A test precondition that did not hold.
struct RemoteArchiveError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension OutputRecord {
    /// The integer value of a field, if it is one.
    func int(_ key: String) -> Int64? {
        if case .int(let value) = self[key] { return value }
        return nil
    }
}
