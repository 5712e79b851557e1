import Foundation
@testable import PostScanner
import TestSupport

/// A small site tree written by a test: files by relative path, removed when the test ends.
struct SiteTree {
    /// The tree's root folder.
    let root: URL
    /// Its path, as the scanner reports paths.
    var path: String { root.standardizedFileURL.path }

    /// Writes `files` (relative path → text) under a new temporary folder.
    init(_ label: String, _ files: [String: String]) throws {
        root = try TestPaths.makeTemporaryFolder(label)
        for (relative, text) in files {
            let url = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// Scans one post of the tree (as `--site-url` says, when given).
    func scan(_ relative: String, siteURL: String? = nil) throws -> ScannedPost {
        let posts = try PostScanner(siteURL: siteURL).scan(filePath: path + "/" + relative, displayPath: relative)
        guard let post = posts.first else { throw ScanError(input: relative, reason: "no post") }
        return post
    }

    /// The posts a walk of `folder` (relative, "" for the root) reads, relative to the root.
    func walk(_ folder: String = "") -> [String] {
        InputWalker.expand([folder.isEmpty ? path : path + "/" + folder]).items.map { String($0.path.dropFirst(path.count + 1)) }
    }

    /// The image written as `src`, or nil.
    static func image(_ post: ScannedPost, _ src: String) -> ImageRef? {
        post.images.first { $0.src == src }
    }

    /// The local path an image resolved to (nil when it is not a file URL).
    static func file(_ image: ImageRef?) -> String? {
        image?.url.flatMap(URL.init(string:)).flatMap { $0.isFileURL ? $0.standardizedFileURL.path : nil }
    }

    /// Deletes the tree.
    func remove() { try? FileManager.default.removeItem(at: root) }
}
