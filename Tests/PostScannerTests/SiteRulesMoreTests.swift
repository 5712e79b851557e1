import Foundation
import Testing
@testable import PostScanner

/// Less common but real forms: Hexo without asset folders, Hugo single pages, Jekyll `link` and
/// custom image includes, Gatsby.
@Suite struct SiteRulesMoreTests {
    @Test func hexoWithoutAssetFoldersAndTheImgTag() throws {
        let tree = try SiteTree("hexo-plain", [
            "_config.yml": "post_asset_folder: false\ntheme: next\n",
            "source/_posts/p.md": "![](images/a.png)\n\n{% img left /images/b.png 300 200 Bee title %}\n\n![](/images/avatar.png)\n",
            "source/images/a.png": "", "source/images/b.png": "", "themes/next/source/images/avatar.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("source/_posts/p.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/source/images/a.png", tree.path + "/source/images/b.png",
                                                         tree.path + "/themes/next/source/images/avatar.png"])  // the theme's source/ is served at / too
        #expect(post.images.map(\.caption) == [nil, "Bee title", nil])
    }

    @Test func hexoAssetTagsNeedAssetFoldersAndReadTitleAndAltAsHexoDoes() throws {
        // Hexo's tag words after the size: all one title, or `'"title" "alt"'` quoted once more.
        let tags = #"""
            {% asset_img a.png Plain words %}

            {% asset_img b.png '"" "圆和树的直径"' %}

            {% asset_img c.png "my title" "my alt" %}
            """#
        let on = try SiteTree("hexo-assets-on", [
            "_config.yml": "post_asset_folder: true\n", "source/_posts/p.md": tags,
            "source/_posts/p/a.png": "", "source/_posts/p/b.png": "", "source/_posts/p/c.png": "",
        ])
        defer { on.remove() }
        let post = try on.scan("source/_posts/p.md")
        #expect(post.images.map(\.caption) == ["Plain words", "圆和树的直径", "my title my alt"])
        #expect(post.images.allSatisfy { !$0.missingFile })
        // Without `post_asset_folder` Hexo keeps no asset and the tag shows nothing: the file
        // beside the post is no picture of the page.
        let off = try SiteTree("hexo-assets-off", [
            "_config.yml": "post_asset_folder: false\n", "source/_posts/p.md": "{% asset_img a.png %}\n", "source/_posts/p/a.png": "",
        ])
        defer { off.remove() }
        let image = try #require(try off.scan("source/_posts/p.md").images.first)
        #expect(image.missingFile && image.rule?.contains("post_asset_folder is off") == true)
    }

    @Test func hexoPagesHaveNoAssetFolderAndWindowsPathsUseSlashes() throws {
        let tree = try SiteTree("hexo-page", [
            "_config.yml": "post_asset_folder: true\n",
            "source/about/index.md": #"![](image\2017-06-30.png)"# + "\n\n![](gone.png)\n", "source/about/image/2017-06-30.png": "",
            "source/_posts/p.md": #"![](p\shot.png)"# + "\n", "source/_posts/p/shot.png": "",
        ])
        defer { tree.remove() }
        let page = try tree.scan("source/about/index.md")
        #expect(SiteTree.file(page.images.first) == tree.path + "/source/about/image/2017-06-30.png")
        // A missing file of a page is reported beside it, not in an asset folder pages do not have.
        #expect(SiteTree.file(page.images.last) == tree.path + "/source/about/gone.png" && page.images.last?.missingFile == true)
        #expect(SiteTree.file(try tree.scan("source/_posts/p.md").images.first) == tree.path + "/source/_posts/p/shot.png")
    }

    @Test func dotSegmentsOfARootRelativePathStopAtTheWebRoot() throws {
        // Typora with `typora-root-url` writes `/../images/x.png`: a browser asks for `/images/x.png`.
        // The same names above the site (beside the tree's sites) must never be taken.
        let tree = try SiteTree("dot-segments", [
            "hexo/_config.yml": "post_asset_folder: false\n", "hexo/package.json": #"{"dependencies":{"hexo":"^7.0.0"}}"#,
            "hexo/source/_posts/ecs.md": "<img class=\"half\" src=\"/../images/unity/tick.png\"></img>\n\n![](/./images/unity/tick.png)\n",
            "hexo/source/images/unity/tick.png": "", "hexo/images/unity/tick.png": "",
            "jekyll/_config.yml": "title: x\n", "jekyll/_posts/2020-01-01-x.md": "---\ntitle: X\n---\n![](/../assets/a.png)\n\n![](/../../img/b.png)\n",
            "jekyll/assets/a.png": "", "assets/a.png": "", "img/b.png": "",
            "hugo/hugo.toml": "baseURL = \"https://site.example/\"\n", "hugo/content/posts/x.md": "---\ntitle: X\n---\n![](/../img/a.png)\n",
            "hugo/static/img/a.png": "", "hugo/img/a.png": "",
        ])
        defer { tree.remove() }
        let hexo = try tree.scan("hexo/source/_posts/ecs.md")
        #expect(hexo.images.map { SiteTree.file($0) } == [tree.path + "/hexo/source/images/unity/tick.png", tree.path + "/hexo/source/images/unity/tick.png"])
        let jekyll = try tree.scan("jekyll/_posts/2020-01-01-x.md")
        #expect(jekyll.images.map { SiteTree.file($0) } == [tree.path + "/jekyll/assets/a.png", tree.path + "/jekyll/img/b.png"])
        #expect(jekyll.images.map(\.missingFile) == [false, true])
        #expect(SiteTree.file(try tree.scan("hugo/content/posts/x.md").images.first) == tree.path + "/hugo/static/img/a.png")
    }

    @Test func theKeyAThemeNamesTheCoverComesBeforeHeaderAndSocialKeys() throws {
        // The cover stands for the post ("a post's cover/thumbnail image"): the picture lists and
        // cards show, before a header over the post page alone, before a social card's.
        func cover(_ front: String) throws -> (String?, String?) {
            let post = try scanSnippet("Text.", front: "title: T\n" + front)
            return (post.cover, post.images.first { $0.isCover }?.caption)
        }
        // Butterfly: `cover` (文章封面), `top_img` the post page's header; `top_img: false` turns that off.
        #expect(try cover("top_img: ./img/41.jpg\ncover: ./img/31.jpg").0 == "./img/31.jpg")
        #expect(try cover("top_img: ./img/41.jpg").0 == "./img/41.jpg")
        // Fluid: `index_img` (文章封面) before `banner_img`; Matery: `img` before the carousel's `coverImg`.
        #expect(try cover("banner_img: /img/bn.png\nindex_img: cover.png").0 == "cover.png")
        #expect(try cover("coverImg: /medias/featureimages/12.jpg\nimg: /medias/featureimages/post-top.jpg").0 == "/medias/featureimages/post-top.jpg")
        // Clarity: `thumbnail` in lists; `featureImage` on the post keeps its `featureImageCap` (see below).
        #expect(try cover("featureImage: /images/cpp.png\nfeatureImageCap: 'source: ISO C++'\nthumbnail: /images/logo.png") == ("/images/logo.png", nil))
        // Type-on-Strap: `thumbnail` in lists before `feature-img` over the post and `image` for jekyll-seo-tag.
        #expect(try cover("feature-img: assets/img/pexels/desk.jpeg\nimage: assets/img/thumbnails/desk.jpg\nthumbnail: assets/img/thumbnails/desk.jpeg").0
                == "assets/img/thumbnails/desk.jpeg")
        // Icarus 4 and later: `cover` on the cards and over the post, `thumbnail` in archives and
        // widgets (Redefine differs: see theThemeDecides…); an Astro blog's `cover: {url, square}`.
        #expect(try cover("thumbnail: /thumb/ROS.png\ncover: /gallery/ROS.jpg").0 == "/gallery/ROS.jpg")
        #expect(try cover("cover:\n  alt: cover\n  square: https://i.example/sq.jpg\n  url: https://i.example/wide.jpg").0 == "https://i.example/wide.jpg")
        // Hydejack's `accent_image` is CSS; a template's folder (`teaser: /assets/images/post-name/`) is no picture.
        #expect(try cover("accent_image:\n  background: url('/assets/img/blog/jj-ying.jpg') center/cover\n  overlay: false").0 == "/assets/img/blog/jj-ying.jpg")
        #expect(try cover("header:\n  teaser: /assets/images/htb-writeup-shocker/").0 == nil)
        // A web address ending in `/` is what the post names (RSSHub copies a broken first picture's).
        #expect(try cover("headimg: 'https://www.invisionapp.com/inside-design/6-designers/'").0 == "https://www.invisionapp.com/inside-design/6-designers/")
        // Hermit: `featuredImg`, else Hugo's `images` (search engines' and social cards').
        #expect(try cover("images: [/img/og.png]\nfeaturedImg: /img/cover.png").0 == "/img/cover.png")
        // Clean Blog's `background`, when it names a picture; YAT's `banner: {image, caption}`; TeXt's `article_header`.
        #expect(try cover("background: '/img/posts/01.jpg'").0 == "/img/posts/01.jpg")
        #expect(try cover("background: dark").0 == nil)
        #expect(try cover("banner:\n  image: /assets/images/hippo.jpg\n  opacity: 0.618\n  caption: A hippo") == ("/assets/images/hippo.jpg", "A hippo"))
        #expect(try cover("article_header:\n  type: cover\n  image:\n    src: /assets/images/c.jpg").0 == "/assets/images/c.jpg")
        // VitePress's home page: `hero.image` as `{src, alt}` or `{light, dark}`.
        #expect(try cover("layout: home\nhero:\n  name: Codesign\n  image:\n    src: /logo-hero.png\n    alt: Logo").0 == "/logo-hero.png")
        #expect(try cover("layout: home\nhero:\n  image:\n    light: /img/hero-light.png\n    dark: /img/hero-dark.png").0 == "/img/hero-light.png")
    }

    @Test func theThemeDecidesWhichKeyItsCardsShow() throws {
        // Redefine's home-content.ejs shows `thumbnail` on the cards; its `cover` heads the post.
        let tree = try SiteTree("hexo-redefine", [
            "_config.yml": "theme: redefine\n", "package.json": #"{"dependencies":{"hexo":"^7.0.0"}}"#,
            "source/_posts/demo.md": "---\ntitle: Demo\nthumbnail: /images/thumb.jpg\ncover: /images/banner.jpg\n---\nText.\n",
            "source/images/thumb.jpg": "", "source/images/banner.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("source/_posts/demo.md")
        #expect(post.cover == "/images/thumb.jpg")
        #expect(post.images.map(\.src) == ["/images/thumb.jpg", "/images/banner.jpg"])
    }

    @Test func theOtherFrontMatterPicturesArePicturesOfThePostToo() throws {
        // Clarity: the lists' `thumbnail` is the cover; the post's `featureImage` (under its own
        // caption) and the social card's picture are pictures of the post too; one named twice is listed once.
        let clarity = try scanSnippet("Text.", front: "title: T\nfeatureImage: /images/cpp.png\nfeatureImageCap: 'source: ISO C++'\nthumbnail: /images/logo.png\nimages: [/images/cpp.png]\nog_image: /images/og.png")
        #expect(clarity.images.map(\.src) == ["/images/logo.png", "/images/cpp.png", "/images/og.png"])
        #expect(clarity.images.map(\.isCover) == [true, false, false])
        #expect(clarity.images.map(\.caption) == [nil, "source: ISO C++", nil])
        // Words another theme keeps under such a key are no picture.
        #expect(try scanSnippet("Text.", front: "title: T\ncover: /img/a.png\nhero: Welcome aboard\nbanner: Sale ends today").images.map(\.src) == ["/img/a.png"])
        // Beautiful Hugo's `bigimg: [{src, desc}]`, Beautiful Jekyll's (before 5.0) `bigimg: ["/a.jpg" : "Caption"]`.
        let hugo = try scanSnippet("Text.", front: "title: T\nbigimg: [{src: \"/img/rpikube.png\", desc: \"RPiKube\"}, {src: \"/img/b.png\"}]")
        #expect(hugo.cover == "/img/rpikube.png" && hugo.images.first?.caption == "RPiKube")
        let jekyll = try scanSnippet("Text.", front: "title: T\nimage: /img/thumb.png\nbigimg:\n  - \"/img/carmel.jpg\" : \"Carmel-by-the-Sea, CA (2016)\"\n  - \"/img/b.jpg\"")
        // There `image` is the feed's thumbnail (the cover), `bigimg` the header over the post, under its caption.
        #expect(jekyll.cover == "/img/thumb.png")
        #expect(jekyll.images.map(\.src) == ["/img/thumb.png", "/img/carmel.jpg", "/img/b.jpg"])
        #expect(jekyll.images.map(\.caption) == [nil, "Carmel-by-the-Sea, CA (2016)", nil])
        // Beautiful Hugo rotates through its entries too; Tranquilpeak's `gallery` lines are pictures.
        #expect(hugo.images.map(\.src) == ["/img/rpikube.png", "/img/b.png"])
        let gallery2 = try scanSnippet("Text.", front: "title: T\ncoverImage: c.jpg\ngallery:\n  - g1.jpg g1t.jpg \"Gallery one\"\n  - https://i.example/remote.jpg \"Remote two\"")
        #expect(gallery2.images.map(\.src) == ["c.jpg", "g1.jpg", "https://i.example/remote.jpg"])
        // Tranquilpeak: `coverCaption`; gallery entries `original [thumbnail] ["title"]`.
        let tranquil = try scanSnippet("Text.", front: "title: T\ncoverImage: cover.jpg\ncoverCaption: 在美国用华为太不容易了\nphotos:\n  - g1.jpg g1t.jpg \"Gallery one\"\n  - g2.jpg\n  - my photo.jpg")
        #expect(tranquil.images.map(\.src) == ["cover.jpg", "g1.jpg", "g2.jpg", "my photo.jpg"])
        #expect(tranquil.images.first?.caption == "在美国用华为太不容易了")
        let gallery = try scanSnippet("Text.", front: "title: T\nphotos:\n  - g1.jpg g1t.jpg \"Gallery one\"\n  - g2.jpg")
        #expect(gallery.cover == "g1.jpg" && gallery.images.map(\.src) == ["g1.jpg", "g2.jpg"])
        // Blowfish's hero caption.
        #expect(try scanSnippet("Text.", front: "title: T\nfeatureimage: featured.png\nfeatureimagecaption: Dónde el modelo gana").images.first?.caption == "Dónde el modelo gana")
    }

    @Test func aThemesCoverCaptionCaptionsTheCover() throws {
        let tree = try SiteTree("cover-captions", [
            // Wowchemy: the cover is the bundle's `featured.jpg`, its caption in `image:`.
            "wowchemy/hugo.toml": "baseURL = \"https://site.example/\"\n",
            "wowchemy/content/post/qc/index.md": "---\ntitle: QC\nimage:\n  caption: 'Image credit: [**QuaRCS-Lab**](https://quarcs.netlify.app)'\n  focal_point: ''\n---\nText.\n",
            "wowchemy/content/post/qc/featured.jpg": "",
            // Minimal Mistakes: the header's caption is the overlay's, not the teaser's.
            "mm/_config.yml": "title: x\n",
            "mm/_posts/2024-01-01-a.md": "---\ntitle: A\nheader:\n  overlay_image: /assets/images/sea.jpg\n  caption: \"Photo credit: [**Unsplash**](https://unsplash.com)\"\n---\nText.\n",
            "mm/_posts/2024-01-02-b.md": "---\ntitle: B\nheader:\n  teaser: /assets/images/th.jpg\n  caption: \"Photo credit: Unsplash\"\n---\nText.\n",
            "mm/assets/images/sea.jpg": "", "mm/assets/images/th.jpg": "",
        ])
        defer { tree.remove() }
        func cover(_ post: String) throws -> ImageRef? { try tree.scan(post).images.first { $0.isCover } }
        #expect(try cover("wowchemy/content/post/qc/index.md")?.caption == "Image credit: QuaRCS-Lab")
        #expect(try cover("mm/_posts/2024-01-01-a.md")?.caption == "Photo credit: Unsplash")
        let teaser = try #require(try cover("mm/_posts/2024-01-02-b.md"))
        #expect(teaser.src == "/assets/images/th.jpg" && teaser.caption == nil)
    }

    @Test func flexibleJekyllsBareImgIsUnderAssetsImgCaptionedByFigCaption() throws {
        // flexible-jekyll prints `{{ "/assets/img/" | prepend: site.baseurl | append: page.img }}`
        // and `page.fig-caption` under it; a name at the root is still served first.
        let tree = try SiteTree("flexible-jekyll", [
            "_config.yml": "baseurl: \"/\"\npage-img: rh.jpg\n",
            "_posts/2018-06-13-c.markdown": "---\nlayout: post\ntitle: Árvores binárias\nimg: c.jpg # (Optional)\nfig-caption: C Programming Language # (Optional)\n---\nText.\n",
            "_posts/2018-06-14-gone.markdown": "---\ntitle: Gone\nimg: gone.jpg\n---\nText.\n",
            "assets/img/c.jpg": "", "assets/img/rh.jpg": "",
        ])
        defer { tree.remove() }
        let cover = try #require(try tree.scan("_posts/2018-06-13-c.markdown").images.first { $0.isCover })
        #expect(SiteTree.file(cover) == tree.path + "/assets/img/c.jpg" && !cover.missingFile)
        #expect(cover.caption == "C Programming Language")
        // A name found nowhere is reported where the site root would serve it.
        let gone = try #require(try tree.scan("_posts/2018-06-14-gone.markdown").images.first)
        #expect(SiteTree.file(gone) == tree.path + "/gone.jpg" && gone.missingFile)
    }

    @Test func hpstrFeatureImagesAreUnderImagesAndTitlesShowDecoded() throws {
        let tree = try SiteTree("hpstr", [
            "_config.yml": "title: x\n",
            "_posts/2015-09-18-cards.md": "---\ntitle: 'L3&#58; Size cards &amp; more&#8230;'\nimage:\n  feature: russia-journal.png\n---\nText.\n",
            "images/russia-journal.png": "",
            // Moon prints the same key under `/assets/img/`: the bare name is looked for where themes put it.
            "_posts/2016-01-01-moon.md": "---\ntitle: Moon\nimage:\n  feature: feat.jpg\n---\nText.\n", "assets/img/feat.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("_posts/2015-09-18-cards.md")
        #expect(SiteTree.file(post.images.first { $0.isCover }) == tree.path + "/images/russia-journal.png")
        #expect(SiteTree.file(try tree.scan("_posts/2016-01-01-moon.md").images.first { $0.isCover }) == tree.path + "/assets/img/feat.jpg")
        #expect(post.title == "L3: Size cards & more…")
    }

    @Test func colourCoversAreNoPicturesAndHexosImgTagReadsItsQuotedTitleAndAlt() throws {
        // Butterfly takes a colour, `transparent` or a gradient where a cover image goes; Hexo's
        // docs write `{% img /path 300 200 '"title" "alt"' %}`; a `#fragment` src is no picture.
        let tree = try SiteTree("butterfly", [
            "_config.yml": "post_asset_folder: true\ntheme: butterfly\n",
            "source/_posts/a.md": "---\ntitle: A\ntop_img: \"#66CCFF\"\ncover: rgba(255, 0, 0, 0.5)\n---\n{% img /gallery/c4.jpg 300 200 '\"t4 title\" \"t4 alt\"' %}\n\n<img src=\"#\">\n",
            "source/_posts/b.md": "---\ntitle: B\ntop_img: transparent\ncover: /img/b.png\n---\nText.\n",
            "source/gallery/c4.jpg": "", "source/img/b.png": "",
        ])
        defer { tree.remove() }
        let a = try tree.scan("source/_posts/a.md")
        #expect(a.cover == nil && a.images.map(\.src) == ["/gallery/c4.jpg"])
        #expect(a.images.first?.caption == "t4 title" && a.images.first?.alt == "t4 alt")
        #expect(try tree.scan("source/_posts/b.md").cover == "/img/b.png")
        // PaperMod's archetype caption left unfilled is none.
        let paper = try SiteTree("papermod", [
            "hugo.toml": "baseURL = \"https://site.example/\"\n",
            "content/posts/deploy/index.md": "---\ntitle: Deploy\ncover:\n  image: logo.png\n  alt: Hugo Logo\n  caption: \"<text>\"\n  relative: true\n---\nText.\n",
            "content/posts/deploy/logo.png": "",
        ])
        defer { paper.remove() }
        #expect(try paper.scan("content/posts/deploy/index.md").images.first { $0.isCover }?.caption == nil)
    }

    @Test func everyMarkdownExtensionThePelicanAndJekyllReadersTakeIsAPost() throws {
        let tree = try SiteTree("markdown-extensions", [
            "pelicanconf.py": "PATH = 'content'\n",
            "content/a.mkd": "Title: A\n\n![](/images/a.png)\n", "content/b.mdown": "Title: B\n", "content/c.mkdn": "Title: C\n",
            "content/d.mdwn": "Title: D\n", "content/e.txt": "not a post\n",
        ])
        defer { tree.remove() }
        #expect(tree.walk("content").sorted() == ["content/a.mkd", "content/b.mdown", "content/c.mkdn", "content/d.mdwn"])
        #expect(try tree.scan("content/a.mkd").images.map(\.src) == ["/images/a.png"])
    }

    @Test func themeCoverKeysAndPelicanCoversFromTheWebRoot() throws {
        let tree = try SiteTree("covers", [
            "hexo/_config.yml": "post_asset_folder: false\n",
            "hexo/source/_posts/gallery.md": "---\ntitle: g\nphotos:\n  - /img/redos/cover.png\n  - /img/redos/2.png\n---\nText.\n",
            "hexo/source/_posts/hux.md": "---\ntitle: h\nheader-img: /img/header_img/bg.png\n---\nText.\n",
            "hexo/source/img/redos/cover.png": "", "hexo/source/img/header_img/bg.png": "",
            "pelican/pelicanconf.py": "PATH = 'content'\nSTATIC_PATHS = ['images']\n",
            "pelican/content/posts/nlp/sentiment.md": "Title: Sentiment\nOg_Image: images/covers/grass.jpg\n\nText.\n",
            "pelican/content/posts/other/cte.md": "Title: CTE\nHeader_Cover: images/trees.jpg\n\nText.\n",
            "pelican/content/images/covers/grass.jpg": "", "pelican/content/images/trees.jpg": "",
        ])
        defer { tree.remove() }
        func cover(_ post: String) throws -> String? { SiteTree.file(try tree.scan(post).images.first { $0.isCover }) }
        #expect(try cover("hexo/source/_posts/gallery.md") == tree.path + "/hexo/source/img/redos/cover.png")
        #expect(try cover("hexo/source/_posts/hux.md") == tree.path + "/hexo/source/img/header_img/bg.png")
        // Pelican expands no `{static}` in a theme's metadata: themes print it after SITEURL/.
        #expect(try cover("pelican/content/posts/nlp/sentiment.md") == tree.path + "/pelican/content/images/covers/grass.jpg")
        #expect(try cover("pelican/content/posts/other/cte.md") == tree.path + "/pelican/content/images/trees.jpg")
    }

    @Test func aBundlesPathsClimbingOutOfItAreReadFromThePagesURL() throws {
        // PaperMod post under a base path: `../../images/x` from /blogs/posts/slug/ is
        // /blogs/images/x, a static file; `cover.relative: false` prints the cover with absURL.
        let tree = try SiteTree("hugo-climb", [
            "hugo.yaml": "baseURL: https://ess-aiml.github.io/blogs/\ntheme: PaperMod\n",
            "content/posts/diffusion/index.md": """
                ---
                title: Diffusion
                cover:
                  image: images/earth.jpg
                  relative: false
                ---
                {{< figure src="../../images/generative.jpg" caption="Generative modelling" >}}

                ![Forward](../../images/forward.jpg)
                """,
            "static/images/generative.jpg": "", "static/images/forward.jpg": "", "static/images/earth.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("content/posts/diffusion/index.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/static/images/generative.jpg", tree.path + "/static/images/forward.jpg",
                                                         tree.path + "/static/images/earth.jpg"])
        #expect(post.images.last?.isCover == true)
    }

    @Test func hugoTranslationsOfABundleShareItsFiles() throws {
        // Congo's `index.ja.md` beside `index.md`: resources without a language are both pages'.
        let tree = try SiteTree("hugo-translations", [
            "hugo.toml": "baseURL = \"https://site.example/\"\ndefaultContentLanguage = \"en\"\n",
            "content/docs/start/index.md": "---\ntitle: Start\n---\n![Shot](Shot.png)\n",
            "content/docs/start/index.ja.md": "---\ntitle: はじめに\n---\n![A screenshot](shot.png \"この例では、 `thumb` 画像付きの記事\")\n",
            "content/docs/start/thumb-choose.svg": "<svg/>", "content/docs/start/shot.png": "",
        ])
        defer { tree.remove() }
        let japanese = try tree.scan("content/docs/start/index.ja.md")
        #expect(SiteTree.file(japanese.images.first { $0.isCover }) == tree.path + "/content/docs/start/thumb-choose.svg")
        let shot = try #require(SiteTree.image(japanese, "shot.png"))
        #expect(shot.rule?.hasPrefix("hugo page bundle resource") == true)
        // The theme shows the title through `markdownify`: the code marks are not seen.
        #expect(shot.caption == "この例では、 thumb 画像付きの記事")
        // Bundle resources match by name ignoring case, in a translation too.
        #expect(SiteTree.file(try tree.scan("content/docs/start/index.md").images.first { !$0.isCover }) == tree.path + "/content/docs/start/shot.png")
    }

    @Test func hexoPermalinksTheFrontMatterGivesReachTheAssetFolder() throws {
        // hexo-abbrlink (`permalink: posts/:abbrlink/`) and a post's own `permalink:` publish the
        // asset folder under that address.
        let tree = try SiteTree("hexo-abbrlink", [
            "_config.yml": "post_asset_folder: true\npermalink: posts/:abbrlink/\n",
            "source/_posts/ab.md": "---\ntitle: Ab\nabbrlink: 3a5b1c2d\n---\n![x](/posts/3a5b1c2d/x.png)\n",
            "source/_posts/pl.md": "---\ntitle: Pl\npermalink: /custom/pl-here/\n---\n![y](/custom/pl-here/y.png)\n",
            "source/_posts/ab/x.png": "", "source/_posts/pl/y.png": "",
        ])
        defer { tree.remove() }
        #expect(SiteTree.file(try tree.scan("source/_posts/ab.md").images.first) == tree.path + "/source/_posts/ab/x.png")
        #expect(SiteTree.file(try tree.scan("source/_posts/pl.md").images.first) == tree.path + "/source/_posts/pl/y.png")
    }

    @Test func hexoPermalinkWithoutTheFileNameDatePrefix() throws {
        let tree = try SiteTree("hexo-dated", [
            "_config.yml": "post_asset_folder: true\nnew_post_name: :year-:month-:day-:title.md\n",
            "source/_posts/2020-01-02-trip.md": "<img src=\"/2020/01/02/trip/map.png\">\n", "source/_posts/2020-01-02-trip/map.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("source/_posts/2020-01-02-trip.md")
        #expect(SiteTree.file(post.images.first) == tree.path + "/source/_posts/2020-01-02-trip/map.png")
    }

    @Test func hugoSinglePageRelativeNamesFallBackToStatic() throws {
        let tree = try SiteTree("hugo-single", [
            "hugo.yaml": "baseURL: https://x.example/\ntheme: ananke\n", "content/posts/foo.md": "![](images/x.png)\n\n![](here.png)\n\n![](/logo.png)\n",
            "static/images/x.png": "", "content/posts/here.png": "", "themes/ananke/static/logo.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("content/posts/foo.md")
        #expect(post.generator == "hugo")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/static/images/x.png", tree.path + "/content/posts/here.png",
                                                         tree.path + "/themes/ananke/static/logo.png"])
    }

    @Test func hugoFindsGlobalResourcesUnderAssetsAsRenderHooksDo() throws {
        // Hugo 0.123's image render hook and themes' (Congo, Blowfish) look a destination that is no
        // page resource up with resources.Get: under assets/ (then the theme's), its leading `/` off.
        let tree = try SiteTree("hugo-assets", [
            "hugo.toml": "baseURL = 'https://x.example/'\ntheme = 'congo'\n",
            "content/posts/single.md": "![](/img/a.png)\n\n![](img/b.png)\n\n![](/img/both.png)\n\n![](/img/theme.png)\n",
            "content/posts/bundle/index.md": "![](c.png)\n\n![](img/d.png)\n",
            "assets/img/a.png": "", "assets/img/b.png": "", "assets/img/both.png": "", "static/img/both.png": "",
            "themes/congo/assets/img/theme.png": "", "content/posts/bundle/c.png": "", "assets/c.png": "", "assets/img/d.png": "",
            "themes/congo/layouts/_default/_markup/render-image.html":
                "{{ $url := urls.Parse .Destination }}{{ $resource := or ($.Page.Resources.GetMatch $url.String) (resources.Get $url.String) }}<img src=\"{{ $resource.RelPermalink }}\">",
        ])
        defer { tree.remove() }
        let single = try tree.scan("content/posts/single.md")
        #expect(single.images.map { SiteTree.file($0) } == [tree.path + "/assets/img/a.png", tree.path + "/assets/img/b.png",
                                                           tree.path + "/static/img/both.png", tree.path + "/themes/congo/assets/img/theme.png"])
        #expect(single.images.allSatisfy { !$0.missingFile })
        // A page resource comes first; a name that is none is a global resource.
        let bundle = try tree.scan("content/posts/bundle/index.md")
        #expect(bundle.images.map { SiteTree.file($0) } == [tree.path + "/content/posts/bundle/c.png", tree.path + "/assets/img/d.png"])

        // Hugo's own hook, switched on in the configuration; without any hook assets/ is never published.
        for (config, found) in [("[markup.goldmark.renderHooks.image]\nenableDefault = true\n", true), ("", false)] {
            let plain = try SiteTree("hugo-hook", ["hugo.toml": "baseURL = 'https://x.example/'\n" + config,
                                                   "content/posts/p.md": "![](/img/a.png)\n", "assets/img/a.png": ""])
            defer { plain.remove() }
            let image = try #require(try plain.scan("content/posts/p.md").images.first)
            #expect((SiteTree.file(image) == plain.path + "/assets/img/a.png") == found && image.missingFile == !found, "\(config)")
        }
    }

    @Test func hugoShortcodesThatGetResourcesFindAssets() throws {
        // No image render hook here: only what a shortcode's own lookup reaches is under assets/.
        let tree = try SiteTree("hugo-shortcode-assets", [
            "hugo.toml": "baseURL = 'https://x.example/'\n",
            "content/posts/p.md": """
                {{< figure src="photo.jpg" >}}

                {{< pic name="a.png" >}}

                {{< plain src="b.png" >}}

                ![](c.png)
                """,
            "layouts/shortcodes/pic.html": "{{ with resources.Get (.Get \"name\") }}<img src=\"{{ .RelPermalink }}\">{{ end }}",
            "layouts/shortcodes/plain.html": "<img src=\"{{ .Get \"src\" }}\">",
            "assets/photo.jpg": "", "assets/a.png": "", "assets/b.png": "", "assets/c.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("content/posts/p.md")
        #expect(post.images.map { SiteTree.file($0) == tree.path + "/assets/" + $0.src } == [true, true, false, false])
        #expect(post.images.map(\.missingFile) == [false, false, true, true])
    }

    @Test func chirpyPutsItsMediaSubpathBeforeEveryImagePath() throws {
        // Chirpy 7's `media_subpath` (6's `img_path`, or given by `defaults:`): the theme writes
        // subpath + "/" + src for every path without a scheme, root-relative ones and the cover too.
        let tree = try SiteTree("chirpy", [
            "_config.yml": "baseurl: /blog\ndefaults:\n  - scope:\n      path: _posts/2022\n    values:\n      img_path: /assets/img/2022/\n",
            "_posts/2025-05-20-keeper.md": "---\ntitle: Keeper\nmedia_subpath: /assets/img/posts/keeper/\nimage: keeper.png\n---\n![image.png](image%201.png)\n\n![Root](/shots/root.png)\n\n![Remote](https://cdn.example/x.png)\n",
            "_posts/2022/2022-05-20-vbox.markdown": "---\ntitle: VBox\nimage:\n  path: cover.png\n---\n![Choose language](001.PNG)\n",
            "assets/img/posts/keeper/keeper.png": "", "assets/img/posts/keeper/image 1.png": "", "assets/img/posts/keeper/shots/root.png": "",
            "assets/img/2022/001.PNG": "", "assets/img/2022/cover.png": "",
        ])
        defer { tree.remove() }
        let keeper = try tree.scan("_posts/2025-05-20-keeper.md")
        #expect(keeper.images.map { SiteTree.file($0) } == [tree.path + "/assets/img/posts/keeper/image 1.png", tree.path + "/assets/img/posts/keeper/shots/root.png",
                                                          nil, tree.path + "/assets/img/posts/keeper/keeper.png"])
        #expect(keeper.images.first?.rule?.hasPrefix("chirpy media_subpath") == true)
        // localize places a file where the prefixed path finds it.
        let site = try #require(Site.detect(root: tree.path))
        let place = try #require(site.placement(forPost: tree.path + "/_posts/2025-05-20-keeper.md", directory: "images/archived", mediaSubpath: keeper.mediaSubpath))
        #expect(place.folder == tree.path + "/assets/img/posts/keeper/images/archived" && place.reference(to: "a.png") == "images/archived/a.png")
        try FileManager.default.createDirectory(atPath: place.folder, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: place.path(of: "a.png")))
        try Data("---\ntitle: K\nmedia_subpath: /assets/img/posts/keeper/\n---\n![](\(place.reference(to: "a.png")))\n".utf8)
            .write(to: URL(fileURLWithPath: tree.path + "/_posts/2025-05-21-placed.md"))
        #expect(SiteTree.file(try tree.scan("_posts/2025-05-21-placed.md").images.first) == place.path(of: "a.png"))
        let vbox = try tree.scan("_posts/2022/2022-05-20-vbox.markdown")
        #expect(vbox.images.map { SiteTree.file($0) } == [tree.path + "/assets/img/2022/001.PNG", tree.path + "/assets/img/2022/cover.png"])
        #expect(vbox.images.allSatisfy { !$0.missingFile })
    }

    @Test func jekyllLinkTagAndImageIncludes() throws {
        let body = """
        ![Linked]({% link assets/a.png %})

        <img src="{% link assets/b.png %}">

        {% include image.html url="/assets/c.png" description="Described" %}

        {% include note.html text="not an image" %}
        """
        let tree = try SiteTree("jekyll-link", ["_config.yml": "title: t\n", "_posts/2021-01-01-l.md": body,
                                                "assets/a.png": "", "assets/b.png": "", "assets/c.png": ""])
        defer { tree.remove() }
        let post = try tree.scan("_posts/2021-01-01-l.md")
        #expect(post.images.map { SiteTree.file($0) } == ["a", "b", "c"].map { tree.path + "/assets/\($0).png" })
        #expect(post.images.map(\.src) == ["{% link assets/a.png %}", "{% link assets/b.png %}", "/assets/c.png"])
        #expect(post.images.map(\.caption) == ["Linked", nil, "Described"])
    }

    @Test func theInputRootOfAPostUnderCJKFolders() throws {
        let tree = try SiteTree("cjk", ["聊聊其他/聊聊环境隔离.md": "x"])
        defer { tree.remove() }
        let items = InputWalker.expand([tree.path]).items
        #expect(items.map(\.inputRoot) == [tree.path])
        #expect(InputWalker.expand([tree.path + "/聊聊其他/聊聊环境隔离.md"]).items.map(\.inputRoot) == [tree.path + "/聊聊其他"])
    }

    @Test func aSiteAnswersForCallersOutsideTheScanner() throws {
        let tree = try SiteTree("site-api", ["_config.yml": "url: https://me.example\n", "_posts/2020-01-01-a.md": "x", "assets/a.png": ""])
        defer { tree.remove() }
        let site = try #require(Site.detect(root: tree.path))
        #expect(site.generatorName == "jekyll")
        #expect(site.file(for: "https://me.example/assets/a.png", inPost: tree.path + "/_posts/2020-01-01-a.md")?.path == tree.path + "/assets/a.png")
        #expect(site.file(for: "https://other.example/assets/a.png", inPost: tree.path + "/_posts/2020-01-01-a.md") == nil)
        let missing = site.file(for: "/assets/none.png", inPost: tree.path + "/_posts/2020-01-01-a.md")
        #expect(missing?.exists == false)
        #expect(missing?.rule.contains("jekyll") == true)
    }

    @Test func gatsbyPostsAndTheirImages() throws {
        let tree = try SiteTree("gatsby", [
            "gatsby-config.js": "module.exports = {}\n", "content/blog/hello/index.md": "![Hi](./a.png)\n\n![](/logo.png)\n",
            "content/blog/hello/a.png": "", "static/logo.png": "", "public/index.html": "<img src=\"x.png\">",
            "src/components/Bio.md": "![](bio.png)\n",
        ])
        defer { tree.remove() }
        let post = try tree.scan("content/blog/hello/index.md")
        #expect(post.generator == "gatsby")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/content/blog/hello/a.png", tree.path + "/static/logo.png"])
        #expect(tree.walk() == ["content/blog/hello/index.md"])
    }
}
