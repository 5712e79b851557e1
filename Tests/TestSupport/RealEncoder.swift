import ChildProcess
import Foundation

/// A real image encoder a test makes its files with (Debian's, installed by Scripts/setup), and
/// why the checks that need it cannot run without it.
public struct RealEncoder: Sendable {
    /// The executable.
    public let path: String
    /// The Debian package that has it.
    public let package: String

    /// libheif's `heif-enc` (HEIC, and AVIF with `-A`).
    public static let heif = RealEncoder(path: "/usr/bin/heif-enc", package: "libheif-examples")
    /// libjxl's `cjxl`.
    public static let jpegXL = RealEncoder(path: "/usr/bin/cjxl", package: "libjxl-tools")

    /// Why checks needing `encoders` cannot run here, naming each absent one and its package;
    /// nil when all are installed.
    public static func missing(_ encoders: [RealEncoder]) -> String? {
        let absent = encoders.filter { !FileManager.default.isExecutableFile(atPath: $0.path) }
        guard !absent.isEmpty else { return nil }
        return "\(absent.map(\.path).joined(separator: " and ")) not installed (Scripts/setup installs "
            + "\(absent.map(\.package).joined(separator: " and "))); the checks that need it are skipped"
    }

    /// Runs the encoder with `arguments` in `folder`; throws when it is missing or fails.
    public func run(_ arguments: [String], in folder: URL) throws {
        if let missing = Self.missing([self]) { throw EncoderFailure(description: missing) }
        let result = try ChildProcess.run(path, arguments: arguments, directory: folder.path, stderr: .null)
        guard result.termination == .exit(0) else {
            throw EncoderFailure(description: "\(path) \(arguments.joined(separator: " ")) ended with \(result.termination)")
        }
    }
}

/// A real encoder missing or failed.
public struct EncoderFailure: Error, CustomStringConvertible {
    /// What happened.
    public let description: String
}
