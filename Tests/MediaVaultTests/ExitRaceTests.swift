import ArchiveStore
import ChildProcess
import Foundation
import Testing
import TestSupport

/// A command that exits while other threads still hash (a batch commit's leader releasing its
/// hashers after the last result went back) must exit cleanly: OpenSSL's exit handler used to
/// tear libcrypto down under them, and `mirror` died with SIGSEGV or "double free" now and then.
@Suite struct ExitRaceTests {
    @Test("40 exits with two threads hashing until the end: every one exits 0 with its output")
    func exitingWhileOtherThreadsHashIsClean() throws {
        let folder = try TestPaths.makeTemporaryFolder("exit-race")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.txt")
        try Data("abc".utf8).write(to: file)
        var environment = ProcessInfo.processInfo.environment
        environment["MEDIAVAULT_FAULT_EXIT_RACE"] = "1"
        var failures: [String] = []
        for _ in 0..<40 {
            // Bounded: a process torn down under its threads can also hang instead of crashing.
            let run = try ChildProcess.run("/usr/bin/timeout", arguments: ["-s", "KILL", "30", EndToEndTests.binary.path, "hash", file.path],
                                           environment: environment)
            // SHA-256("abc"), as sha256sum prints it.
            if run.status != 0 || !run.stdoutText.hasPrefix("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") {
                failures.append("exit \(run.status): \(run.stderrText.prefix(200))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of 40 runs failed: \(failures.prefix(3))")
    }
}
