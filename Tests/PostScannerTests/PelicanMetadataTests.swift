import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Pelican's Markdown metadata: `Key: value` lines from the first line, no fences.
@Suite struct PelicanMetadataTests {
    static let post = """
    Title: Harbour: a walk
    Date: 2024-03-04 10:20
    Tags: walks,
        harbours
    Summary: Boats, and a lighthouse.
    Cover: {static}/images/cover.png

    ![The lighthouse]({static}/images/light.png)

    Text after the image.
    """

    /// A Pelican site with the post above and the files it names.
    static func site() throws -> SiteTree {
        try SiteTree("pelican-meta", [
            "pelicanconf.py": "PATH = 'content'\nSTATIC_PATHS = ['images']\nSITEURL = ''\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\n",
            "content/harbour.md": post, "content/images/light.png": "light", "content/images/cover.png": "cover",
        ])
    }

    @Test func keyValueLinesAtTheTopAreThePostsMetadata() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        let scanned = try tree.scan("content/harbour.md")
        #expect(scanned.generator == "pelican")
        #expect(scanned.title == "Harbour: a walk")
        #expect(scanned.date == "2024-03-04 10:20")
        let light = try #require(SiteTree.image(scanned, "{static}/images/light.png"))
        #expect(SiteTree.file(light) == tree.path + "/content/images/light.png")
        #expect(light.caption == "The lighthouse")
        let cover = try #require(scanned.images.first { $0.isCover })
        #expect(SiteTree.file(cover) == tree.path + "/content/images/cover.png")

        let front = try FrontMatter.split(Self.post, input: "harbour.md")
        #expect(front.fields["tags"] == "walks,\nharbours")
        #expect(front.body.hasPrefix("![The lighthouse]"))
    }

    @Test(arguments: [
        "Note: remember the tide tables.\n\n![A](a.png)\n",  // no title: an ordinary first line
        "\nTitle: After a blank line\n\n![A](a.png)\n",  // not on the first line
        "Title with no colon\n\n![A](a.png)\n",
        "    Title: indented as code\n\n![A](a.png)\n",
    ])
    func otherOpeningsStayBodyText(text: String) throws {
        let front = try FrontMatter.split(text, input: "p.md")
        #expect(front.fields.isEmpty)
        #expect(front.body == text[...])
    }

    @Test func anHTMLFileHasNoSuchMetadataAndALineOfAnotherShapeEndsIt() throws {
        let html = "title: x\n\n<img src=\"a.png\">\n"
        #expect(try FrontMatter.split(html, input: "p.html", markdown: false).fields.isEmpty)
        let front = try FrontMatter.split("Title: T\nDate: 2024-01-01\nThe body starts here.\n", input: "p.md")
        #expect(front.fields == ["title": "T", "date": "2024-01-01"])
        #expect(front.body == "The body starts here.\n")
    }

    @Test(BuiltPage.available("pelican"))
    func pelicanItselfReadsTheSameTitleAndShowsTheChosenFile() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        try BuiltPage.build("pelican", tree, output: "output")
        let scanned = try tree.scan("content/harbour.md")
        let page = try String(contentsOfFile: tree.path + "/output/harbour-a-walk.html", encoding: .utf8)
        #expect(page.contains(try #require(scanned.title)), "\(page)")
        #expect(!page.contains("Date: 2024"), "the metadata was shown as text")
        try BuiltPage.expectShowsTheChosenFiles(page: "harbour-a-walk.html", of: tree, output: "output", prefix: "",
                                                images: scanned.images)
    }
}
