import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// A bare file name passed to a Jekyll include means whatever folder the include's template
/// puts before it: `_includes/image.html` decides, as it does when Jekyll renders the post.
@Suite struct JekyllIncludeTemplateTests {
    /// A site whose two includes place a bare name under `/assets/img/` and at the site root.
    static func site() throws -> SiteTree {
        let post = """
        ---
        title: Includes
        ---
        {% include image.html file="b.png" caption="B caption" %}

        {% include shot.html name="shots/c.png" alt="C" %}

        {% include image.html url="/assets/img/a.png" description="A caption" %}
        """
        return try SiteTree("jekyll-include", [
            "_config.yml": "title: x\nbaseurl: /blog\n",
            "_includes/image.html": """
            <figure>
              {% if include.file %}<img src="{{ site.baseurl }}/assets/img/{{ include.file }}" alt="{{ include.alt }}">{% else %}<img src="{{ include.url | relative_url }}">{% endif %}
              <figcaption>{{ include.caption }}{{ include.description }}</figcaption>
            </figure>
            """,
            "_includes/shot.html": "<img class=\"shot\" src='{{ include.name | relative_url }}' alt=\"{{ include.alt }}\">\n",
            "_posts/2024-01-01-p.md": post,
            "assets/img/a.png": "a under assets", "assets/img/b.png": "b under assets", "_posts/b.png": "b beside the post",
            "shots/c.png": "c at the root",
        ])
    }

    @Test func aBareNameGoesWhereTheIncludesTemplatePutsIt() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        let scanned = try tree.scan("_posts/2024-01-01-p.md")
        #expect(scanned.generator == "jekyll")
        let b = try #require(SiteTree.image(scanned, "b.png"))
        #expect(SiteTree.file(b) == tree.path + "/assets/img/b.png")  // not the b.png beside the post
        #expect(b.rule == "jekyll include image.html: its template puts file= at /assets/img/b.png")
        #expect(b.caption == "B caption")
        #expect(SiteTree.file(SiteTree.image(scanned, "shots/c.png")) == tree.path + "/shots/c.png")
        #expect(SiteTree.file(SiteTree.image(scanned, "/assets/img/a.png")) == tree.path + "/assets/img/a.png")
    }

    @Test func withoutTheTemplateTheNameIsReadAsAnyOther() throws {
        let tree = try SiteTree("jekyll-no-include", [
            "_config.yml": "title: x\n",
            "_posts/2024-01-01-p.md": "---\ntitle: T\n---\n{% include image.html file=\"b.png\" %}\n",
            "_posts/b.png": "", "_includes/other.html": "<img src=\"/x/{{ include.file }}\">",
        ])
        defer { tree.remove() }
        let b = try #require(SiteTree.image(try tree.scan("_posts/2024-01-01-p.md"), "b.png"))
        #expect(SiteTree.file(b) == tree.path + "/_posts/b.png")
        #expect(b.rule == "relative to the post file's folder")
    }

    /// An al-folio project: `figure.liquid` chooses its `src` with `{% if %}`, shows `title` as a
    /// tooltip and `caption` in its `<figcaption>`; the project writes the caption in a `div.caption`
    /// after the row the include stands in.
    static func alFolio() throws -> SiteTree {
        let row = { (file: String, title: String, caption: String) in
            """
            <div class="row">
                <div class="col-sm mt-3 mt-md-0">
                    {% include figure.liquid loading="eager" path="assets/img/projects/\(file)" title="\(title)" class="img-fluid rounded" %}
                </div>
            </div>
            <div class="caption">
                \(caption)
            </div>

            Body text after the picture with a [Markdown link](https://arxiv.org/abs/1910.09777), so the body is Markdown.

            """
        }
        return try SiteTree("al-folio", [
            "_config.yml": "title: x\nbaseurl: /site\ncollections:\n  projects:\n    output: true\n",
            "_includes/figure.liquid": """
                <figure>
                  <img
                    src="{% if include.cache_bust %}{{ include.path | relative_url | append: '?v=1' }}{% else %}{{ include.path | relative_url }}{% endif %}"
                    {% if include.title %}title="{{ include.title }}"{% endif %}
                    {% if include.alt %}alt="{{ include.alt }}"{% endif %}
                  >
                  {% if include.caption %}<figcaption class="caption">{{ include.caption }}</figcaption>{% endif %}
                </figure>
                """,
            "_layouts/page.html": "<html><body>{{ content }}</body></html>",
            "_projects/4_project.md": "---\nlayout: page\ntitle: Fashion\n---\n" + row("densepose.png", "densepose", "DensePose Inference")
                + row("try_on.gif", "virtual try on", "Stable Diffusion Based Virtual Try On"),
            "assets/img/projects/densepose.png": "",
        ])
    }

    @Test func anIncludesTooltipIsNoCaptionAndItsIfElseSourceIsStillRead() throws {
        let tree = try Self.alFolio()
        defer { tree.remove() }
        let scanned = try tree.scan("_projects/4_project.md")
        #expect(scanned.images.map { SiteTree.file($0) } == [tree.path + "/assets/img/projects/densepose.png", tree.path + "/assets/img/projects/try_on.gif"])
        #expect(scanned.images.map(\.missingFile) == [false, true])
        #expect(scanned.images.map(\.caption) == ["DensePose Inference", "Stable Diffusion Based Virtual Try On"])
    }

    @Test(BuiltPage.available("jekyll"))
    func jekyllItselfShowsTheAlFolioFigure() throws {
        let tree = try Self.alFolio()
        defer { tree.remove() }
        try BuiltPage.build("jekyll", tree, output: "_site", arguments: ["build"])
        let page = try String(contentsOfFile: tree.path + "/_site/projects/4_project.html", encoding: .utf8)
        #expect(page.contains(#"title="densepose""#) && !page.contains("<figcaption"), "\(page)")
        #expect(page.contains(#"src="/site/assets/img/projects/densepose.png""#), "\(page)")
    }

    @Test func aPictureIncludeMayTakeItsPictureAsHref() throws {
        // Eclipse Ditto's `external_image.html` writes `<img src="{{include.href}}">` and a caption.
        let tree = try SiteTree("jekyll-href-include", [
            "_config.yml": "title: x\n",
            "_posts/2018-01-15-p.md": #"""
                ---
                title: REST to WebSocket
                ---
                {% include external_image.html href="https://raw.example.org/ditto/make-coffee.gif" alt="Ditto REST example gif" caption="Source: https://github.com/eclipse/ditto-examples" %}

                {% include note.html href="https://example.org/manual.png" caption="Not a picture" %}
                """#,
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("_posts/2018-01-15-p.md")
        #expect(scanned.images.map(\.src) == ["https://raw.example.org/ditto/make-coffee.gif"])
        #expect(scanned.images.first?.caption == "Source: https://github.com/eclipse/ditto-examples")
    }

    @Test(BuiltPage.available("jekyll"))
    func jekyllItselfShowsTheFilesTheScannerChose() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        try BuiltPage.build("jekyll", tree, output: "_site", arguments: ["build"])
        try BuiltPage.expectShowsTheChosenFiles(page: "2024/01/01/p.html", of: tree, output: "_site", prefix: "/blog",
                                                images: try tree.scan("_posts/2024-01-01-p.md").images)
    }
}
