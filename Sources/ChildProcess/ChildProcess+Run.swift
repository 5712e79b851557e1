import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a child that ran to its end printed, and how it ended.
public struct ChildOutput: Sendable {
    /// How it ended.
    public let termination: Termination
    /// Everything it wrote to stdout.
    public let stdout: Data
    /// Everything it wrote to stderr (empty when stderr was not captured).
    public let stderr: Data

    /// The exit status, or the signal's number.
    public var status: Int32 { termination.status }
    /// stdout as UTF-8 text (invalid bytes replaced).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// stderr as UTF-8 text (invalid bytes replaced).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

extension ChildProcess {
    /// Runs `executable` to its end, feeding it `input` on stdin (nothing: /dev/null) and
    /// collecting stdout and stderr; `stderr` may instead be `.inherit`, `.null` or
    /// `.standardOutput` (merged into stdout). Both pipes are drained together, so a child
    /// that fills one while the parent reads the other cannot block.
    public static func run(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        directory: String? = nil,
        input: Data? = nil,
        stderr: Redirect = .pipe
    ) throws -> ChildOutput {
        let child = try ChildProcess(executable, arguments: arguments, environment: environment, directory: directory,
                                     stdin: input == nil ? .null : .pipe, stdout: .pipe, stderr: stderr)
        // Index 0 collects stdout, 1 stderr; a stream leaves `open` at its end of file.
        var collected = [Data(), Data()]
        var open = [child.standardOutput, child.standardError].enumerated().compactMap { index, handle in
            handle.map { (index: index, fd: $0.fileDescriptor) }
        }
        var pending = input ?? Data()
        var writer = child.standardInput.map { $0.fileDescriptor } ?? -1
        if writer >= 0 {
            // Non-blocking, so a child that reads slowly never stalls the draining of its output.
            _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK)
            if pending.isEmpty { try? child.standardInput?.close(); writer = -1 }
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !open.isEmpty || writer >= 0 {
            var polled = open.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            if writer >= 0 { polled.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
            guard poll(&polled, nfds_t(polled.count), -1) >= 0 else {
                if errno == EINTR { continue }
                throw ChildProcessError(commandLine: child.commandLine, operation: "poll", code: errno, hint: "reading the child's output failed")
            }
            for (position, entry) in polled.prefix(open.count).enumerated().reversed() where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    collected[open[position].index].append(contentsOf: buffer[0..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.remove(at: position)
                }
            }
            if writer >= 0, let entry = polled.last, entry.revents != 0 {
                let written = pending.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
                if written > 0 { pending.removeFirst(written) }
                if pending.isEmpty || (written < 0 && errno != EAGAIN && errno != EINTR) {
                    try? child.standardInput?.close()  // end of input (or the child closed its end)
                    writer = -1
                }
            }
        }
        return ChildOutput(termination: child.wait(), stdout: collected[0], stderr: collected[1])
    }
}
