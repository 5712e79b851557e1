import Foundation
import Testing
@testable import PostScanner

/// Quarto projects and R Markdown: `.qmd` and `.Rmd` documents are Markdown posts; Quarto's
/// partials, state and output are not; a blogdown source beside its rendered page gives way to
/// the page. Quarto and R are not packaged for Debian 12, so the trees follow their documented
/// layouts (`quarto create project blog`, blogdown's `new_post`).
@Suite struct QuartoSiteTests {
    @Test func quartoBlogPagesPartialsAndOutput() throws {
        let welcome = """
        ---
        title: "Welcome To My Blog"
        date: "2024-01-05"
        image: "thumbnail.jpg"
        ---

        ![Sunset on the bay](thumbnail.jpg){#fig-sunset width=50% fig-align="center"}

        ![](/images/shared.png){.lightbox}

        ![Under the site path](/myblog/images/shared.png)

        ```{r}
        #| fig-cap: "A plot, drawn when rendered"
        plot(1:10)
        ```
        """
        let tree = try SiteTree("quarto", [
            "_quarto.yml": "project:\n  type: website\n  output-dir: docs\n\nwebsite:\n  title: \"myblog\"\n  site-url: https://user.github.io/myblog\n",
            "posts/_metadata.yml": "freeze: true\n", "posts/welcome/index.qmd": welcome, "posts/welcome/thumbnail.jpg": "",
            "images/shared.png": "", "about.Rmd": "---\ntitle: About\n---\n![Me](me.jpg)\n", "me.jpg": "",
            "_partial.qmd": "![](p.png)\n", "_freeze/posts/welcome/index.md": "![](f.png)\n", ".quarto/idx/x.md": "![](q.png)\n",
            "docs/index.md": "![](d.png)\n", "index.qmd": "---\ntitle: myblog\nlisting:\n  contents: posts\n---\n", "notes.html": "<img src=\"n.png\">",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("posts/welcome/index.qmd")
        #expect(scanned.generator == "quarto")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/posts/welcome/thumbnail.jpg", tree.path + "/images/shared.png", tree.path + "/images/shared.png",
        ])
        #expect(scanned.images.first?.caption == "Sunset on the bay")
        #expect(scanned.images.first?.isCover == true)
        #expect(scanned.images.allSatisfy { !$0.missingFile })
        #expect(tree.walk() == ["about.Rmd", "index.qmd", "posts/welcome/index.qmd"])
    }

    @Test func aBlogdownSourceGivesWayToItsRenderedPage() throws {
        let tree = try SiteTree("blogdown", [
            "config.toml": "baseURL = \"https://example.org/\"\nignoreFiles = [\"\\\\.Rmd$\", \"\\\\.Rmarkdown$\", \"_cache$\"]\n",
            "content/post/2020-01-01-plots/index.Rmd": "---\ntitle: Plots\n---\n```{r}\nplot(1:10)\n```\n",
            "content/post/2020-01-01-plots/index.html": "---\ntitle: Plots\n---\n<p><img src=\"index_files/figure-html/unnamed-chunk-1-1.png\" width=\"672\" /></p>\n",
            "content/post/2020-01-01-plots/index_files/figure-html/unnamed-chunk-1-1.png": "",
            "content/post/2021-02-02-notes.Rmarkdown": "---\ntitle: Notes\n---\n![A](a.png)\n",
            "content/post/2021-02-02-notes.markdown": "---\ntitle: Notes\n---\n![A](a.png)\n",
            "content/post/draft.Rmd": "---\ntitle: Not rendered yet\n---\n![B](b.png)\n",
        ])
        defer { tree.remove() }
        #expect(tree.walk() == ["content/post/2020-01-01-plots/index.html", "content/post/2021-02-02-notes.markdown", "content/post/draft.Rmd"])
        let page = try tree.scan("content/post/2020-01-01-plots/index.html")
        #expect(page.images.map { SiteTree.file($0) } == [tree.path + "/content/post/2020-01-01-plots/index_files/figure-html/unnamed-chunk-1-1.png"])
    }
}
