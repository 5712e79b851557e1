import Foundation
import Testing
@testable import PostScanner

/// Each generator's resolution rules on a small site tree the test writes.
@Suite struct SiteRulesTests {
    @Test func hexoAssetFolderTagsTyporaPathsAndTheWebRoot() throws {
        let post = """
        ---
        title: Post
        ---
        {% asset_img a.png Figure one %}

            {% asset_img  b.png%}

        ![](p/c.png)
        ![shot](d.png)
        <img src="/images/e.png">
        <img src="/2020/01/02/p/f.png">
        {% asset_img gone.png %}
        ```
        {% asset_img code.png %}
        ![](code2.png)
        ```
        Inline `{% asset_img inline.png %}` and <!-- ![](comment.png) -->
        {% raw %}<img src="raw.png">{% endraw %}
        """
        let tree = try SiteTree("hexo", [
            "_config.yml": "post_asset_folder: true\nurl: https://blog.example\n", "source/_posts/p.md": post,
            "source/_posts/p/a.png": "", "source/_posts/p/b.png": "", "source/_posts/p/c.png": "", "source/_posts/p/d.png": "",
            "source/_posts/p/f.png": "", "source/images/e.png": "", "source/_drafts/d.md": "draft", "themes/t/layout/post.html": "<img src=\"x.png\">",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("source/_posts/p.md")
        #expect(scanned.generator == "hexo")
        #expect(scanned.siteRoot == tree.path)
        #expect(scanned.images.map(\.src) == ["a.png", "b.png", "p/c.png", "d.png", "/images/e.png", "/2020/01/02/p/f.png", "gone.png"])
        let asset = tree.path + "/source/_posts/p/"
        #expect(SiteTree.file(SiteTree.image(scanned, "a.png")) == asset + "a.png")
        #expect(SiteTree.image(scanned, "a.png")?.caption == "Figure one")
        #expect(SiteTree.file(SiteTree.image(scanned, "b.png")) == asset + "b.png")  // indentation does not make a tag code
        #expect(SiteTree.file(SiteTree.image(scanned, "p/c.png")) == asset + "c.png")
        #expect(SiteTree.file(SiteTree.image(scanned, "d.png")) == asset + "d.png")
        #expect(SiteTree.image(scanned, "d.png")?.caption == "shot")
        #expect(SiteTree.file(SiteTree.image(scanned, "/images/e.png")) == tree.path + "/source/images/e.png")
        #expect(SiteTree.file(SiteTree.image(scanned, "/2020/01/02/p/f.png")) == asset + "f.png")
        let gone = try #require(SiteTree.image(scanned, "gone.png"))
        #expect(gone.missingFile)
        #expect(SiteTree.file(gone) == asset + "gone.png")
        #expect(gone.rule?.contains("asset folder") == true)
        #expect(tree.walk() == ["source/_posts/p.md"])
        // A folder the site would skip is still read when the user names it.
        #expect(tree.walk("themes") == ["themes/t/layout/post.html"])
        #expect(tree.walk("source/_drafts") == ["source/_drafts/d.md"])
    }

    @Test func hugoBundlesFigureShortcodesStaticFolderAndNamedCovers() throws {
        let bundle = """
        ---
        title: Bundle
        ---
        {{< figure src="Photo.JPG" alt="A photo" caption="By [Someone](https://x.example) **bold**" >}}

        {{% figure src="/blog/img/s.png" title="Static one" attr="Photo: Ana Lee" attrlink="https://ana.example" %}}

        ![Alt words](b.png "The title")

        {{< figure src="small.jpg" link="big.jpg" >}}

        {{< highlight html >}}
        <img src="highlighted.png">
        {{< /highlight >}}

        ```
        {{</* figure src="escaped.png" */>}}
        ```
        """
        let tree = try SiteTree("hugo", [
            "config/_default/hugo.toml": "baseURL = \"https://site.example/blog/\"\nstaticDir = \"files\"\n",
            "content/post/one/index.md": bundle, "content/post/one/photo.jpg": "", "content/post/one/b.png": "",
            "content/post/one/feature-wide.jpg": "", "files/img/s.png": "",
            "content/post/one/small.jpg": "", "content/post/one/big.jpg": "",
            "layouts/_default/single.html": "<img src=\"{{ . }}\">", "public/post/one/index.html": "<img src=\"b.png\">",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("content/post/one/index.md")
        #expect(scanned.generator == "hugo")
        #expect(scanned.images.filter { $0.occurrences > 0 }.map(\.src) == ["Photo.JPG", "/blog/img/s.png", "b.png", "small.jpg"])
        // A figure's `link` to an image file is the full-size picture: fetched instead of the thumbnail.
        #expect(SiteTree.file(SiteTree.image(scanned, "small.jpg")) == tree.path + "/content/post/one/big.jpg")
        let photo = SiteTree.image(scanned, "Photo.JPG")
        #expect(SiteTree.file(photo) == tree.path + "/content/post/one/photo.jpg")  // resources match in any case
        #expect(photo?.caption == "By Someone bold")
        #expect(SiteTree.file(SiteTree.image(scanned, "/blog/img/s.png")) == tree.path + "/files/img/s.png")
        #expect(SiteTree.image(scanned, "/blog/img/s.png")?.caption == "Static one Photo: Ana Lee")
        #expect(SiteTree.image(scanned, "b.png")?.caption == "The title")
        let cover = try #require(scanned.images.first { $0.isCover })
        #expect(SiteTree.file(cover) == tree.path + "/content/post/one/feature-wide.jpg")
        #expect(cover.occurrences == 0)
        #expect(tree.walk() == ["content/post/one/index.md"])
    }

    @Test func jekyllLiquidPathsBaseurlIncludesAndExamples() throws {
        let post = """
        ---
        title: Liquid
        image: /assets/cover.png
        ---
        ![First]({{ site.baseurl }}/assets/a.png)

        <img src="{{ "/assets/b.png" | relative_url }}" alt="Bee">

        <img src="{{ site.url }}{{ site.baseurl }}/assets/c.png">

        ![](/blog/assets/d.png)

        {% include figure image_path="/assets/e.png" alt="" caption="An **included** figure" %}

        {% highlight html %}
        <img src="/assets/highlighted.png">
        {% endhighlight %}

        {% raw %}![]({{ site.baseurl }}/assets/raw.png){% endraw %}
        """
        let tree = try SiteTree("jekyll", [
            "_config.yml": "baseurl: /blog\nurl: https://me.example\ncollections:\n  projects:\n    output: true\n", "_posts/2020-01-01-liquid.md": post,
            "_projects/p.md": "A project", "_drafts/d.md": "draft",
            "assets/a.png": "", "assets/b.png": "", "assets/c.png": "", "assets/d.png": "", "assets/e.png": "", "assets/cover.png": "",
            "_site/index.html": "<img src=\"/assets/a.png\">", "_layouts/post.html": "<img src=\"{{ page.image }}\">",
            "index.html": "<img src=\"/assets/a.png\">", "about.md": "About me",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("_posts/2020-01-01-liquid.md")
        #expect(scanned.generator == "jekyll")
        let body = scanned.images.filter { $0.occurrences > 0 }
        #expect(body.map { SiteTree.file($0) } == ["a", "b", "c", "d", "e"].map { tree.path + "/assets/\($0).png" })
        #expect(body.map(\.caption) == ["First", "Bee", nil, nil, "An included figure"])
        let cover = try #require(scanned.images.first { $0.isCover })
        #expect(SiteTree.file(cover) == tree.path + "/assets/cover.png")
        #expect(tree.walk() == ["_posts/2020-01-01-liquid.md", "_projects/p.md", "about.md"])
    }

    @Test func pelicanPlaceholdersAndOutputFolder() throws {
        let post = """
        Title: Pelican
        ---
        ![Static]({static}/images/a.png)

        <img src="{attach}b.png" alt="Attached">

        <img src="|static|/images/gone.png">
        """
        let tree = try SiteTree("pelican", [
            "pelicanconf.py": "PATH = 'content'\n", "content/posts/p.md": "---\ntitle: Pelican\n---\n" + post.split(separator: "\n").dropFirst(2).joined(separator: "\n"),
            "content/images/a.png": "", "content/posts/b.png": "", "output/index.html": "<img src=\"x.png\">", "theme/t.html": "<img src=\"y.png\">",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("content/posts/p.md")
        #expect(scanned.generator == "pelican")
        #expect(scanned.images.map { SiteTree.file($0) } == [tree.path + "/content/images/a.png", tree.path + "/content/posts/b.png", tree.path + "/content/images/gone.png"])
        #expect(scanned.images.map(\.missingFile) == [false, false, true])
        #expect(scanned.images.map(\.caption) == ["Static", "Attached", nil])
        #expect(tree.walk() == ["content/posts/p.md"])
    }

    @Test func pelicanPlaceholdersResolveWithoutItsConfiguration() throws {
        let tree = try SiteTree("pelican-bare", ["content/news/p.md": "![]({static}/images/a.png)\n", "content/images/a.png": ""])
        defer { tree.remove() }
        let scanned = try tree.scan("content/news/p.md")
        #expect(SiteTree.file(scanned.images.first) == tree.path + "/content/images/a.png")
        #expect(scanned.siteRoot == tree.path)
    }

    @Test func postsInNoSiteKeepResolvingBesideTheFile() throws {
        let tree = try SiteTree("plain", ["posts/p.md": "![x](a.png)\n<img src=\"/images/b.png\">\n", "posts/a.png": ""])
        defer { tree.remove() }
        let scanned = try tree.scan("posts/p.md")
        #expect(scanned.generator == nil)
        #expect(SiteTree.file(SiteTree.image(scanned, "a.png")) == tree.path + "/posts/a.png")
        #expect(SiteTree.file(SiteTree.image(scanned, "/images/b.png")) == "/images/b.png")  // refused as outside-root by mirror
    }
}
