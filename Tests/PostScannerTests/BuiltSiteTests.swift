import Foundation
import Testing
@testable import PostScanner

/// A site already built (a generator's `public/`, a `wget --mirror` of a blog): `/path` is from
/// the folder holding the home page and a published site's files, as a browser reads the pages.
@Suite struct BuiltSiteTests {
    static let page = """
    <html><head><title>Wedding</title><link rel="canonical" href="http://localhost:1313/post/wed/"></head>
    <body><article><p><img src="/images/wedding-1.jpg" alt="The ceremony"></p>
    <p><img src="detail.jpg"></p><p><img src="/images/gone.jpg"></p></article></body></html>
    """

    @Test func rootRelativeReferencesAreFilesUnderTheBuiltRoot() throws {
        let tree = try SiteTree("built", [
            "public/index.html": "<html></html>", "public/sitemap.xml": "<urlset/>",
            "public/post/wed/index.html": Self.page, "public/post/wed/detail.jpg": "", "public/images/wedding-1.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("public/post/wed/index.html")
        #expect(post.generator == "built" && post.siteRoot == tree.path + "/public")
        #expect(SiteTree.file(SiteTree.image(post, "/images/wedding-1.jpg")) == tree.path + "/public/images/wedding-1.jpg")
        #expect(SiteTree.file(SiteTree.image(post, "detail.jpg")) == tree.path + "/public/post/wed/detail.jpg")
        let gone = try #require(SiteTree.image(post, "/images/gone.jpg"))
        #expect(gone.missingFile && SiteTree.file(gone) == tree.path + "/public/images/gone.jpg")
        // localize places archived files at the root, reached from the page's folder (opened from disk too).
        let site = try #require(Site.detect(root: tree.path + "/public"))
        let place = try #require(site.placement(forPost: tree.path + "/public/post/wed/index.html", directory: "images/archived"))
        #expect(place.folder == tree.path + "/public/images/archived")
        #expect(place.reference(to: "a.jpg") == "../../images/archived/a.jpg")
    }

    @Test func aFolderWithAHomePageAloneOrASourceTreeIsNoBuiltSite() throws {
        let tree = try SiteTree("not-built", [
            "pages/index.html": "<html></html>", "pages/post.html": Self.page,
            "jekyll/_config.yml": "title: x\n", "jekyll/index.html": "---\n---\n", "jekyll/404.html": "", "jekyll/_posts/2024-01-01-a.md": "![](/a.png)\n",
        ])
        defer { tree.remove() }
        #expect(try tree.scan("pages/post.html").generator == nil)
        #expect(try tree.scan("jekyll/_posts/2024-01-01-a.md").generator == "jekyll")
    }

    @Test func aCopyWithoutPublishedFilesIsBuiltWhenItsHomePageNamesItsGenerator() throws {
        // `wget --mirror` of a WordPress blog: no sitemap or robots.txt was fetched, but every
        // page says what made it.
        let home = #"<html><head><meta content="WordPress 6.4.2" name="generator"></head><body></body></html>"#
        let tree = try SiteTree("wget", [
            "blog.example.org/index.html": home, "blog.example.org/2024/01/wed/index.html": Self.page,
            "blog.example.org/images/wedding-1.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("blog.example.org/2024/01/wed/index.html")
        #expect(post.generator == "built" && post.siteRoot == tree.path + "/blog.example.org")
        #expect(SiteTree.file(SiteTree.image(post, "/images/wedding-1.jpg")) == tree.path + "/blog.example.org/images/wedding-1.jpg")
    }

    @Test func aSavedPageNamingADevelopmentServerIsReadBesideItsFile() throws {
        // Built by `hugo server`, the page calls itself http://localhost:1313/post/wed/: nobody
        // published it there, so its pictures are the files beside it and it has no address.
        let tree = try SiteTree("dev-server", ["saved/post.html": Self.page, "saved/detail.jpg": ""])
        defer { tree.remove() }
        let post = try tree.scan("saved/post.html")
        #expect(post.url == nil)
        #expect(SiteTree.file(SiteTree.image(post, "detail.jpg")) == tree.path + "/saved/detail.jpg")
        // Fetched from a server, the same page is where it says it is.
        let fetched = try #require(try PostScanner().scan(data: Data(Self.page.utf8), displayPath: "post.html", baseFolder: nil).first)
        #expect(fetched.url == "http://localhost:1313/post/wed/")
        #expect(SiteTree.image(fetched, "detail.jpg")?.url == "http://localhost:1313/post/wed/detail.jpg")
    }
}
