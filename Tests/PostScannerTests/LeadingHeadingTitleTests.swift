import Foundation
import Testing
@testable import PostScanner

/// A Markdown post whose front matter names no title takes the level-1 heading it opens with.
@Suite struct LeadingHeadingTitleTests {
    private func title(_ text: String, path: String = "p.md") throws -> String? {
        try PostScanner().scan(data: Data(text.utf8), displayPath: path, baseFolder: nil).first?.title
    }

    @Test(arguments: [
        ("# A *walk* by the [harbour](https://x.example)\n\n![a](https://x.example/a.png)\n", "A walk by the harbour"),
        ("\n\n   # Closed heading ##\n\nText\n", "Closed heading"),
        ("Setext title\n============\n\nText\n", "Setext title"),
        ("---\ndate: 2024-01-01\n---\n\n# After front matter\n", "After front matter"),
    ])
    func aLeadingLevelOneHeadingIsTheTitle(text: String, expected: String) throws {
        #expect(try title(text) == expected)
    }

    @Test(arguments: [
        "Intro first\n\n# Later heading\n",  // not what the post opens with
        "## Second level\n",
        "    # Indented as code\n",
        "#hashtag without a space\n",
        "Setext two\n----------\n",
    ])
    func otherOpeningsGiveNoTitle(text: String) throws {
        #expect(try title(text) == nil)
    }

    @Test func frontMatterAndHTMLKeepTheirOwnRules() throws {
        #expect(try title("---\ntitle: Declared\n---\n# Heading\n") == "Declared")
        #expect(try title("<h1>Heading</h1>\n<p>Text</p>\n", path: "p.html") == nil)
        #expect(try title("# Heading\n", path: "p.html") == nil)
    }
}
