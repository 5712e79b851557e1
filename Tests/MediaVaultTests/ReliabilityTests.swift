import ChildProcess
import Foundation
import Testing
import TestSupport

/// The reliability scenarios of `Scripts/crash-test` on a smaller set (the script's full run
/// kills 20 times over 300 images; see the README): SIGKILL at random moments, two writers,
/// kills inside a batch commit, readers during a write, an orphan adopted, stale tmp files, a full disk and a read-only archive.
@Suite(.serialized) struct ReliabilityTests {
    /// Runs `Scripts/crash-test` with the built binary; returns its exit status and stdout.
    static func crashTest(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = try ChildProcess.run("/usr/bin/env", arguments: [
            "python3", TestPaths.repositoryRoot.appendingPathComponent("Scripts/crash-test").path, "--binary", EndToEndTests.binary.path,
        ] + arguments, stderr: .inherit)
        return (output.status, output.stdoutText)
    }

    @Test("5 SIGKILLs during a mirror of 60 images: verify finds no damage after each, the re-run equals an uninterrupted run")
    func killAtRandomMoments() throws {
        let result = try Self.crashTest(["--kills", "5", "--images", "60", "kill"])
        print(result.output)
        #expect(result.status == 0, "\(result.output.split(separator: "\n").filter { $0.hasPrefix("FAIL") })")
        #expect(result.output.contains("kill: urls equal to the uninterrupted run (60)"))
    }

    @Test("SIGKILL inside a batch commit, at each phase: notices only, and the re-run equals an uninterrupted run")
    func killInsideABatch() throws {
        let result = try Self.crashTest(["--images", "60", "batch"])
        print(result.output)
        #expect(result.status == 0, "\(result.output.split(separator: "\n").filter { $0.hasPrefix("FAIL") })")
        for phase in ["synced", "renamed", "durable"] {
            #expect(result.output.contains("ok    batch \(phase): mirror paused inside its second batch"))
            #expect(result.output.contains("ok    batch \(phase): urls equal to the uninterrupted run (60)"))
        }
    }

    @Test("two writers, readers during a write, orphan adoption, stale tmp files, full disk, read-only archive")
    func faults() throws {
        let result = try Self.crashTest(["--images", "60", "concurrent", "orphan", "tmp", "full-disk", "read-only"])
        print(result.output)
        #expect(result.status == 0, "\(result.output.split(separator: "\n").filter { $0.hasPrefix("FAIL") })")
        #expect(result.output.contains("ok    concurrent: the second says it waits"))
        #expect(result.output.contains("ok    orphan: the re-run adopts them"))
    }
}
