import ArchiveStore
import Foundation
import Testing
import TestSupport

/// The binary never closes a descriptor twice: between the two close(2) calls another thread
/// may open a file under the same number (the catalog's, say), and the second close would take
/// it from under that thread. The runs are traced with strace, which lists every close(2) that
/// failed; EBADF there is a close of a number the process no longer held.
@Suite(.serialized, .enabled(if: Strace.path != nil || TestRequirement.isStrict,
                             Comment(rawValue: Strace.skipReason ?? "strace present")))
struct DescriptorHygieneTests {
    @Test func aLockThatTimesOutIsClosedOnce() throws {
        let archive = try TestPaths.makeTemporaryFolder("descriptors")
        defer { try? FileManager.default.removeItem(at: archive) }
        let empty = try TestPaths.makeTemporaryFolder("descriptors-empty")
        defer { try? FileManager.default.removeItem(at: empty) }
        _ = try Catalog(file: archive.appendingPathComponent("catalog.sqlite"))
        let held = try ArchiveLock(root: archive, exclusive: true)
        for command in [["mirror", empty.path], ["prune", "--yes"]] {
            let trace = try Strace.run(command + ["--archive", archive.path, "--lock-timeout", "0.2"])
            #expect(trace.status == 2 && trace.stderr.contains("still in use"), "\(command): \(trace.stderr)")
            // The trace saw the refused lock (so it traced the lock's path), and no close of a free number.
            #expect(trace.failedCalls.contains { $0.contains("flock(") && $0.contains("EAGAIN") }, "\(trace.failedCalls)")
            #expect(trace.badCloses.isEmpty, "\(command): \(trace.badCloses)")
        }
        withExtendedLifetime(held) {}
    }

    @Test func aMirrorWithThumbnailsAndItsVerifyCloseEachDescriptorOnce() throws {
        let archive = try TestPaths.makeTemporaryFolder("descriptors")
        defer { try? FileManager.default.removeItem(at: archive) }
        let network = try ExampleCDN.connectTo.flatMap { ["--connect-to", $0] } + ["--cacert", ExampleCDN.server.caCertificate.path]
        let mirror = try Strace.run(["mirror", ExampleCDN.posts.path, "--archive", archive.path, "--json"] + network)
        #expect(mirror.status == 0, "\(mirror.stderr)")
        #expect(mirror.stdout.contains("\"type\":\"fetched\""))
        #expect(mirror.badCloses.isEmpty, "\(mirror.badCloses)")
        let verify = try Strace.run(["verify", "--read-data", "--archive", archive.path])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.badCloses.isEmpty, "\(verify.badCloses)")
    }
}
