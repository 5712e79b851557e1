import Foundation

/// Where an archive's bytes live, parsed once from `--archive` (or `$MEDIAVAULT_ARCHIVE`).
public enum ArchiveAddress: Sendable, Equatable, CustomStringConvertible {
    /// A local folder (today's layout, with `catalog.sqlite` inside by default).
    case local(URL)
    /// An S3 bucket (any S3-compatible service) and a key prefix (empty, or ending in `/`).
    case s3(bucket: String, prefix: String)

    /// `s3://BUCKET/PREFIX` or a folder path.
    public static func parse(_ text: String) throws -> ArchiveAddress {
        guard text.lowercased().hasPrefix("s3://") else { return .local(URL(fileURLWithPath: text).standardizedFileURL) }
        let rest = text.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        // Bucket names: 3–63 lower-case letters, digits, dots and hyphens (the S3 rules).
        guard (3...63).contains(bucket.count), bucket.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }) else {
            throw ArchiveAddressError("--archive \(text): \"\(bucket)\" is not an S3 bucket name (3–63 lower-case letters, digits, dots or hyphens); write s3://BUCKET/PREFIX")
        }
        let prefix = rest.dropFirst(bucket.count).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return .s3(bucket: bucket, prefix: prefix.isEmpty ? "" : prefix + "/")
    }

    /// The address as a person writes it.
    public var description: String {
        switch self {
        case .local(let folder): folder.path
        case .s3(let bucket, let prefix): "s3://\(bucket)/\(prefix)"
        }
    }
}

/// A bad `--archive`, `--catalog` or a missing setting they need; the message names the option
/// or variable to fix (exit 2).
public struct ArchiveAddressError: Error, CustomStringConvertible, Sendable {
    /// The message for a person.
    public let description: String

    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
