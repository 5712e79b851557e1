import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// A site's own image shortcodes: any argument naming an image file makes the shortcode an
/// image, and the site's template for it decides where a bare name points.
@Suite struct HugoShortcodeTemplateTests {
    /// A bundle using four shortcodes of the site and its theme, under a base URL with a path.
    static func site() throws -> SiteTree {
        let post = """
        ---
        title: Shortcodes
        ---
        {{< pic name="x.png" caption="X caption" >}}

        {{< shot "shots/c.png" >}}

        {{< res name="r.png" >}}

        {{< tpic file="t.png" >}}

        {{< download href="manual.png" >}}
        """
        return try SiteTree("hugo-shortcodes", [
            "hugo.toml": "baseURL = \"https://site.example/sub/\"\ntitle = \"x\"\ntheme = \"t\"\n",
            "layouts/shortcodes/pic.html": """
            <figure><img src="{{ "images/" | relURL }}{{ .Get "name" }}" alt="{{ .Get "alt" }}"><figcaption>{{ .Get "caption" }}</figcaption></figure>
            """,
            "layouts/shortcodes/shot.html": "{{ $src := .Get 0 }}<img class=\"shot\" src=\"{{ $src | relURL }}\">\n",
            "layouts/shortcodes/res.html": "{{ with .Page.Resources.GetMatch (.Get \"name\") }}<img src=\"{{ .RelPermalink }}\">{{ end }}\n",
            "layouts/shortcodes/download.html": "<a href=\"{{ .Get \"href\" | relURL }}\">download</a>\n",
            "themes/t/layouts/shortcodes/tpic.html": "<img src=\"{{ .Site.BaseURL }}theme-pics/{{ .Get \"file\" }}\">\n",
            "themes/t/layouts/_default/single.html": "<h1>{{ .Title }}</h1>{{ .Content }}",
            "themes/t/layouts/_default/list.html": "{{ range .Pages }}{{ .Title }}{{ end }}",
            "content/posts/trip/index.md": post,
            "content/posts/trip/x.png": "x in the bundle, not shown", "content/posts/trip/r.png": "r in the bundle",
            "static/images/x.png": "x under static/images", "static/shots/c.png": "c under static/shots",
            "static/theme-pics/t.png": "t under static/theme-pics", "static/manual.png": "a download",
        ])
    }

    @Test func aSitesShortcodeTemplateDecidesWhereABareNamePoints() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        let scanned = try tree.scan("content/posts/trip/index.md")
        #expect(scanned.images.map(\.src) == ["x.png", "shots/c.png", "r.png", "t.png"])  // not the download link
        let x = try #require(SiteTree.image(scanned, "x.png"))
        #expect(SiteTree.file(x) == tree.path + "/static/images/x.png")
        #expect(x.rule == "hugo shortcode pic: its template puts name at /sub/images/x.png")
        #expect(x.caption == "X caption")
        #expect(SiteTree.file(SiteTree.image(scanned, "shots/c.png")) == tree.path + "/static/shots/c.png")
        // `.Page.Resources.GetMatch` is not evaluated: the name is the bundle's resource, as before.
        #expect(SiteTree.file(SiteTree.image(scanned, "r.png")) == tree.path + "/content/posts/trip/r.png")
        #expect(SiteTree.file(SiteTree.image(scanned, "t.png")) == tree.path + "/static/theme-pics/t.png")
    }

    /// A bundle whose shortcodes take the caption as a positional argument.
    static func positionalSite() throws -> SiteTree {
        try SiteTree("hugo-positional", [
            "hugo.toml": "baseURL = \"https://site.example/\"\ntitle = \"x\"\n",
            // yktoo.solutions: the caption through `with`; zzo: `.Get 1` inside the figcaption.
            "layouts/shortcodes/imgfig.html": #"<figure><img src="{{ .Get 0 }}" class="figure-img">{{ with .Get 1 }}<figcaption class="figure-caption">{{ . }}</figcaption>{{ end }}</figure>"#,
            "layouts/shortcodes/pagebundle/img.html": #"<figure><img src="{{ .Get 0 }}" alt="{{ .Get 2 }}"><figcaption>{{ .Get 1 | markdownify }}</figcaption></figure>"#,
            // Arguments kept in variables first: `{{ $alt := .Get 1 }}`, a caption through `with $caption`.
            "layouts/shortcodes/photo.html": """
                {{ $src := .Get 0 }}{{ $alt := .Get 1 }}{{ $caption := .Get 2 }}
                <figure><img src="{{ $src }}" alt="{{ $alt }}">{{ with $caption }}<figcaption>{{ . }}</figcaption>{{ end }}</figure>
                """,
            "layouts/_default/single.html": "<h1>{{ .Title }}</h1>{{ .Content }}", "layouts/_default/list.html": "{{ range .Pages }}{{ .Title }}{{ end }}",
            "content/posts/menu/index.md": """
                ---
                title: Menus
                ---
                {{< imgfig "menu.png" "The indicator menu" >}}

                {{< pagebundle/img "images/deer.jpg" "A beautiful *deer*" "A deer in the snow" >}}

                {{< photo "fox.jpg" "A red fox" "The fox at the edge of the wood" >}}
                """,
            "content/posts/menu/menu.png": "", "content/posts/menu/images/deer.jpg": "", "content/posts/menu/fox.jpg": "",
        ])
    }

    @Test func positionalArgumentsMeanWhatTheTemplateMakesOfThem() throws {
        let tree = try Self.positionalSite()
        defer { tree.remove() }
        let scanned = try tree.scan("content/posts/menu/index.md")
        #expect(scanned.images.map(\.caption) == ["The indicator menu", "A beautiful deer", "The fox at the edge of the wood"])
        #expect(scanned.images.map(\.alt) == ["", "A deer in the snow", "A red fox"])
        #expect(scanned.images.allSatisfy { !$0.missingFile })
    }

    @Test func withoutATemplateWordsAfterThePictureAreItsAlt() throws {
        // The theme comes as a Hugo module (not in the tree): a shortcode's words are its alt, a
        // class or size word is not, and the picture is the argument naming an image file.
        let tree = try SiteTree("hugo-no-template", [
            "hugo.toml": "baseURL = \"https://site.example/\"\n[module]\n[[module.imports]]\npath = \"github.com/x/theme\"\n",
            "content/posts/bus/index.md": """
                ---
                title: Buses
                ---
                {{< img "bus.jpg" "Bus" "border" >}}

                {{< img "tram.jpg" "border" >}}

                {{< image "Capture d'écran de Ghidra" "ghidra.png" >}}
                """,
            "content/posts/bus/bus.jpg": "", "content/posts/bus/tram.jpg": "", "content/posts/bus/ghidra.png": "",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("content/posts/bus/index.md")
        #expect(scanned.images.map(\.src) == ["bus.jpg", "tram.jpg", "ghidra.png"])
        #expect(scanned.images.map(\.caption) == ["Bus", nil, "Capture d'écran de Ghidra"])
    }

    @Test func everyThemeOfAListAndAThemesOwnExampleSite() throws {
        // `theme = ["hugo-notice", "PaperMod"]`: both themes' shortcodes and static files; a
        // theme's `exampleSite/` reaches the theme above it with `themesDir = "../.."`.
        let tree = try SiteTree("hugo-themes", [
            "site/hugo.toml": "baseURL = \"https://site.example/\"\ntheme = [\"hugo-notice\", \"PaperMod\"]\n",
            "site/themes/hugo-notice/layouts/shortcodes/notice.html": "<div>{{ .Inner }}</div>",
            "site/themes/PaperMod/layouts/shortcodes/pic.html": #"<img src="{{ "pics/" | relURL }}{{ .Get "name" }}">"#,
            "site/themes/PaperMod/static/img/a.png": "", "site/static/pics/p.png": "",
            "site/content/posts/a.md": "---\ntitle: A\n---\n![A](/img/a.png)\n\n{{< pic name=\"p.png\" >}}\n",
            "ananke/layouts/_default/single.html": "{{ .Content }}", "ananke/static/images/hero.jpg": "",
            "ananke/exampleSite/hugo.toml": "baseURL = \"https://example.org/\"\ntheme = \"gohugo-theme-ananke\"\nthemesDir = \"../..\"\n",
            "ananke/exampleSite/content/post/b.md": "---\ntitle: B\nfeatured_image: /images/hero.jpg\n---\nText.\n",
        ])
        defer { tree.remove() }
        let a = try tree.scan("site/content/posts/a.md")
        #expect(a.images.map { SiteTree.file($0) } == [tree.path + "/site/themes/PaperMod/static/img/a.png", tree.path + "/site/static/pics/p.png"])
        let b = try tree.scan("ananke/exampleSite/content/post/b.md")
        #expect(SiteTree.file(b.images.first { $0.isCover }) == tree.path + "/ananke/static/images/hero.jpg")
    }

    @Test func docsyImgprocFindsItsResourceByPartOfItsNameAndShowsItsInnerText() throws {
        // Docsy (a Hugo module, not in the tree): `{{< imgproc NAME Command "spec" >}}Caption{{< /imgproc >}}`
        // takes the bundle's resource matching **NAME*; the command and its spec are no words.
        let tree = try SiteTree("hugo-docsy", [
            "hugo.toml": "baseURL = \"https://site.example/\"\n[module]\n[[module.imports]]\npath = \"github.com/google/docsy\"\n",
            "content/en/blog/news/first-post/index.md": """
                ---
                title: First post
                ---
                {{< imgproc sunset Fill "600x300" >}}
                Fetch and scale an image in the upcoming Hugo 0.43.
                {{< /imgproc >}}

                Text between.

                {{< imgproc "counter-5" Resize "1200x" />}}
                """,
            "content/en/blog/news/first-post/featured-pexels-sunset-35157036.jpg": "", "content/en/blog/news/first-post/counter-5.png": "",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("content/en/blog/news/first-post/index.md")
        #expect(scanned.images.filter { $0.occurrences > 0 }.map { SiteTree.file($0) } == [
            tree.path + "/content/en/blog/news/first-post/featured-pexels-sunset-35157036.jpg", tree.path + "/content/en/blog/news/first-post/counter-5.png"])
        #expect(scanned.images.filter { $0.occurrences > 0 }.map(\.caption) == ["Fetch and scale an image in the upcoming Hugo 0.43.", nil])
    }

    @Test(BuiltPage.available("hugo"))
    func hugoItselfCaptionsThePositionalPicturesSo() throws {
        let tree = try Self.positionalSite()
        defer { tree.remove() }
        try BuiltPage.build("hugo", tree, output: "public")
        let html = try String(contentsOfFile: tree.path + "/public/posts/menu/index.html", encoding: .utf8)
        #expect(html.contains(#"<figcaption class="figure-caption">The indicator menu</figcaption>"#), "\(html)")
        #expect(html.contains("<figcaption>A beautiful <em>deer</em></figcaption>"), "\(html)")
    }

    @Test func templateAttributesMayHoldTheirOwnQuotesInsideActions() {
        let text = #"<img src="{{ "img/" | relURL }}{{ .Get "name" }}" alt='{{ .Get "alt" }}'><a href="{% link a.md %}">"#
        #expect(SitePaths.attributeValues("src", in: text) == [#"{{ "img/" | relURL }}{{ .Get "name" }}"#])
        #expect(SitePaths.attributeValues("alt", in: text) == [#"{{ .Get "alt" }}"#])
        #expect(SitePaths.attributeValues("href", in: text) == ["{% link a.md %}"])
    }

    @Test(BuiltPage.available("hugo"))
    func hugoItselfShowsTheFilesTheScannerChose() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        try BuiltPage.build("hugo", tree, output: "public")
        // `.Site.BaseURL` gives the whole base URL; make it a path as relURL and resources give.
        let page = tree.path + "/public/posts/trip/index.html"
        let html = try String(contentsOfFile: page, encoding: .utf8)
        try html.replacingOccurrences(of: "https://site.example/sub/", with: "/sub/").write(toFile: page, atomically: true, encoding: .utf8)
        try BuiltPage.expectShowsTheChosenFiles(page: "posts/trip/index.html", of: tree, output: "public", prefix: "/sub",
                                                images: try tree.scan("content/posts/trip/index.md").images)
    }
}
