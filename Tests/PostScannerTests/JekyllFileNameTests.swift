import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// A Jekyll post without a title or date in its front matter has those Jekyll derives from
/// its file name (`_posts/2024-03-05-my-iOS-trip.md` → 2024-03-05, "My Ios Trip").
@Suite struct JekyllFileNameTests {
    static func site() throws -> SiteTree {
        try SiteTree("jekyll-file-name", [
            "_config.yml": "title: x\n",
            "_layouts/default.html": "<title>{{ page.title }}</title><time>{{ page.date | date: \"%Y-%m-%d\" }}</time>{{ content }}",
            "_posts/2024-03-05-my-iOS-trip.md": "---\nlayout: default\n---\nText\n",
            "_posts/2024-03-06-named.md": "---\nlayout: default\ntitle: Its own title\n---\nText\n",
            "about.md": "---\nlayout: default\n---\n# About me\n",
        ])
    }

    @Test func aPostWithoutTitleOrDateTakesThemFromItsFileName() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        let post = try tree.scan("_posts/2024-03-05-my-iOS-trip.md")
        #expect(post.title == "My Ios Trip")
        #expect(post.date == "2024-03-05")
        #expect(try tree.scan("_posts/2024-03-06-named.md").title == "Its own title")
        // A page outside `_posts` has no date in its name: its heading stays its title.
        #expect(try tree.scan("about.md").title == "About me")
    }

    @Test(BuiltPage.available("jekyll"))
    func jekyllItselfGivesTheSameTitleAndDate() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        try BuiltPage.build("jekyll", tree, output: "_site", arguments: ["build"])
        let html = try String(contentsOfFile: tree.path + "/_site/2024/03/05/my-iOS-trip.html", encoding: .utf8)
        let post = try tree.scan("_posts/2024-03-05-my-iOS-trip.md")
        #expect(html.contains("<title>\(post.title ?? "-")</title>"), "\(html)")
        #expect(html.contains("<time>\(post.date ?? "-")</time>"), "\(html)")
    }
}
