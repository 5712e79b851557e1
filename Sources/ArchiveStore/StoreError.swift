import Foundation

/// Why the archive could not store or read something; the message names the file and what to do.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file-system operation failed (disk full, permissions, read-only archive).
    case io(String)
    /// Another process holds the archive's lock.
    case busy(String)
    /// The catalog refused an operation.
    case catalog(String)

    /// The message for a person.
    public var description: String {
        switch self {
        case .io(let message), .busy(let message), .catalog(let message): message
        }
    }

    /// `io` error for the current `errno`.
    public static func posix(_ what: String, _ path: String) -> StoreError {
        .io("\(what) \(path): \(SystemError.describe(errno: errno))")
    }
}
