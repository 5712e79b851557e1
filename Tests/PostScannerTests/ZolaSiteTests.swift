import Foundation
import Testing
@testable import PostScanner

/// Zola sites: told from Hugo's by `base_url`, co-located assets, `static/`, `@/` paths, the
/// `[extra]` table and shortcodes written as calls. Zola is not packaged for Debian, so the rules
/// are checked on written trees against Zola's documented behaviour.
@Suite struct ZolaSiteTests {
    @Test func colocatedStaticAndContentPathsUnderTheBaseURL() throws {
        let post = """
        +++
        title = "First post"
        date = 2024-03-01
        [extra]
        cover = "cover.jpg"
        +++
        ![A cat](cat.png)

        ![Logo](/images/logo.png)

        ![Under the base path](/site/images/logo.png)

        ![Internal](@/blog/first/cat.png)

        ![Published path](/blog/first/cat.png)

        {{ image(src="photo.jpg", caption="A *photo* of the bay", width=300) }}

        {% figure(src="/images/chart.png", alt="Chart") %}
        Sales by [month](https://example.org/m)
        {% end %}

        {{ youtube(id="dQw4w9WgXcQ", autoplay=true) }}

        {{ gallery(images=["a.png", "b.png"], columns=2) }}
        """
        let tree = try SiteTree("zola", [
            "config.toml": "base_url = \"https://example.org/site\"\ntitle = \"Site\"\ncompile_sass = true\n\n[markdown]\nhighlight_code = true\n",
            "content/blog/_index.md": "+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n",
            "content/blog/first/index.md": post,
            "content/blog/first/cat.png": "", "content/blog/first/photo.jpg": "", "content/blog/first/cover.jpg": "",
            "content/blog/first/notes.html": "<img src=\"n.png\">",
            "static/images/logo.png": "", "static/images/chart.png": "",
            "templates/shortcodes/image.html": "<img src=\"{{ get_url(path=page.colocated_path ~ src) }}\">",
            "public/index.html": "<img src=\"x.png\">",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("content/blog/first/index.md")
        #expect(scanned.generator == "zola")
        let first = tree.path + "/content/blog/first/"
        #expect(scanned.images.map { SiteTree.file($0) } == [
            first + "cat.png", tree.path + "/static/images/logo.png", tree.path + "/static/images/logo.png", first + "cat.png",
            first + "cat.png", first + "photo.jpg", tree.path + "/static/images/chart.png", first + "cover.jpg",
        ])
        #expect(scanned.images.allSatisfy { !$0.missingFile })
        #expect(SiteTree.image(scanned, "photo.jpg")?.caption == "A photo of the bay")
        #expect(SiteTree.image(scanned, "/images/chart.png")?.caption == "Sales by month")
        #expect(scanned.images.last?.isCover == true)
        #expect(tree.walk() == ["content/blog/_index.md", "content/blog/first/index.md"])
    }

    @Test func imageFunctionsSearchTheProjectAndBodyCaptionsAreText() throws {
        // `resize_image(path=…)` looks in the project root, then static/, content/, public/; a
        // figure's body is rendered, so its link shows as text.
        let post = """
        +++
        title = "Boot"
        +++
        {{ resize_image(path="content/blog/boot/shot.png", width=600, op="fit_width") }}

        {{ resize_image(path="/static/metrics.png", width=600) }}

        {% figure(alt="cartographie", src="map.png") %}<a href="https://www.pappers.fr/x">Source</a> *2023*{% end %}
        """
        let tree = try SiteTree("zola-functions", [
            "config.toml": "base_url = \"https://example.org\"\ncompile_sass = false\n",
            "content/blog/boot/index.md": post, "content/blog/boot/shot.png": "", "content/blog/boot/map.png": "", "static/metrics.png": "",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("content/blog/boot/index.md")
        #expect(scanned.images.map { SiteTree.file($0) } == [tree.path + "/content/blog/boot/shot.png", tree.path + "/static/metrics.png",
                                                          tree.path + "/content/blog/boot/map.png"])
        #expect(scanned.images.last?.caption == "Source 2023")
    }

    @Test func aHugoSiteWithConfigTomlStaysHugo() throws {
        let tree = try SiteTree("zola-hugo", [
            "config.toml": "baseURL = \"https://example.org/\"\ntitle = \"Hugo\"\n",
            "content/posts/a.md": "---\ntitle: A\n---\n![x](/x.png)\n", "static/x.png": "",
        ])
        defer { tree.remove() }
        #expect(try tree.scan("content/posts/a.md").generator == "hugo")
    }

    @Test func shortcodeCallsAreReadOnlyWhenTheyHaveTheShapeOfOne() {
        #expect(SiteMarkup.shortcodeCall(#"image(src="a.png", sizes=[1, 2], alt='A b')"#)?.named == ["src": "a.png", "sizes": "[1, 2]", "alt": "A b"])
        #expect(SiteMarkup.shortcodeCall(" figure( src = \"a.png\" ) ")?.name == "figure")
        #expect(SiteMarkup.shortcodeCall("page.image") == nil)
        #expect(SiteMarkup.shortcodeCall(#""/a.png" | relative_url"#) == nil)
        #expect(SiteMarkup.shortcodeCall("include.file | append: \"(x)\"") == nil)
        #expect(SiteMarkup.shortcodeCall(#"image(src="a.png""#) == nil)
        #expect(SiteMarkup.shortcodeCall("f(1, 2)") == nil)
    }

    @Test func coversKeptInTheThemeTableOfFrontMatter() throws {
        let hugo = try SiteTree("params-cover", [
            "hugo.yaml": "baseURL: https://example.org/\n",
            "content/posts/a/index.md": "---\ntitle: A\nparams:\n  image: hero.png\n---\nText\n", "content/posts/a/hero.png": "",
        ])
        defer { hugo.remove() }
        let scanned = try hugo.scan("content/posts/a/index.md")
        #expect(scanned.images.map { SiteTree.file($0) } == [hugo.path + "/content/posts/a/hero.png"])
        #expect(scanned.images.first?.isCover == true)
    }
}
