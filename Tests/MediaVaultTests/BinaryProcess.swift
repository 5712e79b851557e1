import ChildProcess
import Foundation
import Testing

/// The built `mediavault` binary started in the background, its stdout and stderr going to
/// files (so a test can watch them while it runs and signal the process), or its stdout to a
/// pipe whose reading end is already closed.
final class BinaryProcess {
    /// The running binary (started with posix_spawn, not Foundation's Process: see ChildProcess).
    let process: ChildProcess
    /// Where stdout goes (empty when it goes to a closed pipe).
    let stdoutFile: URL
    /// Where stderr goes.
    let stderrFile: URL

    /// Starts the binary; `closedStdout` gives it a stdout pipe nobody reads (the reading end is
    /// closed before the start, so its first write fails with EPIPE, as after `| head -0`).
    /// `environment` adds to (or replaces in) the test process's own variables.
    init(_ arguments: [String], closedStdout: Bool = false, environment: [String: String] = [:]) throws {
        let folder = FileManager.default.temporaryDirectory
        let id = UUID().uuidString.prefix(8)
        stdoutFile = folder.appendingPathComponent("mediavault-out-\(id)")
        stderrFile = folder.appendingPathComponent("mediavault-err-\(id)")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let merged = environment.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        if closedStdout {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            close(ends[0])
            defer { close(ends[1]) }
            process = try ChildProcess(EndToEndTests.binary.path, arguments: arguments, environment: merged,
                                       stdout: .descriptor(ends[1]), stderr: .file(stderrFile.path))
        } else {
            process = try ChildProcess(EndToEndTests.binary.path, arguments: arguments, environment: merged,
                                       stdout: .file(stdoutFile.path), stderr: .file(stderrFile.path))
        }
    }

    deinit {
        if process.isRunning { process.signal(SIGTERM); _ = process.wait(timeout: 10) }
        try? FileManager.default.removeItem(at: stdoutFile)
        try? FileManager.default.removeItem(at: stderrFile)
    }

    /// stdout so far.
    var stdout: String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
    /// stderr so far.
    var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }
    /// stdout parsed as JSON Lines.
    var lines: [[String: Any]] {
        stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Waits until stdout holds a line of `type`; false after `timeout` seconds or when the process ended first.
    func waitForLine(type: String, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if lines.contains(where: { $0["type"] as? String == type }) { return true }
            if !process.isRunning { return false }
            usleep(20_000)
        }
        return false
    }

    /// Waits until stderr contains `text`; false after `timeout` seconds or when the process ended first.
    func waitForStderr(_ text: String, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stderr.contains(text) { return true }
            if !process.isRunning { return false }
            usleep(20_000)
        }
        return false
    }

    /// Sends a signal to the process.
    func send(_ signal: Int32) { process.signal(signal) }

    /// Waits for the exit (at most `timeout` seconds, then kills it) and returns the status.
    func wait(timeout: TimeInterval = 60) -> Int32 {
        if let ended = process.wait(timeout: timeout) { return ended.status }
        process.signal(SIGKILL)
        Issue.record("mediavault did not exit within \(timeout) s; killed")
        return process.wait().status
    }
}
