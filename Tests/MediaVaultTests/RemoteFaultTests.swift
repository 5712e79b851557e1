import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import S3Storage
import TestSupport

/// The storage going away in the middle of a mirror: clear errors, no catalog row without its
/// object, and the next run completes.
@Suite(.testServer(.seaweedfs, .postgres))
struct RemoteFaultTests {
    @Test func storageLostMidRunLosesNothingAndARerunCompletes() async throws {
        let remote = try RemoteArchive()
        let endpoint = try TestServer.require("MEDIAVAULT_TEST_S3_ENDPOINT")
        // The access check and two PUTs get through; then every connection is dropped unanswered,
        // as a server that died does (each PUT is tried 4 times, so there are enough of them).
        let proxy = try FaultProxy(upstream: endpoint, faults: ["ok", "ok", "ok"] + Array(repeating: "reset", count: 200))
        var broken = remote.target
        broken.environment["AWS_ENDPOINT_URL_S3"] = proxy.endpoint.absoluteString
        var options = try remote.mirrorOptions()
        options.target = broken
        let sample = ExampleCDN.posts.appendingPathComponent("sample-post.md").path
        let first = RecordingOutput()
        #expect(await MirrorJob(options: options).run(inputs: [sample], output: first) == ExitStatus.partialFailure)
        let failed = first.of("failed")
        #expect(!failed.isEmpty && failed.allSatisfy { $0.string("reason") == "storage" })
        // The message names the request, the bucket and the endpoint, not just a curl code.
        #expect(failed.allSatisfy { ($0.string("message") ?? "").contains("PUT") && ($0.string("message") ?? "").contains(proxy.endpoint.absoluteString) },
                "\(failed.map(\.jsonLine))")

        // Every row the catalog has names an object the bucket holds with its checksum.
        let catalog = try remote.target.catalog.openForReading()
        let recorded = try catalog.allObjects()
        #expect(recorded.count == first.of("fetched").count)
        let check = RecordingOutput()
        #expect(await StorageVerifier(target: remote.target, mode: .checksums).run(output: check) == ExitStatus.success,
                "\(check.records.map(\.jsonLine))")

        // The storage is back: the same command completes, fetching only what was not stored.
        let second = RecordingOutput()
        #expect(try await MirrorJob(options: remote.mirrorOptions()).run(inputs: [sample], output: second) == ExitStatus.success)
        #expect(second.of("fetched").count == failed.count)
        #expect(try catalog.allObjects().count == 4)
        #expect(await StorageVerifier(target: remote.target, mode: .readData).run(output: RecordingOutput()) == ExitStatus.success)
    }
}
