import Foundation
import Testing
@testable import PostScanner

/// A Substack export: the post files hold the body only; `posts.csv` says each post's title and
/// date and whether it was published.
@Suite struct SubstackExportTests {
    @Test func postsTakeTheirTitleAndDateFromTheCSVAndDraftsAreNotPosts() throws {
        let image = "https://substackcdn.com/image/fetch/w_1456,c_limit,f_auto,q_auto:good/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2Fabc.png"
        let body = """
            <p>Intro</p><div class="captioned-image-container"><figure><a class="image-link image2" href="\(image)">\
            <img src="\(image)" alt=""></a><figcaption class="image-caption">The pier at dusk</figcaption></figure></div>
            """
        let csv = #"""
            post_id,post_date,is_published,email_sent_at,inbox_sent_at,type,audience,title,subtitle,podcast_url
            123456.my-slug,2024-01-02T10:00:00.000Z,true,,,newsletter,everyone,"Piers, boats and ""light""",A subtitle,
            789.unfinished,,false,,,newsletter,everyone,Draft,,

            """#
        let tree = try SiteTree("substack", ["posts.csv": csv, "posts/123456.my-slug.html": body, "posts/789.unfinished.html": "<p>draft</p>"])
        defer { tree.remove() }
        let post = try tree.scan("posts/123456.my-slug.html")
        #expect(post.generator == "substack")
        #expect(post.title == #"Piers, boats and "light""#)
        #expect(post.date == "2024-01-02T10:00:00.000Z")
        #expect(post.images.map(\.caption) == ["The pier at dusk"])
        #expect(post.images.first?.innerURL == "https://substack-post-media.s3.amazonaws.com/public/images/abc.png")
        #expect(tree.walk() == ["posts/123456.my-slug.html"])
        // The export does not say the publication's address; `--site-url` does.
        #expect(post.url == nil)
        #expect(try tree.scan("posts/123456.my-slug.html", siteURL: "https://piers.substack.com").url == "https://piers.substack.com/p/my-slug")
    }
}
