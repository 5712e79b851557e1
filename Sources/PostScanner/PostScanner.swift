import Foundation

/// Reads posts (Markdown with front matter, HTML pages, RSS/Atom feeds) and returns their images.
/// Never touches the network: feed URLs are fetched by the caller and handed in as bytes.
public struct PostScanner: Sendable {
    /// Creates a scanner.
    public init() {}

    /// Scans one file; a feed yields one post per item. `displayPath` is how the post is named
    /// in output (usually the path as the user gave it, or relative to the input folder).
    public func scan(fileAt file: URL, displayPath: String) throws(ScanError) -> [ScannedPost] {
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw ScanError(input: displayPath, reason: "cannot read the file (\(error.localizedDescription)); check the path and permissions")
        }
        return try scan(data: data, displayPath: displayPath, baseFolder: file.deletingLastPathComponent())
    }

    /// Scans a document held in memory. `baseFolder` resolves relative image paths when the
    /// post has no URL of its own; `sourceURL` is the address a fetched feed came from.
    public func scan(data: Data, displayPath: String, baseFolder: URL?, sourceURL: String? = nil) throws(ScanError) -> [ScannedPost] {
        throw ScanError(input: displayPath, reason: "scanner not implemented yet")
    }
}
