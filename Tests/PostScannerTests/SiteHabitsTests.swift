import Foundation
import Testing
@testable import PostScanner

/// Habits of real site trees: configuration pasted with tabs, pictures reused from another
/// post, editors' markers in alts, theme conventions for captions and covers.
@Suite struct SiteHabitsTests {
    @Test func hexoReadsAConfigIndentedWithTabsAsHexoDoes() throws {
        // A plugin's settings pasted with tabs: YAML forbids them, Hexo turns them into spaces.
        let tree = try SiteTree("hexo-tabs", [
            "_config.yml": "root: /hexo/\npost_asset_folder: true\ntheme: next\nsearch:\n\tpath: search.xml\n\tfield: post\n",
            "source/_posts/p.md": "{% asset_img a.png %}\n\n![](/hexo/images/logo.png)\n",
            "source/_posts/p/a.png": "", "themes/next/source/images/logo.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("source/_posts/p.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/source/_posts/p/a.png", tree.path + "/themes/next/source/images/logo.png"])
        #expect(post.images.allSatisfy { !$0.missingFile })
    }

    @Test func hexoFindsAPictureInAnotherPostsAssetFolderByItsPermalink() throws {
        let tree = try SiteTree("hexo-reuse", [
            "_config.yml": "root: /blog/\npost_asset_folder: true\npermalink: :year/:month/:day/:title/\n",
            "source/_posts/other-post.md": "---\ndate: 2020-01-01\n---\n![](a.png)\n", "source/_posts/other-post/a.png": "",
            "source/_posts/notes/deep.md": "---\ndate: 2020-02-02\n---\n![](b.png)\n", "source/_posts/notes/deep/b.png": "",
            "source/_posts/cur.md": "![](/blog/2020/01/01/other-post/a.png)\n\n![](/2020/02/02/notes/deep/b.png)\n\n![](/2020/01/01/other-post/gone.png)\n",
        ])
        defer { tree.remove() }
        let post = try tree.scan("source/_posts/cur.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/source/_posts/other-post/a.png", tree.path + "/source/_posts/notes/deep/b.png",
                                                         tree.path + "/source/2020/01/01/other-post/gone.png"])
        #expect(post.images.map(\.missingFile) == [false, false, true])
    }

    @Test func editorMarkersAndNumbersInAltsAreNoCaptions() throws {
        // MWeb writes the display width into the alt (`-w500`, `-c500`); `![1](2.png)` numbers pictures.
        let tree = try SiteTree("alt-markers", [
            "_config.yml": "post_asset_folder: true\n",
            "source/_posts/p.md": """
                ![-w500](a.jpg)

                ![Screen Shot 2018-10-01 at 22.02.51-c500](b.png)

                ![Harbour at dawn-c500](c.png)

                ![1](d.png)

                ![A-c](e.png)
                """,
        ])
        defer { tree.remove() }
        #expect(try tree.scan("source/_posts/p.md").images.map(\.caption) == [nil, nil, "Harbour at dawn", nil, "A-c"])
    }

    @Test func materysCarouselImageIsTheCoverWhenNoOtherIsGiven() throws {
        let tree = try SiteTree("matery", [
            "_config.yml": "theme: matery\n",
            "source/_posts/p.md": "---\ntitle: P\ncover: true\ncoverImg: /medias/featureimages/12.jpg\n---\nText.\n",
            "themes/matery/source/medias/featureimages/12.jpg": "",
        ])
        defer { tree.remove() }
        let cover = try #require(try tree.scan("source/_posts/p.md").images.first { $0.isCover })
        #expect(SiteTree.file(cover) == tree.path + "/themes/matery/source/medias/featureimages/12.jpg")
    }

    @Test func kramdownFigcaptionClassCaptionsThePictureAbove() throws {
        // Hydejack: "add captions to large images by adding the figcaption class to the paragraph after the image".
        let tree = try SiteTree("hydejack", [
            "_config.yml": "title: x\n",
            "_posts/2023-04-15-glow.md": """
                ---
                title: Glow
                ---
                ![Crustacean bioluminescence](/images/glow.png)

                The bioluminescence of the *Varigula hilgendorfii* crustacean.
                {:.figcaption}

                ![Algae](/images/algae.png)

                Body text under the picture, with a [link]({% post_url 2023-04-12-other %}).
                {:.lead}

                > ![Quoted](/images/quoted.png)
                >
                > A quoted picture's caption.
                > {:.figcaption}
                """,
        ])
        defer { tree.remove() }
        let images = try tree.scan("_posts/2023-04-15-glow.md").images
        #expect(images.map(\.caption) == ["The bioluminescence of the Varigula hilgendorfii crustacean.", "Algae", "A quoted picture's caption."])
    }

    @Test func aJekyllPostURLIsALinkNotBracketedText() throws {
        let tree = try SiteTree("post-url", [
            "_config.yml": "title: x\n",
            "_posts/2023-04-15-a.md": "![](/images/a.png)\n[Calculations]({% post_url 2023-04-12-active-space %}) show the states.\n{:.figcaption}\n",
        ])
        defer { tree.remove() }
        #expect(try tree.scan("_posts/2023-04-15-a.md").images.first?.caption == "Calculations show the states.")
    }

    @Test func anIncludesListOfImagesIsOnePicturePerNameWhereItsTemplatePlacesThem() throws {
        // Type-on-Strap's `aligner.html` loops over `include.images | split: ','` and puts
        // `assets/img/` before each; a site's own copy of an include decides instead of the theme's.
        let tree = try SiteTree("type-on-strap", [
            "_config.yml": "remote_theme: sylhare/Type-on-Strap\n",
            "_posts/2018-10-29-feature-images.md": """
                {% include aligner.html images="pexels/book-glass.jpeg,pexels/desk-messy.jpeg" %}

                {% include aligner.html images="pexels/story.jpeg" %}

                {% include row.html photos="a.png, b.png" %}
                """,
            "assets/img/pexels/book-glass.jpeg": "", "assets/img/pexels/desk-messy.jpeg": "", "assets/img/pexels/story.jpeg": "",
            "_includes/row.html": "{%- assign list = include.photos | split: \",\" -%}\n{%- for p in list -%}<img src=\"{{ p | strip | prepend: '/media/' | relative_url }}\">{%- endfor -%}\n",
            "media/a.png": "", "media/b.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("_posts/2018-10-29-feature-images.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/assets/img/pexels/book-glass.jpeg", tree.path + "/assets/img/pexels/desk-messy.jpeg",
                                                         tree.path + "/assets/img/pexels/story.jpeg", tree.path + "/media/a.png", tree.path + "/media/b.png"])
        #expect(post.images.allSatisfy { !$0.missingFile })
    }

    @Test func academicpagesTeasersAreUnderImages() throws {
        let tree = try SiteTree("academicpages", [
            "_config.yml": "title: x\ncollections:\n  portfolio:\n    output: true\n",
            "_portfolio/ard.md": "---\ntitle: ARD\nheader:\n  teaser: ARD.png\n---\nText.\n", "images/ARD.png": "",
        ])
        defer { tree.remove() }
        let cover = try #require(try tree.scan("_portfolio/ard.md").images.first { $0.isCover })
        #expect(SiteTree.file(cover) == tree.path + "/images/ARD.png" && !cover.missingFile)
    }

    @Test func pelicansRepresentativeImagePluginMakesTheFirstPictureTheCover() throws {
        let body = "Title: FuguPass\n\n![Edit Mode]({static}/images/edit.png)\n\n![Other]({static}/images/other.png)\n"
        let with = try SiteTree("pelican-representative", [
            "pelicanconf.py": "PATH = 'content'\nPLUGINS = ['sitemap',\n    # 'neighbors',\n    'representative_image']\n",
            "content/fugupass.md": body, "content/images/edit.png": "", "content/images/other.png": "",
        ])
        defer { with.remove() }
        let post = try with.scan("content/fugupass.md")
        #expect(post.images.map(\.isCover) == [true, false])
        let without = try SiteTree("pelican-plain", [
            "pelicanconf.py": "PATH = 'content'\nPLUGINS = [\n    'sitemap',\n    # 'representative_image',\n]\n",
            "content/fugupass.md": body, "content/images/edit.png": "", "content/images/other.png": "",
        ])
        defer { without.remove() }
        #expect(try without.scan("content/fugupass.md").images.allSatisfy { !$0.isCover })
    }

    @Test func screenshotToolsNamesInEveryLanguageAreNoCaptions() throws {
        let alts = ["スクリーンショット 2022-04-06 10 58 56", "截屏2021-03-01 下午3.12.45", "스크린샷 2022-04-06 오전 10.58.56", "微信截图_20220823213056",
                    "QQ截图20210301101010", "企业微信截图_16300000000000", "Xnip2021-03-01_15-12-45", "CleanShot 2023-01-05 at 10.00.00@2x",
                    "mmexport1600000000000", "微信截图里的猫", "CleanShot of the dashboard"]
        let body = alts.enumerated().map { "![\($1)](p\($0).png)" }.joined(separator: "\n\n")
        let tree = try SiteTree("screenshot-names", ["_config.yml": "post_asset_folder: true\n", "source/_posts/p.md": body])
        defer { tree.remove() }
        #expect(try tree.scan("source/_posts/p.md").images.map(\.caption) == Array(repeating: nil, count: 9) + ["微信截图里的猫", "CleanShot of the dashboard"])
    }

    @Test func aPathOnTheAuthorsWindowsDiskIsAMissingLocalFile() throws {
        // Typora writes where it found the picture when it does not copy it beside the post.
        let tree = try SiteTree("windows-paths", [
            "_config.yml": "post_asset_folder: true\n",
            "source/_posts/p.md": #"![a](C:\Users\me\AppData\Roaming\Typora\typora-user-images\image-20220309112143195.png)"# + "\n\n![b](E:/work/images/b.png)\n",
        ])
        defer { tree.remove() }
        let images = try tree.scan("source/_posts/p.md").images
        #expect(images.map(\.url) == ["file:///C:/Users/me/AppData/Roaming/Typora/typora-user-images/image-20220309112143195.png", "file:///E:/work/images/b.png"])
        #expect(images.allSatisfy { $0.missingFile && $0.rule?.contains("Windows disk") == true })
    }

    @Test func jekyllReadsTheSiteFromItsSourceFolderAndNeverServesPostsFolderFiles() throws {
        let tree = try SiteTree("jekyll-source", [
            "_config.yml": "source: src\n",
            "src/_posts/2020-01-02-hello.md": "---\nimage: /assets/img/cover.png\n---\n![A](/assets/img/a.png)\n",
            "src/assets/img/a.png": "", "src/assets/img/cover.png": "",
            // A bare front-matter name: the theme prints it from the root, or under images/.
            "old/_config.yml": "title: x\n", "old/_posts/2012-01-01-a.md": "---\nimage: foo.jpg\n---\nText.\n",
            "old/_posts/foo.jpg": "", "old/images/foo.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("src/_posts/2020-01-02-hello.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/src/assets/img/a.png", tree.path + "/src/assets/img/cover.png"])
        #expect(post.images.allSatisfy { !$0.missingFile })
        #expect(SiteTree.file(try tree.scan("old/_posts/2012-01-01-a.md").images.first) == tree.path + "/old/images/foo.jpg")
    }

    @Test func aSrcsetSizeNoSourceTreeHoldsLeavesThePictureShown() throws {
        // A Ghost post migrated to Astro: `size/wNNN` copies are made by Ghost on request.
        let tree = try SiteTree("astro-srcset", [
            "astro.config.mjs": "export default {}\n",
            "src/content/blog/a.md": #"<img src="/images/content/2026/04/chart.png" srcset="/images/content/size/w600/2026/04/chart.png 600w, /images/content/size/w2400/2026/04/chart.png 2400w">"# + "\n\n" +
                #"<img src="/images/b.png" srcset="/images/b-1200.png 1200w">"# + "\n",
            "public/images/content/2026/04/chart.png": "", "public/images/b.png": "", "public/images/b-1200.png": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("src/content/blog/a.md").images
        #expect(images.map { SiteTree.file($0) } == [tree.path + "/public/images/content/2026/04/chart.png", tree.path + "/public/images/b-1200.png"])
        #expect(images.allSatisfy { !$0.missingFile })
    }

    @Test func hugoReadsEachLanguagesOwnContentFolder() throws {
        // Docsy-style: every language names its folder, `content/en` inside `content`.
        let tree = try SiteTree("hugo-languages", [
            "config.toml": "baseURL = \"https://x.example/docs/\"\n[languages]\n  [languages.en]\n    contentDir = \"content/en\"\n  [languages.fr]\n    contentDir = \"content/translations/fr\"\n",
            "content/en/user/viewers.md": "![Chat](/docs/images/chat.png?classes=shadow)\n", "content/en/images/chat.png": "",
            "content/translations/fr/user/viewers.md": "Texte.\n",
        ])
        defer { tree.remove() }
        #expect(SiteTree.file(try tree.scan("content/en/user/viewers.md").images.first) == tree.path + "/content/en/images/chat.png")
    }

    @Test func hugoFindsAssetsThroughAThemesPartialsOrAThemeFetchedAtBuildTime() throws {
        // DoIt: `render-image.html` hands the picture to partials that call `resources.Get`.
        let post = "---\nfeaturedImage: 'images/ruler.jpg'\n---\n![](images/plot.png)\n"
        let withTheme = try SiteTree("hugo-doit", [
            "hugo.toml": "theme = \"DoIt\"\n", "content/posts/measure.md": post, "assets/images/ruler.jpg": "", "assets/images/plot.png": "",
            "themes/DoIt/layouts/_default/_markup/render-image.html": "{{- partial \"plugin/image.html\" (dict \"Src\" .Destination) -}}\n",
            "themes/DoIt/layouts/partials/plugin/image.html": "{{- $res := partial \"function/resource.html\" .Src -}}\n",
            "themes/DoIt/layouts/partials/function/resource.html": "{{- with resources.Get . -}}{{ .RelPermalink }}{{- end -}}\n",
        ])
        defer { withTheme.remove() }
        let files = try withTheme.scan("content/posts/measure.md").images.map { SiteTree.file($0) }
        #expect(Set(files) == [withTheme.path + "/assets/images/ruler.jpg", withTheme.path + "/assets/images/plot.png"])
        // The theme a git submodule not checked out: its templates are unknown, the file is the one meant.
        let fetched = try SiteTree("hugo-submodule", ["hugo.toml": "theme = \"DoIt\"\n", "content/posts/measure.md": post, "assets/images/ruler.jpg": "", "assets/images/plot.png": ""])
        defer { fetched.remove() }
        #expect(try fetched.scan("content/posts/measure.md").images.allSatisfy { !$0.missingFile })
        // A theme in the tree whose templates never look pictures up: `assets/` is not published.
        let plain = try SiteTree("hugo-plain-theme", ["hugo.toml": "theme = \"plain\"\n", "content/posts/measure.md": post, "assets/images/ruler.jpg": "", "assets/images/plot.png": "",
                                                      "themes/plain/layouts/_default/single.html": "{{ .Content }}\n"])
        defer { plain.remove() }
        #expect(try plain.scan("content/posts/measure.md").images.allSatisfy { $0.missingFile })
    }

    @Test func quartoListsAPageWithoutAnImageByItsFirstPicture() throws {
        let tree = try SiteTree("quarto-first-image", [
            "_quarto.yml": "project:\n  type: website\n", "posts/a/index.qmd": "---\ntitle: A\n---\n![](img/terminal.png)\n\n![](img/other.png)\n",
            "posts/a/img/terminal.png": "", "posts/a/img/other.png": "",
            "posts/b/index.qmd": "---\ntitle: B\nimage: img/card.png\n---\n![](img/body.png)\n", "posts/b/img/card.png": "", "posts/b/img/body.png": "",
        ])
        defer { tree.remove() }
        #expect(try tree.scan("posts/a/index.qmd").images.map(\.isCover) == [true, false])
        let b = try tree.scan("posts/b/index.qmd")
        #expect(b.images.filter(\.isCover).map { SiteTree.file($0) } == [tree.path + "/posts/b/img/card.png"])
    }

    @Test func aCardComponentsPictureInMarkdownReadAsMDX() throws {
        // Docusaurus reads `.md` as MDX: a site's card component names its picture `img=`.
        let tree = try SiteTree("docusaurus-cards", [
            "docusaurus.config.js": "module.exports = { baseUrl: '/' };\n",
            "blog/mac-app.md": """
                ---
                title: Mac apps
                ---
                import SiteCard from '../src/components/siteCard';

                <SiteCard name="Raycast" url="https://www.raycast.com/" title="Raycast - Supercharged productivity" img="/img/mac/raycast.png" />

                <Card cover="./diagram.png" />

                ```js
                import Foo from 'bar';
                ```
                """,
            "static/img/mac/raycast.png": "", "blog/diagram.png": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("blog/mac-app.md").images
        #expect(images.map { SiteTree.file($0) } == [tree.path + "/static/img/mac/raycast.png", tree.path + "/blog/diagram.png"])
        #expect(images.first?.alt == "Raycast - Supercharged productivity")
    }

    @Test func hugoServesALanguagesFilesUnderItsCodeAndASinglePagesUnderItsAddress() throws {
        let tree = try SiteTree("hugo-page-address", [
            "hugo.toml": "[languages.en]\n  contentDir = \"content_en\"\n[languages.ja]\n  contentDir = \"content_ja\"\n",
            "content_ja/posts/p.md": "![a](/ja/images/j.png)\n", "content_ja/images/j.png": "",
            // `content_en/posts/foo.md` is served at /posts/foo/: `a.png` there is static/posts/foo/a.png.
            "content_en/posts/foo.md": "![a](a.png)\n\n![b](b.png)\n", "static/posts/foo/a.png": "", "static/b.png": "",
        ])
        defer { tree.remove() }
        #expect(SiteTree.file(try tree.scan("content_ja/posts/p.md").images.first) == tree.path + "/content_ja/images/j.png")
        #expect(try tree.scan("content_en/posts/foo.md").images.map { SiteTree.file($0) } == [tree.path + "/static/posts/foo/a.png", tree.path + "/static/b.png"])
    }

    @Test func mkdocsRawHTMLIsReadFromThePagesURL() throws {
        // MkDocs rewrites Markdown's relative links, not raw HTML's: `guide/page.md` is `/guide/page/`.
        let tree = try SiteTree("mkdocs-raw-html", [
            "mkdocs.yml": "site_name: x\n",
            "docs/guide/page.md": "<img src=\"../img/a.png\" width=\"300\">\n\n![b](../img/b.png)\n\n<img src=\"c.png\">\n",
            "docs/guide/img/a.png": "", "docs/img/b.png": "", "docs/guide/c.png": "",
            "flat/mkdocs.yml": "site_name: y\nuse_directory_urls: false\n", "flat/docs/guide/page.md": "<img src=\"../img/a.png\">\n", "flat/docs/img/a.png": "", "flat/docs/guide/img/a.png": "",
        ])
        defer { tree.remove() }
        #expect(try tree.scan("docs/guide/page.md").images.map { SiteTree.file($0) } == [tree.path + "/docs/guide/img/a.png", tree.path + "/docs/img/b.png", tree.path + "/docs/guide/c.png"])
        #expect(SiteTree.file(try tree.scan("flat/docs/guide/page.md").images.first) == tree.path + "/flat/docs/img/a.png")
    }

    @Test func aQuartzSitesContentIsAVault() throws {
        // Quartz publishes `content/` and finds an embed's file as Obsidian does, `.obsidian/` or not.
        let tree = try SiteTree("quartz", [
            "quartz.config.ts": "const config = { plugins: { transformers: [Plugin.CrawlLinks({ markdownLinkResolution: \"shortest\" })] } }\n",
            "content/notes/a.md": "![[Pasted image 20240105.png]]\n\n![[diagram.png|400]]\n",
            "content/attachments/Pasted image 20240105.png": "", "content/attachments/diagram.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("content/notes/a.md")
        #expect(post.generator == "obsidian")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/content/attachments/Pasted image 20240105.png", tree.path + "/content/attachments/diagram.png"])
    }

    @Test func astroReadsTheCollectionsItsContentLoadersName() throws {
        // AstroPaper v5: posts in `src/data/blog/`, loaded by `glob({ base: "./src/data/blog" })`.
        let tree = try SiteTree("astro-loader", [
            "astro.config.ts": "export default defineConfig({})\n",
            "src/content.config.ts": "const blog = defineCollection({ loader: glob({ pattern: \"**/[^_]*.md\", base: \"./src/data/blog\" }) });\n",
            "src/pages/index.astro": "---\n---\n",
            "src/data/blog/a.md": "---\ntitle: A\nogImage: /astropaper-og.jpg\n---\n![quote](@/assets/images/quote.png)\n",
            "src/assets/images/quote.png": "", "public/astropaper-og.jpg": "",
        ])
        defer { tree.remove() }
        #expect(tree.walk() == ["src/data/blog/a.md"])
        let post = try tree.scan("src/data/blog/a.md")
        #expect(post.generator == "astro")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/src/assets/images/quote.png", tree.path + "/public/astropaper-og.jpg"])
    }

    @Test func hexoCoversArePrintedFromTheWebRootFirst() throws {
        // Themes print a front-matter cover with `url_for` (root + path); the asset folder's copy
        // is the cover only when the web root has none.
        let tree = try SiteTree("hexo-cover-root", [
            "_config.yml": "post_asset_folder: true\ntheme: fluid\n",
            "source/_posts/a.md": "---\nindex_img: b.png\n---\nText.\n", "source/b.png": "", "source/_posts/a/b.png": "",
            "source/_posts/c.md": "---\nindex_img: d.png\n---\nText.\n", "source/_posts/c/d.png": "",
        ])
        defer { tree.remove() }
        #expect(SiteTree.file(try tree.scan("source/_posts/a.md").images.first { $0.isCover }) == tree.path + "/source/b.png")
        #expect(SiteTree.file(try tree.scan("source/_posts/c.md").images.first { $0.isCover }) == tree.path + "/source/_posts/c/d.png")
    }

    @Test func jekyllReferenceDefinitionsHoldingLiquidAreDefinitions() throws {
        // Jekyll runs Liquid before Markdown: once `{{ site.baseurl }}` is filled in, these are definitions.
        let tree = try SiteTree("jekyll-reference-liquid", [
            "_config.yml": "baseurl: /blog\n",
            "_posts/2024-01-01-refs.md": """
                ![CHI 组件][chi]

                ![][1]

                ![dashboard][dashboard]

                [chi]: {{ site.baseurl }}/assets/img/chi.png
                [1]: {{ site.baseurl }}/assets/imgs/rigging.png
                [dashboard]: {% link assets/img/dashboard.png %} "The NDepend dashboard"
                """,
            "assets/img/chi.png": "", "assets/imgs/rigging.png": "", "assets/img/dashboard.png": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("_posts/2024-01-01-refs.md").images
        #expect(images.map { SiteTree.file($0) } == [tree.path + "/assets/img/chi.png", tree.path + "/assets/imgs/rigging.png", tree.path + "/assets/img/dashboard.png"])
        #expect(images.last?.caption == "The NDepend dashboard")
    }

    @Test func hexosPostTitlePermalinkIsTheTitleMadeASlug() throws {
        let tree = try SiteTree("hexo-post-title", [
            "_config.yml": "permalink: :post_title/\npost_asset_folder: true\n",
            "source/_posts/AIS3-2021-最佳專題.md": "---\ntitle: AIS3 2021 最佳專題\ncover: /ais3-2021-最佳專題/Leukocyte-Lab.png\n---\n![websocket](/ais3-2021-最佳專題/websocket.webp)\n\n![gone](/ais3-2021-最佳專題/gone.webp)\n",
            "source/_posts/AIS3-2021-最佳專題/websocket.webp": "", "source/_posts/AIS3-2021-最佳專題/Leukocyte-Lab.png": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("source/_posts/AIS3-2021-最佳專題.md").images
        let folder = tree.path + "/source/_posts/AIS3-2021-最佳專題/"
        #expect(images.map { SiteTree.file($0) } == [folder + "websocket.webp", folder + "gone.webp", folder + "Leukocyte-Lab.png"])
        #expect(images.map(\.missingFile) == [false, true, false])
        #expect(Hexo.slug("Hello, World! 你好") == "hello-world-你好" && Hexo.slug("Café -- au lait") == "cafe-au-lait")
    }

    @Test func githubPagesCNAMEAndBeautifulJekyllsCoverListAndTyporaParentheses() throws {
        let tree = try SiteTree("jekyll-cname", [
            "_config.yml": "title: Animal Crossing\n", "CNAME": "animalcrossing.design\n",
            "_posts/2021-06-06-codes.md": """
                ---
                cover-img: ["/assets/img/path1.jpg" : "Caption of image 1", "/assets/img/path2.jpg"]
                ---
                [![Design Codes](https://animalcrossing.design/assets/images/designs.jpg)](https://dodocodes.com/designs)

                ![typora](6 6 Version Control(git).assets/image-20220412102129573.png)
                """,
            "assets/images/designs.jpg": "", "assets/img/path1.jpg": "", "_posts/6 6 Version Control(git).assets/image-20220412102129573.png": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("_posts/2021-06-06-codes.md").images
        #expect(images.map { SiteTree.file($0) } == [tree.path + "/assets/images/designs.jpg", tree.path + "/_posts/6 6 Version Control(git).assets/image-20220412102129573.png",
                                                     tree.path + "/assets/img/path1.jpg", tree.path + "/assets/img/path2.jpg"])
        // The theme rotates through every entry: the second is a picture of the post too (its file missing here).
        #expect(images.map(\.isCover) == [false, false, true, false])
        #expect(images.map(\.missingFile) == [false, false, false, true])
        #expect(images[2].caption == "Caption of image 1")
    }

    @Test func jekyllsFrontMatterDefaultsGiveACover() throws {
        let tree = try SiteTree("jekyll-defaults-cover", [
            "_config.yml": """
                baseurl: /blog
                defaults:
                  - scope:
                      path: ""
                    values:
                      layout: post
                      permalink: /:title/
                  - scope:
                      path: "_posts/travel"
                    values:
                      image: /assets/img/travel-default.jpg
                """,
            "_posts/travel/2024-01-01-lisbon.md": "---\ntitle: Lisbon\n---\nText.\n",
            "_posts/travel/2024-01-02-porto.md": "---\ntitle: Porto\nimage: /assets/img/porto.jpg\n---\nText.\n",
            "_posts/2024-01-03-home.md": "---\ntitle: Home\n---\nText.\n",
            "assets/img/travel-default.jpg": "", "assets/img/porto.jpg": "",
        ])
        defer { tree.remove() }
        let lisbon = try tree.scan("_posts/travel/2024-01-01-lisbon.md")
        #expect(SiteTree.file(lisbon.images.first { $0.isCover }) == tree.path + "/assets/img/travel-default.jpg")
        #expect(lisbon.url == nil)
        #expect(SiteTree.file(try tree.scan("_posts/travel/2024-01-02-porto.md").images.first { $0.isCover }) == tree.path + "/assets/img/porto.jpg")
        #expect(try tree.scan("_posts/2024-01-03-home.md").images.isEmpty)
    }

    @Test func hexosPhotosAreAllPicturesOfThePost() throws {
        // Hexo's `photos` front matter: landscape and its forks show them all as the post's gallery.
        let tree = try SiteTree("hexo-photos", [
            "_config.yml": "theme: landscape\n",
            "source/_posts/p.md": "---\ntitle: P\nphotos:\n  - /img/photos.png\n  - /img/second.png\n---\nText.\n",
            "source/img/photos.png": "", "source/img/second.png": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("source/_posts/p.md").images
        #expect(images.map { SiteTree.file($0) } == [tree.path + "/source/img/photos.png", tree.path + "/source/img/second.png"])
        #expect(images.map(\.isCover) == [true, false])
    }

    @Test func frontMatterIndentedWithTabsIsReadAsHexoReadsIt() throws {
        let tree = try SiteTree("hexo-tab-front", [
            "_config.yml": "post_asset_folder: true\n",
            "source/_posts/p.md": "---\ntitle: DM8\ncover:\n\timage: /img/dm8.png\ncategories:\n\t- DM8\n---\nText.\n", "source/img/dm8.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("source/_posts/p.md")
        #expect(SiteTree.file(post.images.first { $0.isCover }) == tree.path + "/source/img/dm8.png")
        #expect(post.warnings.first?.contains("indented with tabs") == true)
    }

    @Test func hugoCoversALayoutLoadsFromAssetsAndEyecatch() throws {
        // The site's own `single.html` loads the cover with `resources.Get`: it is under `assets/`.
        let tree = try SiteTree("hugo-cover-assets", [
            "hugo.toml": "baseURL = \"https://jonnung.example/\"\n",
            "layouts/_default/single.html": "{{ with .Params.image }}{{ $src := . }}{{ with resources.Get . }}{{ $src = .RelPermalink }}{{ end }}<img src=\"{{ $src }}\">{{ end }}\n",
            "content/posts/orbstack/index.md": "---\nimage: /images/posts/orbstack.png\n---\nText.\n", "assets/images/posts/orbstack.png": "",
            // `eyecatch` (アイキャッチ), the Japanese blogs' featured image, beside the page.
            "content/others/game/index.md": "+++\neyecatch = \"runstant.gif\"\n+++\nText.\n", "content/others/game/runstant.gif": "",
        ])
        defer { tree.remove() }
        #expect(SiteTree.file(try tree.scan("content/posts/orbstack/index.md").images.first { $0.isCover }) == tree.path + "/assets/images/posts/orbstack.png")
        #expect(SiteTree.file(try tree.scan("content/others/game/index.md").images.first { $0.isCover }) == tree.path + "/content/others/game/runstant.gif")
    }

    @Test func hexoWithoutAssetFoldersServesTheWebRootsCopy() throws {
        // Hexo publishes nothing of `_posts/` but posts when asset folders are off: `source/images/a.png`
        // is the picture served; the copy beside the post is the one meant only when it is the only one.
        let tree = try SiteTree("hexo-no-assets", [
            "_config.yml": "post_asset_folder: false\n",
            "source/_posts/p.md": "![a](images/a.png)\n\n![b](images/b.png)\n",
            "source/_posts/images/a.png": "", "source/images/a.png": "", "source/_posts/images/b.png": "",
        ])
        defer { tree.remove() }
        #expect(try tree.scan("source/_posts/p.md").images.map { SiteTree.file($0) } == [tree.path + "/source/images/a.png", tree.path + "/source/_posts/images/b.png"])
    }

    @Test func jekyllAssignedPathsAndGitHubPagesURL() throws {
        let tree = try SiteTree("jekyll-assign", [
            "_config.yml": "baseurl: /blog\n",
            "_posts/2024-01-01-a.md": """
                {% assign imgpath = "/assets/img/h.jpg" %}
                ![H]({{ imgpath | relative_url }})

                ![gh]({{ site.github.url }}/assets/b.png)
                """,
            "assets/img/h.jpg": "", "assets/b.png": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("_posts/2024-01-01-a.md").images
        #expect(images.map { SiteTree.file($0) } == [tree.path + "/assets/img/h.jpg", tree.path + "/assets/b.png"])
        #expect(images.allSatisfy { !$0.missingFile })
    }
}
