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
