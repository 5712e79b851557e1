import Foundation
import Testing
import TestSupport

/// The built binary on an S3 archive with a PostgreSQL catalog, as a person runs it: the AWS
/// variables in the environment, `--archive s3://…` and `--catalog postgresql://…`.
@Suite(.testServer(.seaweedfs, .postgres))
struct RemoteCommandTests {
    /// Runs the binary with `environment` added to the test's own.
    static func run(_ environment: [String: String], _ arguments: [String]) throws -> EndToEndTests.Run {
        try EndToEndTests.run(environment.map { "\($0.key)=\($0.value)" } + [EndToEndTests.binary.path] + arguments,
                              executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    @Test func mirrorVerifySearchAndTheExitCodesThroughTheBinary() throws {
        let remote = try RemoteArchive()
        guard case .postgres(let catalog) = remote.target.catalog else { throw RemoteArchiveError("expected a PostgreSQL catalog") }
        let archive = ["--archive", remote.target.displayName, "--catalog", catalog, "--json"]
        let network = try ExampleCDN.connectTo.flatMap { ["--connect-to", $0] } + ["--cacert", ExampleCDN.server.caCertificate.path]
        let environment = try RemoteArchive.environment(secret: nil)
        let sample = ExampleCDN.posts.appendingPathComponent("sample-post.md").path

        let mirror = try Self.run(environment, ["mirror", sample] + archive + network)
        #expect(mirror.status == 0, "\(mirror.stderr)")
        #expect(mirror.lines.filter { $0["type"] as? String == "fetched" }.count == 4)
        for flags in [["--fast"], [], ["--read-data"]] {
            let verify = try Self.run(environment, ["verify"] + flags + archive)
            #expect(verify.status == 0, "\(flags): \(verify.stderr)")
            #expect(verify.lines.last?["objects"] as? Int == 4, "\(flags)")
        }
        let search = try Self.run(environment, ["search", "普京"] + archive)
        #expect(search.status == 0 && search.lines.contains { $0["type"] as? String == "caption" })

        // One object deleted behind mediavault's back: every verify mode says so, exit 4.
        let object = try #require(remote.keys().first { $0.hasPrefix("objects/") })
        try remote.bucket.delete(key: remote.prefix + object)
        for flags in [["--fast"], [], ["--read-data"]] {
            let verify = try Self.run(environment, ["verify"] + flags + archive)
            #expect(verify.status == 4, "\(flags)")
            #expect(verify.lines.contains { $0["kind"] as? String == "missing" && $0["path"] as? String == object }, "\(flags)")
        }

        // Exit 2 with the thing to fix named: a wrong secret, no catalog for an S3 archive.
        var wrong = environment
        wrong["AWS_SECRET_ACCESS_KEY"] = "wrong"
        let refused = try Self.run(wrong, ["verify"] + archive)
        #expect(refused.status == 2 && refused.stderr.contains("AWS_SECRET_ACCESS_KEY"), "\(refused.stderr)")
        let noCatalog = try Self.run(environment.merging(["MEDIAVAULT_CATALOG": ""]) { $1 }, ["search", "x", "--archive", remote.target.displayName])
        #expect(noCatalog.status == 2 && noCatalog.stderr.contains("--catalog") && noCatalog.stderr.contains("MEDIAVAULT_CATALOG"))
    }
}
