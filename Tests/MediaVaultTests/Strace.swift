import ChildProcess
import Foundation
import Testing

/// strace (Debian `strace`, installed by Scripts/setup) around the binary.
enum Strace {
    /// The strace binary, or nil when it is not installed.
    static let path: String? = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why the traced tests cannot run here (nil when they can).
    static var skipReason: String? {
        path == nil ? "strace is not installed (Scripts/setup installs the Debian `strace` package); descriptor checks skipped" : nil
    }

    /// One traced run: the binary's output and the system calls that failed, one per line.
    struct Trace {
        var status: Int32
        var stdout: String
        var stderr: String
        var failedCalls: [String]
        /// Failed close(2) calls with EBADF: numbers closed that the process did not hold.
        var badCloses: [String] { failedCalls.filter { $0.contains("close(") && $0.contains("EBADF") } }
    }

    /// Runs the binary with `arguments` under `strace -f`, recording its failed close and flock calls.
    static func run(_ arguments: [String]) throws -> Trace {
        let path = try #require(path, "strace is not installed")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("mediavault-strace-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try ChildProcess.run(path, arguments: ["-f", "--seccomp-bpf", "-qq", "-e", "trace=close,flock", "-e", "status=failed",
                                                            "-o", log.path, EndToEndTests.binary.path] + arguments)
        let failed = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        return Trace(status: output.status, stdout: output.stdoutText, stderr: output.stderrText, failedCalls: failed)
    }
}
