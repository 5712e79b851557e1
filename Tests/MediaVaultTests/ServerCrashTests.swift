import Foundation
import PostgresStore
import S3Storage
import Testing
import TestSupport

/// The servers themselves crashing in the middle of a `mirror` (not a proxy pretending): a
/// private SeaweedFS `kill -9`'d and restarted on the same data and ports, a private PostgreSQL
/// stopped with `pg_ctl stop -m immediate` and started again. Clear errors naming the endpoint
/// or the catalog, no catalog row without its object, and a rerun archives every image.
@Suite(.serialized)
struct ServerCrashTests {
    /// Starts a private server through the test target's process launcher.
    static func privateServer(_ kind: PrivateServer.Kind) throws -> PrivateServer {
        try PrivateServer(kind) { executable, arguments in
            let run = try EndToEndTests.run(arguments, executable: executable)
            return PrivateServer.ScriptRun(status: run.status, stdout: run.stdout, stderr: run.stderr)
        }
    }

    /// `AWS_*` variables for an S3 server described by the test variables in `server`.
    static func awsEnvironment(_ server: [String: String]) throws -> [String: String] {
        func require(_ name: String) throws -> String {
            guard let value = server[name] else { throw RemoteArchiveError("\(name) missing for the S3 server") }
            return value
        }
        return ["AWS_ACCESS_KEY_ID": try require("MEDIAVAULT_TEST_S3_ACCESS_KEY"),
                "AWS_SECRET_ACCESS_KEY": try require("MEDIAVAULT_TEST_S3_SECRET_KEY"),
                "AWS_ENDPOINT_URL_S3": try require("MEDIAVAULT_TEST_S3_ENDPOINT"),
                "AWS_REGION": server["MEDIAVAULT_TEST_S3_REGION"] ?? "us-east-1"]
    }

    /// A new bucket on the S3 server `environment` reaches; its `s3://` archive address.
    static func freshArchive(_ environment: [String: String]) throws -> String {
        let name = "mv-crash-\(UUID().uuidString.prefix(8).lowercased())"
        try S3Client(S3Configuration.fromEnvironment(bucket: name, environment: environment)).createBucket()
        return "s3://\(name)/crash"
    }

    /// The image URLs the catalog at `catalog` maps to an object.
    static func archivedURLs(_ catalog: String) throws -> Set<String> {
        Set(try PGConnection(url: catalog).execute("SELECT url FROM url_object").rows.compactMap { $0[0] })
    }

    @Test(.testServer(.postgres), .privateServer(.seaweedfs))
    func seaweedFSKilledMidRunLosesNothingAndARerunCompletes() throws {
        let weed = try Self.privateServer(.seaweedfs)
        defer { weed.stop() }
        let cdn = try WorkerFixture(count: 12, delay: 0.4)
        defer { cdn.tearDown() }
        let database = try WorkerDatabase()
        let aws = try Self.awsEnvironment(weed.variables)
        let endpoint = try weed.require("MEDIAVAULT_TEST_S3_ENDPOINT")
        let archive = try Self.freshArchive(aws)
        let arguments = cdn.mirror(archive: archive, catalog: database.url, ["--jobs", "2"])

        let first = try BinaryProcess(arguments, environment: aws)
        #expect(first.waitForLine(type: "fetched", timeout: 60), "\(first.stderr)")
        try weed.crash()
        let status = first.wait(timeout: 180)
        #expect(status == 3, "exit \(status): some images archived, the rest failed: \(first.stderr)")
        let failed = first.lines.filter { $0["type"] as? String == "failed" }
        #expect(!failed.isEmpty, "the images after the kill failed: \(first.stdout)")
        // Each failure is the storage's, and names the request and the endpoint to look at.
        for line in failed {
            let message = line["message"] as? String ?? ""
            #expect(line["reason"] as? String == "storage" && message.contains(endpoint), "\(line)")
        }

        try weed.start()
        // Nothing lost: every row the catalog wrote names an object SeaweedFS still has, with
        // its checksum, after a kill -9 and a restart (verify's HEAD compares the stored SHA-256).
        let archivedBefore = try Self.archivedURLs(database.url)
        #expect(!archivedBefore.isEmpty && archivedBefore.count < cdn.urls.count, "\(archivedBefore.count) of \(cdn.urls.count) archived before the kill")
        let verify = try BinaryProcess(["verify", "--archive", archive, "--catalog", database.url, "--json"], environment: aws)
        #expect(verify.wait(timeout: 60) == 0, "verify after the restart: \(verify.stdout) \(verify.stderr)")

        let rerun = try BinaryProcess(arguments, environment: aws)
        #expect(rerun.wait(timeout: 120) == 0, "\(rerun.stdout) \(rerun.stderr)")
        #expect(try Self.archivedURLs(database.url) == Set(cdn.urls), "every image archived after the rerun")
        // Only what was not archived is fetched again.
        let refetched = rerun.lines.filter { $0["type"] as? String == "fetched" }.compactMap { $0["url"] as? String }
        #expect(Set(refetched).isDisjoint(with: archivedBefore), "\(refetched)")
        let readData = try BinaryProcess(["verify", "--read-data", "--archive", archive, "--catalog", database.url, "--json"], environment: aws)
        #expect(readData.wait(timeout: 60) == 0, "\(readData.stdout) \(readData.stderr)")
    }

    @Test(.testServer(.seaweedfs), .privateServer(.postgres))
    func postgreSQLStoppedMidRunIsExit2NamingTheCatalogAndARerunCompletes() throws {
        let postgres = try Self.privateServer(.postgres)
        defer { postgres.stop() }
        let cdn = try WorkerFixture(count: 12, delay: 0.4)
        defer { cdn.tearDown() }
        let catalog = try postgres.require("MEDIAVAULT_TEST_POSTGRES")
        let aws = try RemoteArchive.environment(secret: nil)
        let archive = try Self.freshArchive(aws)
        let arguments = cdn.mirror(archive: archive, catalog: catalog, ["--jobs", "2"])

        let first = try BinaryProcess(arguments, environment: aws)
        #expect(first.waitForLine(type: "fetched", timeout: 60), "\(first.stderr)")
        try postgres.crash()
        let status = first.wait(timeout: 120)
        #expect(status == 2, "exit \(status): \(first.stderr)")
        // The message names the catalog (its URL), not just libpq's words.
        #expect(first.stderr.contains("catalog \(catalog)"), "\(first.stderr)")

        try postgres.start()
        // Nothing lost: every committed row's object is in the bucket with its checksum.
        let archivedBefore = try Self.archivedURLs(catalog)
        #expect(archivedBefore.count < cdn.urls.count, "\(archivedBefore.count) of \(cdn.urls.count) archived before the stop")
        let verify = try BinaryProcess(["verify", "--archive", archive, "--catalog", catalog, "--json"], environment: aws)
        #expect(verify.wait(timeout: 60) == 0, "verify after the restart: \(verify.stdout) \(verify.stderr)")

        let rerun = try BinaryProcess(arguments, environment: aws)
        #expect(rerun.wait(timeout: 120) == 0, "\(rerun.stdout) \(rerun.stderr)")
        #expect(try Self.archivedURLs(catalog) == Set(cdn.urls), "every image archived after the rerun")
        let readData = try BinaryProcess(["verify", "--read-data", "--archive", archive, "--catalog", catalog, "--json"], environment: aws)
        #expect(readData.wait(timeout: 60) == 0, "\(readData.stdout) \(readData.stderr)")
    }
}
