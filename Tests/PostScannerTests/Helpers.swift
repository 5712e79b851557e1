import Foundation
@testable import PostScanner

/// Scans an HTML snippet as a Markdown post with optional front matter; the one post it yields.
func scanSnippet(_ body: String, front: String = "title: 'A post'", path: String = "post.md",
                 folder: URL? = nil) throws -> ScannedPost {
    let text = front.isEmpty ? body : "---\n\(front)\n---\n\(body)"
    let posts = try PostScanner().scan(data: Data(text.utf8), displayPath: path, baseFolder: folder)
    guard let post = posts.first else { throw ScanError(input: path, reason: "no post") }
    return post
}

/// Scans a whole document (a feed, an export, a post) written in a test, by its path's format.
func scanDocument(_ text: String, path: String) throws -> [ScannedPost] {
    try PostScanner().scan(data: Data(text.utf8), displayPath: path, baseFolder: nil)
}
