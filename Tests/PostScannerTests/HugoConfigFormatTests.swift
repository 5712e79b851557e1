import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Hugo's other configuration and front-matter formats: `hugo.json`/`config.json`, JSON front
/// matter, and module mounts (TOML, YAML, JSON) that serve a folder at `/` or under a path.
@Suite struct HugoConfigFormatTests {
    /// A site configured by `hugo.json`: a bundle with JSON front matter, a mount of `assets/pics`
    /// at `/pics/`, and `static/` mounted again (a site with mounts must list it itself).
    static func jsonSite() throws -> SiteTree {
        let config = """
        {
        \t"baseURL": "https://site.example/sub/",
        \t"title": "JSON site",
        \t"module": {"mounts": [
        \t\t{"source": "assets/pics", "target": "static/pics"},
        \t\t{"source": "static", "target": "static"}
        \t]}
        }
        """
        let post = """
        {
           "title": "Trip \\"north\\" { not a brace }",
           "date": "2024-01-02",
           "draft": false,
           "weight": 1,
           "images": ["cover.jpg"]
        }
        ![From a mount](/pics/a.png)

        ![With the base path](/sub/pics/b.png)

        ![From static](/top.png "Top")
        """
        return try SiteTree("hugo-json", [
            "hugo.json": config, "content/posts/trip/index.md": post, "content/posts/trip/cover.jpg": "cover bytes",
            "assets/pics/a.png": "mounted a", "assets/pics/b.png": "mounted b", "static/top.png": "static top",
        ].merging(layouts) { own, _ in own })
    }

    @Test func jsonConfigJSONFrontMatterAndAMountUnderAFolderOfStatic() throws {
        let tree = try Self.jsonSite()
        defer { tree.remove() }
        let scanned = try tree.scan("content/posts/trip/index.md")
        #expect(scanned.generator == "hugo")
        #expect(scanned.siteRoot == tree.path)
        #expect(scanned.title == "Trip \"north\" { not a brace }")
        #expect(scanned.date == "2024-01-02")
        #expect(SiteTree.file(SiteTree.image(scanned, "/pics/a.png")) == tree.path + "/assets/pics/a.png")
        #expect(SiteTree.image(scanned, "/pics/a.png")?.rule == "hugo root-relative: assets/pics/ is served at /pics")
        #expect(SiteTree.file(SiteTree.image(scanned, "/sub/pics/b.png")) == tree.path + "/assets/pics/b.png")
        #expect(SiteTree.file(SiteTree.image(scanned, "/top.png")) == tree.path + "/static/top.png")
        #expect(SiteTree.image(scanned, "/top.png")?.caption == "Top")
        let cover = try #require(scanned.images.first { $0.isCover })
        #expect(SiteTree.file(cover) == tree.path + "/content/posts/trip/cover.jpg")
        #expect(scanned.images.allSatisfy { !$0.missingFile })
    }

    @Test(BuiltPage.available("hugo"))
    func hugoItselfServesTheFilesTheScannerChose() throws {
        for (tree, prefix) in [(try Self.jsonSite(), "/sub"), (try Self.yamlSite(), "")] {
            defer { tree.remove() }
            try BuiltPage.build("hugo", tree, output: "public")
            let scanned = try tree.scan("content/posts/trip/index.md")
            try BuiltPage.expectShowsTheChosenFiles(page: "posts/trip/index.html", of: tree, output: "public", prefix: prefix, images: scanned.images)
            let page = try String(contentsOfFile: tree.path + "/public/posts/trip/index.html", encoding: .utf8)
            #expect(page.contains(scanned.title.map(Self.htmlEscaped) ?? "no title"), "\(page)")
        }
    }

    /// A site configured by a `config/_default/` folder of YAML files: mounts in `module.yaml`,
    /// one at `/` and one under `/shots/`.
    static func yamlSite() throws -> SiteTree {
        try SiteTree("hugo-yaml", [
            "config/_default/hugo.yaml": "baseURL: https://site.example/\ntitle: YAML site\n",
            "config/_default/module.yaml": "mounts:\n  - source: pictures\n    target: static/shots\n  - source: files\n    target: static\n",
            "content/posts/trip/index.md": "---\ntitle: YAML trip\n---\n![a](/shots/a.png)\n\n![b](/b.png)\n",
            "pictures/a.png": "shot a", "files/b.png": "file b", "static/b.png": "not served: static/ is not mounted",
        ].merging(layouts) { own, _ in own })
    }

    @Test func yamlMountsInTheConfigFolderAndTOMLMountsInTheConfigFile() throws {
        let yaml = try Self.yamlSite()
        defer { yaml.remove() }
        let scanned = try yaml.scan("content/posts/trip/index.md")
        #expect(scanned.generator == "hugo")
        #expect(SiteTree.file(SiteTree.image(scanned, "/shots/a.png")) == yaml.path + "/pictures/a.png")
        #expect(SiteTree.file(SiteTree.image(scanned, "/b.png")) == yaml.path + "/files/b.png")

        let toml = try SiteTree("hugo-toml", [
            "hugo.toml": """
            baseURL = "https://site.example/"
            [[module.mounts]]
            source = "images"
            target = "static/img"
            [[module.mounts]]
            source = "assets"
            target = "assets"
            [params]
            target = "static"
            """,
            "content/posts/p.md": "+++\ntitle = \"TOML\"\n+++\n![i](/img/i.png)\n\n![j](/j.png)\n",
            "images/i.png": "", "assets/j.png": "",
        ])
        defer { toml.remove() }
        let post = try toml.scan("content/posts/p.md")
        #expect(SiteTree.file(SiteTree.image(post, "/img/i.png")) == toml.path + "/images/i.png")
        // `assets` is mounted as assets, not as static: /j.png is not served from it (nor from
        // static/, which the mounts replaced).
        let j = try #require(SiteTree.image(post, "/j.png"))
        #expect(j.missingFile)
        #expect(SiteTree.file(j) != toml.path + "/assets/j.png")
    }

    @Test func jsonFrontMatterValuesFlattenAsYAMLDoes() throws {
        let text = """
        {
          "title": "T",
          "draft": true,
          "weight": 1,
          "ratio": 2.5,
          "cover": {"image": "c.jpg", "alt": "C"},
          "tags": ["x", "y"],
          "nothing": null
        }

        Body {with braces}
        """
        let front = try FrontMatter.split(text, input: "p.md")
        #expect(front.fields == ["title": "T", "draft": "true", "weight": "1", "ratio": "2.5",
                                 "cover.image": "c.jpg", "cover.alt": "C", "tags": "x"])
        #expect(front.body == "\nBody {with braces}")
    }

    @Test(arguments: [
        "{{< figure src=\"a.jpg\" caption=\"A\" >}}\n",
        "{% asset_img a.jpg A %}\n",
        "{ \"title\": \"never closed\"\n\n![A](a.jpg)\n",
        "{\"title\": not json}\n![A](a.jpg)\n",
    ])
    func aBodyThatStartsWithABraceIsNotFrontMatter(text: String) throws {
        let front = try FrontMatter.split(text, input: "p.md")
        #expect(front.fields.isEmpty)
        #expect(front.body == text[...])
    }

    /// The two templates `hugo` needs to build a page (no theme).
    static let layouts = ["layouts/_default/single.html": "<h1>{{ .Title }}</h1>{{ .Content }}",
                          "layouts/_default/list.html": "{{ range .Pages }}{{ .Title }}{{ end }}"]

    static func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&#34;")
    }
}
