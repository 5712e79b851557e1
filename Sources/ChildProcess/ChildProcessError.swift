#if canImport(Glibc)
import Glibc
#endif

/// A child process could not be started or talked to: which command, which call, its errno.
public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
    /// The command line that was being started.
    public let commandLine: String
    /// The call that failed (`posix_spawn`, `pipe2`, `poll`, ...).
    public let operation: String
    /// The errno (or the error number posix_spawn returned).
    public let code: Int32
    /// What to do about it.
    public let hint: String

    /// Creates the error; `code` is an errno value.
    public init(commandLine: String, operation: String, code: Int32, hint: String) {
        self.commandLine = commandLine
        self.operation = operation
        self.code = code
        self.hint = hint
    }

    /// "cannot start `cmd`: posix_spawn failed with errno 2 (No such file or directory); hint".
    public var description: String {
        "cannot start `\(commandLine)`: \(operation) failed with errno \(code) (\(String(cString: strerror(code)))); \(hint)"
    }
}
