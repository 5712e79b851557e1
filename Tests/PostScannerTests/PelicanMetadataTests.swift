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

    @Test func theThemesStaticFilesAreUnderItsOutputFolder() throws {
        // Pelican copies the theme's `static/` to `theme/` (`THEME_STATIC_DIR`) in the output:
        // attila's `Header_Cover: theme/images/banner.jpg`, a body's `/theme/images/logo.png`.
        let tree = try SiteTree("pelican-theme", [
            "pelicanconf.py": "PATH = 'content'\nTHEME = 'themes/attila'\n",
            "content/proxy.md": "Title: Proxy\nHeader_Cover: theme/images/banner.jpg\n\n![Logo](/theme/images/logo.png)\n\n![Own](/theme/own.png)\n",
            "themes/attila/static/images/banner.jpg": "", "themes/attila/static/images/logo.png": "",
            "content/theme/own.png": "",
            "other/pelicanconf.py": "PATH = 'content'\nTHEME = '/opt/themes/flex'\nTHEME_STATIC_DIR = 'assets'\n",
            "other/content/a.md": "Title: A\n\n![Logo](/assets/img/logo.png)\n",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("content/proxy.md")
        #expect(scanned.images.map { SiteTree.file($0) } == [tree.path + "/themes/attila/static/images/logo.png", tree.path + "/content/theme/own.png",
                                                            tree.path + "/themes/attila/static/images/banner.jpg"])
        #expect(scanned.images.map(\.missingFile) == [false, false, false])
        #expect(SiteTree.file(try tree.scan("other/content/a.md").images.first) == "/opt/themes/flex/static/img/logo.png")
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
