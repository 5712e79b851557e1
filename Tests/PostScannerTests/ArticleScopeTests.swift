import Foundation
import Testing
@testable import PostScanner

/// A whole web page (a built site's page, a saved article) is read for its article's pictures:
/// the site's logo, avatar, sidebar thumbnails and footer QR code are chrome.
@Suite struct ArticleScopeTests {
    static let page = """
    <html><head><title>Hokkaido</title><meta property="og:image" content="https://h/cover.jpg"></head><body>
    <header><img src="https://h/logo.png" alt="logo"></header>
    <aside><img src="https://h/avatar.jpeg"><div class="aside-list-item"><a class="thumbnail" href="/p/1/" title="北海道游记"><img src="https://h/recent.jpeg" alt="北海道游记"></a>
    <div class="content"><a class="title" href="/p/1/">北海道游记</a></div></div></aside>
    <main><article class="post"><div class="post-cover"><img src="https://h/cover.jpg"></div><h1>Hokkaido</h1>
    <div id="article-container"><p><img src="https://h/1.jpg"></p><p style="text-align:center">小樽运河</p><p><img src="https://h/2.jpg"></p></div></article></main>
    <footer><img src="https://h/qr.png"></footer></body></html>
    """

    @Test func aPagesPicturesAreItsArticlesWithTheArticlesCover() throws {
        let post = try scanSnippet(Self.page, front: "", path: "hokkaido/index.html")
        #expect(post.images.map(\.url) == ["https://h/cover.jpg", "https://h/1.jpg", "https://h/2.jpg"])
        #expect(post.images.map(\.caption) == [nil, "小樽运河", nil])
        #expect(post.images.first?.isCover == true)
    }

    @Test func aPagesTitleAndDateAreItsOpenGraphOnes() throws {
        let page = try scanSnippet("""
            <html><head><title>Hokkaido trip | Endo's blog</title><meta property="og:title" content="Hokkaido trip">
            <meta property="article:published_time" content="2026-01-23T14:41:11.000Z"></head><body><p>text</p></body></html>
            """, front: "", path: "trip.html")
        #expect(page.title == "Hokkaido trip" && page.date == "2026-01-23T14:41:11.000Z")
        let plain = try scanSnippet("<html><head><title>Only a title</title></head><body></body></html>", front: "", path: "plain.html")
        #expect(plain.title == "Only a title" && plain.date == nil)
    }

    @Test func bloggersNewEditorLinksAPictureToItsFullSizeWithoutImageanchor() throws {
        let post = try scanSnippet("""
            <a href="https://blogger.googleusercontent.com/img/b/R29/AVv/s1200/fees.png" style="clear: right;"><img height="100" src="https://blogger.googleusercontent.com/img/b/R29/AVv/w200-h100/fees.png" width="200"></a>
            <a href="https://blogger.googleusercontent.com/img/b/R29/AVv/s1200/other.png"><img src="https://blogger.googleusercontent.com/img/b/R29/AVv/w200-h100/chart.png"></a>
            """)
        #expect(post.images.map(\.url) == ["https://blogger.googleusercontent.com/img/b/R29/AVv/s1200/fees.png",
                                           "https://blogger.googleusercontent.com/img/b/R29/AVv/w200-h100/chart.png"])
    }

    @Test func aPageThatNamesNoArticleAndAPostsBodyAreReadWhole() throws {
        let bare = try scanSnippet("<html><body><header><img src=\"https://h/logo.png\"></header><p><img src=\"https://h/1.jpg\"></p></body></html>",
                                   front: "", path: "bare.html")
        #expect(bare.images.map(\.url) == ["https://h/logo.png", "https://h/1.jpg"])
        // A named article without a picture does not hide the page's pictures either.
        let empty = try scanSnippet("<html><body><p><img src=\"https://h/1.jpg\"></p><div class=\"post-content\">text</div></body></html>",
                                    front: "", path: "empty.html")
        #expect(empty.images.map(\.url) == ["https://h/1.jpg"])
        // A Markdown post's body is all article.
        let markdown = try scanSnippet("<aside><img src=\"https://h/a.png\"></aside><div class=\"post-content\"><img src=\"https://h/b.png\"></div>")
        #expect(markdown.images.map(\.url) == ["https://h/a.png", "https://h/b.png"])
    }
}
