import Foundation

/// One image of `Examples/fixtures/manifest.tsv`: the URL the server answers and the file it sends.
public struct FixtureImage: Sendable, Equatable {
    /// The full URL as requested (entity-decoded).
    public let url: String
    /// The image file that the server sends for `url`.
    public let file: URL
    /// The Content-Type the server sends.
    public let contentType: String
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int

    /// Every entry of MANIFEST (default: the example fixtures), in file order.
    public static func all(in manifest: URL = FixtureServer.defaultManifest) throws -> [FixtureImage] {
        let text = try String(contentsOf: manifest, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 5, let width = Int(columns[3]), let height = Int(columns[4]) else { return nil }
            let file = manifest.deletingLastPathComponent().appendingPathComponent(columns[1])
            return FixtureImage(url: columns[0], file: file, contentType: columns[2], width: width, height: height)
        }
    }

    /// The entry for URL, if the manifest has one.
    public static func named(_ url: String, in manifest: URL = FixtureServer.defaultManifest) throws -> FixtureImage? {
        try all(in: manifest).first { $0.url == url }
    }
}
