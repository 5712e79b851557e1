import Foundation
import Testing
@testable import PostScanner

/// Hugo page resources as the themes find them: by the names front matter gives them, under the
/// page's published address, through a shortcode's `resources.Get`; and figures whose picture is
/// their `link`, static folders given as a list, Mainroad's thumbnail map.
@Suite struct HugoResourceTests {
    /// Geekdoc's `layouts/shortcodes/img.html`, as the theme ships it (shortened).
    static let geekdocImg = """
        {{ $source := ($.Page.Resources.ByType "image").GetMatch (printf "*%s*" (.Get "name")) }}
        {{ $customAlt := .Get "alt" }}
        {{ with $source }}
        {{ $caption := default .Title $customAlt }}
        <figure class="gdoc-markdown__figure">
            <a href="{{ .RelPermalink }}"><img src="{{ (.Resize "1200x").RelPermalink }}" alt="{{ $caption }}" /></a>
            {{ with $caption }}<figcaption>{{ . }}</figcaption>{{ end }}
        </figure>
        {{ end }}
        """

    @Test func geekdocImgShowsTheResourceItsNameMatchesCaptionedByItsTitle() throws {
        let tree = try SiteTree("hugo-geekdoc", [
            "hugo.toml": "baseURL = \"https://site.example/docs/\"\ntheme = \"hugo-geekdoc\"\n",
            "themes/hugo-geekdoc/layouts/shortcodes/img.html": Self.geekdocImg,
            "content/database/_index.md": """
                ---
                title: Database
                resources:
                  - name: portal
                    src: "cloud-portal.png"
                    title: "The cloud portal"
                  - name: portal-details
                    src: "details.png"
                    title: "Its details"
                  - name: gone
                    src: "gone.png"
                    title: "No such file"
                ---
                {{< img name="portal" size="medium" lazy=false >}}

                {{< img name="portal-details" >}}

                {{< img name="gone" >}}
                """,
            "content/database/cloud-portal.png": "", "content/database/details.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("content/database/_index.md")
        // `*portal*` matches both names; Hugo sorts resources by name, so `portal` comes first. A
        // name no resource has renders nothing.
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/content/database/cloud-portal.png", tree.path + "/content/database/details.png"])
        #expect(post.images.map(\.caption) == ["The cloud portal", "Its details"])
        #expect(post.images.allSatisfy { !$0.missingFile })
    }

    @Test func withoutTheThemeAnImgNameIsReadAsGeekdocsResourceName() throws {
        // The theme is fetched at build time (a submodule, a Hugo module): no template in the tree.
        let tree = try SiteTree("hugo-geekdoc-absent", [
            "config.toml": "baseURL = \"https://site.example/\"\ntheme = \"hugo-geekdoc\"\n",
            "content/database/_index.md": "---\ntitle: Database\nresources:\n  - name: portal\n    src: \"cloud-portal.png\"\n    title: \"The cloud portal\"\n---\n{{< img name=\"portal\" size=\"medium\" >}}\n",
            "content/database/cloud-portal.png": "",
        ])
        defer { tree.remove() }
        let image = try #require(try tree.scan("content/database/_index.md").images.first)
        #expect(SiteTree.file(image) == tree.path + "/content/database/cloud-portal.png" && image.caption == "The cloud portal")
    }

    @Test func aPathUnderTheBundlesPublishedAddressIsItsResource() throws {
        let tree = try SiteTree("hugo-permalink", [
            "hugo.toml": "baseURL = \"https://site.example/\"\n[permalinks]\n  post = '/:section/:year/:yearday/:slug/'\n",
            "content/post/frugal/2024/1108-walking/index.md": "+++\ntitle = 'Walking'\nslug = 'walk-50'\nthumbnail = \"/post/2024/313/walk-50/thumbnail.jpg\"\n+++\nText.\n",
            "content/post/frugal/2024/1108-walking/thumbnail.jpg": "",
            // Without `slug` the bundle's folder name is its address.
            "content/post/b/index.md": "---\ntitle: B\n---\n![](/post/2024/100/b/img/x.png)\n",
            "content/post/b/img/x.png": "",
        ])
        defer { tree.remove() }
        let cover = try #require(try tree.scan("content/post/frugal/2024/1108-walking/index.md").images.first { $0.isCover })
        #expect(SiteTree.file(cover) == tree.path + "/content/post/frugal/2024/1108-walking/thumbnail.jpg")
        #expect(!cover.missingFile && cover.rule?.contains("own address") == true)
        #expect(SiteTree.file(try tree.scan("content/post/b/index.md").images.first) == tree.path + "/content/post/b/img/x.png")
    }

    @Test func aResourceNamedFeaturedImageIsTheCover() throws {
        // FixIt, LoveIt and DoIt: `.Resources.GetMatch "featured-image"`, which front matter may name.
        let tree = try SiteTree("hugo-fixit", [
            "hugo.toml": "baseURL = \"https://site.example/\"\n",
            "content/posts/daka/index.md": """
                ---
                title: Daka
                featuredImage: ""
                resources:
                  - name: featured-image
                    src: images/result.png
                  - name: featured-image-preview
                    src: images/small.png
                ---
                ![done](images/other.png)
                """,
            "content/posts/daka/images/result.png": "", "content/posts/daka/images/small.png": "", "content/posts/daka/images/other.png": "",
            // TOML front matter names them in `[[resources]]` tables.
            "content/posts/toml/index.md": "+++\ntitle = 'T'\n[[resources]]\n  name = 'featured-image'\n  src = 'pics/a.png'\n+++\nText.\n",
            "content/posts/toml/pics/a.png": "", "content/posts/toml/pics/cover-not-named.png": "",
        ])
        defer { tree.remove() }
        let daka = try tree.scan("content/posts/daka/index.md")
        #expect(SiteTree.file(daka.images.first { $0.isCover }) == tree.path + "/content/posts/daka/images/result.png")
        // A file in a folder of the bundle is a cover by a name front matter gives it only (`*` stops at `/`).
        let toml = try tree.scan("content/posts/toml/index.md")
        #expect(toml.images.filter(\.isCover).map { SiteTree.file($0) } == [tree.path + "/content/posts/toml/pics/a.png"])
    }

    @Test func aShortcodeHandingSrcToResourcesGetFindsTheAssetWithoutTheSlash() throws {
        let tree = try SiteTree("hugo-terminal", [
            "hugo.toml": "baseURL = \"https://site.example/\"\n",
            "layouts/shortcodes/picture.html": "{{ $image := resources.Get (.Get \"src\") }}\n<figure><img src=\"{{ $image.Permalink }}\" alt=\"{{ .Get \"alt\" }}\"><figcaption>{{ .Get \"caption\" }}</figcaption></figure>\n",
            "content/posts/actions.md": "---\ntitle: Actions\n---\n{{< picture src=\"/img/actions.png\" alt=\"GitHub Actions\" caption=\"Many tasks\" >}}\n",
            // The shortcode never reads static/: the asset is shown even when a static file has the name.
            "assets/img/actions.png": "", "static/img/actions.png": "",
        ])
        defer { tree.remove() }
        let image = try #require(try tree.scan("content/posts/actions.md").images.first)
        #expect(SiteTree.file(image) == tree.path + "/assets/img/actions.png" && image.caption == "Many tasks")
    }

    @Test func aFigureWithOnlyALinkShowsThatPicture() throws {
        // Beautiful Hugo's figure shows `link` with `thumb` before its extension, the full size behind it.
        let tree = try SiteTree("hugo-beautiful", [
            "hugo.toml": "baseURL = \"https://site.example/\"\n",
            "content/post/gallery.md": "---\ntitle: Gallery\n---\n{{< gallery >}}\n  {{< figure thumb=\"-thumb\" link=\"/img/sphere.jpg\" caption=\"Sphere\" >}}\n{{< /gallery >}}\n",
            "static/img/sphere.jpg": "", "static/img/sphere-thumb.jpg": "",
        ])
        defer { tree.remove() }
        let image = try #require(try tree.scan("content/post/gallery.md").images.first)
        #expect(SiteTree.file(image) == tree.path + "/static/img/sphere.jpg" && image.caption == "Sphere")
    }

    @Test func aFiguresLinkAndItsReportedFileAgree() throws {
        let tree = try SiteTree("hugo-figure-link", [
            "hugo.toml": "baseURL = \"https://site.example/\"\nstaticDir = [\"static\", \"uploads\"]\n",
            "content/posts/b/index.md": """
                ---
                title: B
                ---
                {{< figure src="pic.jpg" link="https://x.example/full.jpg" caption="Remote full size" >}}

                {{< figure src="/img/gone.png" link="pic.jpg" caption="Local full size" >}}

                {{< figure src="/img/up.png" link="missing.jpg" caption="Missing full size" >}}
                """,
            "content/posts/b/pic.jpg": "", "uploads/img/up.png": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("content/posts/b/index.md").images
        // A web full size beside a site file: the site file is archived, the web copy is its linked full size.
        let remote = try #require(images.first { $0.caption == "Remote full size" })
        #expect(SiteTree.file(remote) == tree.path + "/content/posts/b/pic.jpg" && remote.linked == "https://x.example/full.jpg")
        // A site file as the full size: fetched, and the rule and missing flag are its own.
        let local = try #require(images.first { $0.caption == "Local full size" })
        #expect(SiteTree.file(local) == tree.path + "/content/posts/b/pic.jpg" && !local.missingFile && local.rule?.hasPrefix("hugo page bundle resource") == true)
        // A full size missing where the picture shown is there (in the second static folder): the picture is archived.
        let missing = try #require(images.first { $0.caption == "Missing full size" })
        #expect(SiteTree.file(missing) == tree.path + "/uploads/img/up.png" && !missing.missingFile)
    }

    @Test func staticFoldersGivenAsAListAndMainroadsThumbnailMap() throws {
        let tree = try SiteTree("hugo-static-list", [
            "hugo.yaml": "baseURL: https://site.example/\nstaticDir:\n  - static\n  - uploads\n",
            "content/post/a.md": "---\ntitle: A\nthumbnail:\n  src: \"img/placeholder.jpg\"\n  visibility:\n    - list\n---\n![](/files/b.png)\n",
            "static/img/placeholder.jpg": "", "uploads/files/b.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("content/post/a.md")
        #expect(post.cover == "img/placeholder.jpg")
        #expect(SiteTree.file(post.images.first { $0.isCover }) == tree.path + "/static/img/placeholder.jpg")
        #expect(SiteTree.file(SiteTree.image(post, "/files/b.png")) == tree.path + "/uploads/files/b.png")
    }

    @Test func withUglyURLsASinglePagesRelativePathIsReadFromItsSection() throws {
        // `uglyURLs = true`: content/lectures/x.md is /lectures/x.html, so `x/fig.png` is
        // /lectures/x/fig.png (checked with hugo 0.111: public/lectures/x.html, `<img src="x/fig-static.png">`).
        let tree = try SiteTree("hugo-ugly", [
            "hugo.toml": "baseURL = \"https://example.org/\"\nuglyURLs = true\n",
            "content/lectures/_index.md": "---\ntitle: Lectures\n---\n",
            "content/lectures/x.md": "---\ntitle: X\n---\n![under the page's name](x/fig-static.png)\n",
            "static/lectures/x/fig-static.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("content/lectures/x.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/static/lectures/x/fig-static.png"])
        #expect(post.images.map(\.missingFile) == [false])
    }

    @Test func aFrontMatterCoverNamedInPartIsTheBundlesImageHoldingTheName() throws {
        // PaperMod's cover partial: `.Resources.GetMatch (printf "*%s*" .Params.cover.image)`.
        let tree = try SiteTree("hugo-cover-match", [
            "hugo.toml": "baseURL = \"https://example.org/\"\n",
            "content/posts/b/index.md": "---\ntitle: B\ncover:\n  image: hero\n  relative: true\n---\nText.\n",
            "content/posts/b/hero-2023.jpg": "", "content/posts/b/img/hero.png": "",
            // Diary: `featured_image` looked up with `.Resources.GetMatch`, a glob written as such.
            "content/posts/c/index.md": "---\ntitle: C\nfeatured_image: \"*cover*\"\n---\nText.\n", "content/posts/c/cover.jpg": "",
        ])
        defer { tree.remove() }
        let cover = try #require(try tree.scan("content/posts/b/index.md").images.first { $0.isCover })
        #expect(SiteTree.file(cover) == tree.path + "/content/posts/b/hero-2023.jpg")
        #expect(!cover.missingFile)
        let glob = try #require(try tree.scan("content/posts/c/index.md").images.first { $0.isCover })
        #expect(SiteTree.file(glob) == tree.path + "/content/posts/c/cover.jpg" && !glob.missingFile)
    }

    @Test func shortcodeTemplatesWithAnImageHostOrResourcesGet() throws {
        // flowersbytiana: `<img src="{{ $imageCdn }}{{ $imageName }}">` with `params.imageCdn`;
        // catherinepope: `{{ $img := resources.Get (.Get "src") }}`, a copy also under static/.
        let tree = try SiteTree("hugo-shortcode-hosts", [
            "hugo.yaml": "baseURL: https://example.org/\nparams:\n  imageCdn: \"https://cdn.flowersbytiana.com/\"\n",
            "layouts/shortcodes/img.html": "{{ $imageCdn := .Site.Params.imageCdn }}{{ $imageName := .Get 0 }}<img src=\"{{ $imageCdn }}{{ $imageName }}\">",
            "layouts/shortcodes/pic.html": "{{ $img := resources.Get (.Get \"src\") }}{{ if $img }}<figure><img src=\"{{ $img.RelPermalink }}\"><figcaption>{{ .Get \"caption\" }}</figcaption></figure>{{ end }}",
            "content/posts/iris.md": "---\ntitle: Iris\n---\n{{< img \"flowers/irises/irises-000.jpg\" \"Iris 000\" >}}\n\n{{< pic src=\"images/audiopen.jpg\" caption=\"Integration settings\" >}}\n",
            "assets/images/audiopen.jpg": "", "static/images/audiopen.jpg": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("content/posts/iris.md").images
        #expect(images.map(\.url) == ["https://cdn.flowersbytiana.com/flowers/irises/irises-000.jpg", "file://" + tree.path + "/assets/images/audiopen.jpg"])
        #expect(images.last?.caption == "Integration settings")
    }
}

