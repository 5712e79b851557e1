import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Org posts (`.org`, which Hugo renders itself): image links, `#+CAPTION:`, `#+ATTR_HTML: :alt`,
/// thumbnails linking to their full size, code blocks and HTML export blocks; checked against
/// hugo's own rendering.
@Suite struct OrgDocumentTests {
    static let post = """
        #+TITLE: A walk by the sea
        #+DATE: <2024-03-05 Tue>

        * The pier

        Some text with a [[https://example.org][link]] and a [[https://cdn.example/x.jpg][link to a picture]].

        #+CAPTION: The pier at dawn
        #+ATTR_HTML: :alt Wooden pier :width 600
        [[file:images/pier.jpg]]

        [[./boats.png]]

        [[file:images/full.jpg][file:images/thumb.jpg]]

        #+BEGIN_SRC org
        [[file:in-code.png]]
        #+END_SRC

        # [[file:commented.png]]

        #+BEGIN_EXPORT html
        <img src="raw.png" alt="Raw">
        #+END_EXPORT
        """

    static func site() throws -> SiteTree {
        try SiteTree("org", [
            "hugo.toml": "baseURL = \"https://example.org/\"\ntitle = \"x\"\n[markup.goldmark.renderer]\nunsafe = true\n",
            "layouts/_default/single.html": "<h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02\" }}</time>{{ .Content }}",
            "layouts/_default/list.html": "{{ range .Pages }}{{ .Title }}{{ end }}",
            "content/posts/walk/index.org": post,
            "content/posts/walk/images/pier.jpg": "", "content/posts/walk/boats.png": "", "content/posts/walk/images/thumb.jpg": "",
            "content/posts/walk/images/full.jpg": "", "content/posts/walk/raw.png": "",
        ])
    }

    @Test func imageLinksCaptionsAndThumbnails() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        let scanned = try tree.scan("content/posts/walk/index.org")
        #expect(scanned.title == "A walk by the sea")
        #expect(scanned.date == "2024-03-05")
        #expect(scanned.images.map(\.src) == ["images/pier.jpg", "./boats.png", "images/thumb.jpg", "raw.png"])
        #expect(scanned.images.first?.caption == "The pier at dawn")
        #expect(scanned.images.first?.alt == "Wooden pier")
        // The thumbnail links to its full size, which is fetched.
        #expect(SiteTree.file(scanned.images[2]) == tree.path + "/content/posts/walk/images/full.jpg")
        #expect(scanned.images.allSatisfy { !$0.missingFile })
        #expect(tree.walk() == ["content/posts/walk/index.org"])
    }

    @Test(BuiltPage.available("hugo"))
    func hugoItselfShowsTheSameImages() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        try BuiltPage.build("hugo", tree, output: "public")
        let html = try String(contentsOfFile: tree.path + "/public/posts/walk/index.html", encoding: .utf8)
        let scanned = try tree.scan("content/posts/walk/index.org")
        #expect(SitePaths.attributeValues("src", in: html) == scanned.images.map(\.src), "\(html)")
        #expect(html.contains("The pier at dawn") && html.contains("<h1>A walk by the sea</h1>") && html.contains("<time>2024-03-05</time>"), "\(html)")
    }
}
