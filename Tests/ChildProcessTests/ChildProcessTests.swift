import ChildProcess
import Foundation
import Testing

/// The posix_spawn launcher against real programs (sh, cat, env, sleep): output, input, exit
/// statuses, signals, what the child inherits.
@Suite struct ChildProcessTests {
    @Test func collectsLargeStdoutAndStderrTogetherWithoutBlocking() throws {
        // 1 MB on each stream: far more than a pipe holds, so reading one after the other would hang.
        let output = try ChildProcess.run("/bin/sh", arguments: ["-c", "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2; exit 3"])
        #expect(output.termination == .exit(3))
        #expect(output.stdout.count == 1_000_000)
        #expect(output.stderr.count == 1_000_000)
    }

    @Test func feedsInputLargerThanAPipe() throws {
        let input = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let output = try ChildProcess.run("cat", input: input)
        #expect(output.termination == .exit(0))
        #expect(output.stdout == input)
    }

    @Test func mergesStderrIntoStdout() throws {
        let output = try ChildProcess.run("/bin/sh", arguments: ["-c", "echo out; echo err >&2"], stderr: .standardOutput)
        #expect(output.stdoutText == "out\nerr\n")
        #expect(output.stderr.isEmpty)
    }

    @Test func passesEnvironmentAndWorkingDirectory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try ChildProcess.run("/bin/sh", arguments: ["-c", "echo \"$ONLY\"; pwd -P; env | wc -l"],
                                          environment: ["ONLY": "this one", "PATH": "/usr/bin:/bin"], directory: folder.path)
        let lines = output.stdoutText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first == "this one")
        #expect(lines.dropFirst().first == folder.resolvingSymlinksInPath().path)
        // ONLY, PATH and what sh itself exports (PWD): nothing of the parent's own variables.
        #expect(Int(lines.last ?? "") ?? 99 <= 4, "\(lines)")
    }

    @Test func childInheritsOnlyTheThreeStandardDescriptors() throws {
        // A descriptor opened without O_CLOEXEC, as other code in the process may do.
        let leaky = open("/dev/null", O_RDONLY)
        #expect(leaky > 2)
        defer { close(leaky) }
        let output = try ChildProcess.run("/bin/sh", arguments: ["-c", "ls /proc/$$/fd"])
        let descriptors = Set(output.stdoutText.split(separator: "\n").map(String.init))
        #expect(!descriptors.contains(String(leaky)), "the child saw descriptor \(leaky): \(descriptors.sorted())")
        #expect(descriptors.isSuperset(of: ["0", "1", "2"]))
    }

    @Test func childStartsWithDefaultSignalsWhateverTheParentIgnoresOrBlocks() throws {
        // Swift Testing's threads may block signals; this thread ignores SIGPIPE and blocks SIGTERM.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        var block = sigset_t(), old = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &block, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        let output = try ChildProcess.run("/bin/grep", arguments: ["-E", "^Sig(Ign|Blk):", "/proc/self/status"])
        // The masks are hex bit sets (bit n-1: signal n); signals 32 and up are glibc's own.
        var masks: [String: UInt64] = [:]
        for line in output.stdoutText.split(separator: "\n") {
            let parts = line.split(separator: ":")
            if parts.count == 2 { masks[String(parts[0])] = UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16) }
        }
        let standard: UInt64 = 0x7fff_ffff
        #expect(masks["SigBlk"].map { $0 & standard } == 0, "\(output.stdoutText)")
        #expect(masks["SigIgn"].map { $0 & standard } == 0, "\(output.stdoutText)")
    }

    @Test func reportsDeathBySignalAndCanSignal() throws {
        let selfKilled = try ChildProcess.run("/bin/sh", arguments: ["-c", "kill -TERM $$"])
        #expect(selfKilled.termination == .signal(SIGTERM))

        let sleeper = try ChildProcess("sleep", arguments: ["30"])
        #expect(sleeper.isRunning)
        #expect(sleeper.wait(timeout: 0.2) == nil)
        sleeper.signal(SIGINT)
        #expect(sleeper.wait(timeout: 10) == .signal(SIGINT))
        #expect(!sleeper.isRunning)
        #expect(sleeper.wait() == .signal(SIGINT), "a second wait gives the same answer")
    }

    @Test func waitingFromSeveralThreadsGivesEveryoneTheStatus() async throws {
        let child = try ChildProcess("/bin/sh", arguments: ["-c", "sleep 0.3; exit 5"])
        let results = await withTaskGroup(of: Termination.self) { group in
            for _ in 0..<4 { group.addTask { child.wait() } }
            group.addTask { while child.isRunning { usleep(1_000) }; return child.wait() }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: .exit(5), count: 5))
    }

    @Test func aMissingProgramThrowsWithTheErrno() throws {
        #expect {
            _ = try ChildProcess("/nonexistent/program", arguments: ["x"])
        } throws: { error in
            guard let error = error as? ChildProcessError else { return false }
            return error.code == ENOENT && error.operation == "posix_spawn" && error.description.contains("/nonexistent/program x")
        }
    }

    @Test func pipesAndFilesAsStreams() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("child-out-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: file) }
        let child = try ChildProcess("/bin/sh", arguments: ["-c", "read line; echo \"got $line\"; echo note >&2"],
                                     stdin: .pipe, stdout: .file(file.path), stderr: .pipe)
        try child.standardInput?.write(contentsOf: Data("hello\n".utf8))
        try child.standardInput?.close()
        let stderr = child.standardError?.readDataToEndOfFile() ?? Data()
        #expect(child.wait() == .exit(0))
        #expect(try String(contentsOf: file, encoding: .utf8) == "got hello\n")
        #expect(String(decoding: stderr, as: UTF8.self) == "note\n")
    }
}
