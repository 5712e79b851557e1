import ChildProcess
import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// AsciiDoc posts (`.adoc`, read by Hugo and Jekyll): block and inline image macros under
/// `:imagesdir:`, block titles as captions, code and comments left out; checked against
/// Asciidoctor's own rendering.
@Suite struct AsciiDocTests {
    static let body = """
        = Ignored when the front matter has a title
        :imagesdir: images

        Intro with an inline image:icons/star.png[Star] in the text.

        .The harbour at dawn
        image::harbour.jpg[Harbour, 600]

        image::https://cdn.example/remote.jpg[Remote, title="A remote one"]

        [source,asciidoc]
        ----
        image::in-code.png[]
        ----

        ////
        image::in-comment.png[]
        ////

        ++++
        <img src="raw.png" alt="Raw">
        ++++
        """

    static func site() throws -> SiteTree {
        try SiteTree("asciidoc", [
            "hugo.toml": "baseURL = \"https://example.org/\"\n",
            "content/posts/trip/index.adoc": "---\ntitle: \"Trip\"\n---\n" + body,
            "content/posts/trip/images/icons/star.png": "", "content/posts/trip/images/harbour.jpg": "", "content/posts/trip/raw.png": "",
            "content/posts/plain.adoc": "= Plain Title\n\nimage::a.png[A]\n",
        ])
    }

    @Test func imagesUnderTheImagesFolderCaptionedByTheirBlockTitle() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        let post = try tree.scan("content/posts/trip/index.adoc")
        #expect(post.title == "Trip")
        #expect(post.images.map(\.src) == ["images/icons/star.png", "images/harbour.jpg", "https://cdn.example/remote.jpg", "raw.png"])
        // The block title wins over the alt; elsewhere the author's alt is the caption, as for a site's Markdown.
        #expect(post.images.map(\.caption) == ["Star", "The harbour at dawn", "A remote one", "Raw"])
        #expect(post.images.allSatisfy { !$0.missingFile })
        #expect(try tree.scan("content/posts/plain.adoc").title == "Plain Title")
        #expect(tree.walk() == ["content/posts/plain.adoc", "content/posts/trip/index.adoc"])
    }

    @Test(.enabled(if: TestRequirement.isStrict || FileManager.default.isExecutableFile(atPath: "/usr/bin/asciidoctor"),
                   "asciidoctor is not installed (Scripts/setup installs the Debian package)"))
    func asciidoctorShowsTheSameImages() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        let file = tree.path + "/body.adoc"
        try Self.body.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try ChildProcess.run("/usr/bin/asciidoctor", arguments: ["-s", "-o", "-", file],
                                          environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], directory: tree.path)
        #expect(result.termination == .exit(0))
        let html = result.stdoutText
        let post = try tree.scan("content/posts/trip/index.adoc")
        #expect(SitePaths.attributeValues("src", in: html) == post.images.map(\.src), "\(html)")
        #expect(html.contains("The harbour at dawn") && html.contains("A remote one"))
    }
}
