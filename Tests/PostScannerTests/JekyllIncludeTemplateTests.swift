import ChildProcess
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

    @Test(.enabled(if: TestRequirement.isStrict || Self.jekyll != nil, "jekyll is not installed (Scripts/setup installs the Debian package)"))
    func jekyllItselfShowsTheFilesTheScannerChose() throws {
        let jekyll = try #require(Self.jekyll, "jekyll is not installed (Scripts/setup installs the Debian package)")
        let tree = try Self.site()
        defer { tree.remove() }
        let output = try ChildProcess.run(jekyll, arguments: ["build", "--source", tree.path, "--destination", tree.path + "/_site", "--quiet"],
                                          environment: ["PATH": "/usr/bin:/bin", "HOME": tree.path, "LANG": "C.UTF-8"],
                                          directory: tree.path, stderr: .standardOutput)
        #expect(output.termination == .exit(0), "\(output.stdoutText)")
        let page = try String(contentsOfFile: tree.path + "/_site/2024/01/01/p.html", encoding: .utf8)
        let shown = SitePaths.attributeValues("src", in: page)
        let scanned = try tree.scan("_posts/2024-01-01-p.md")
        #expect(shown.count == scanned.images.count, "\(page)")
        // Each image the page shows, under the site's `baseurl`, is the file the scanner resolved.
        for (src, image) in zip(shown, scanned.images) {
            #expect(src.hasPrefix("/blog/"), "\(src)")
            let built = FileManager.default.contents(atPath: tree.path + "/_site" + src.dropFirst("/blog".count))
            let chosen = try #require(SiteTree.file(image), "\(image.src)")
            #expect(built != nil, "jekyll shows \(src), which it did not build")
            #expect(built == FileManager.default.contents(atPath: chosen), "\(src): the page shows another file than \(chosen)")
        }
    }

    static let jekyll = ["/usr/bin/jekyll", "/usr/local/bin/jekyll"].first { FileManager.default.isExecutableFile(atPath: $0) }
}
