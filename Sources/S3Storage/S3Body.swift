import Foundation

/// The bytes a request sends: in memory, or read from a file while uploading.
public enum S3Body: Sendable {
    /// Bytes already in memory.
    case data(Data)
    /// A file read from its start while uploading (an image in the archive's tmp/ folder).
    case file(URL)
}
