import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// A Jekyll page that shows the site's static files through a Liquid loop (the gallery of the
/// Jekyll documentation's "Static Files" page): the loop is written out once per image file,
/// its conditions decided, as Jekyll renders it.
@Suite struct JekyllStaticFilesTests {
    static func site() throws -> SiteTree {
        try SiteTree("jekyll-static-files", [
            "_config.yml": "title: x\nbaseurl: /blog\ndefaults:\n  - scope:\n      path: \"assets/img\"\n    values:\n      image: true\n",
            "gallery.html": """
                ---
                title: Gallery
                ---
                {% for image in site.static_files %}
                  {% if image.path contains 'images/gallery' %}
                    <img src="{{ site.baseurl }}{{ image.path }}" alt="{{ image.basename }}" />
                  {% endif %}
                {% endfor %}
                {% assign image_files = site.static_files | where: "image", true %}
                {% for myimage in image_files %}
                  {% unless myimage.extname == '.png' %}<img src="{{ myimage.path | relative_url }}">{% endunless %}
                {% endfor %}
                {% for pic in site.static_files %}
                  {% if pic.path contains 'other' %}{% unless pic.extname == '.png' %}<img src="{{ pic.path | relative_url }}" alt="nested {{ pic.name }}">{% endunless %}{% else %}{% if pic.name == 'e.png' %}<img src="{{ pic.path | relative_url }}" alt="else">{% endif %}{% endif %}
                {% endfor %}
                """,
            "assets/img/a.jpg": "a", "assets/img/b.png": "b", "assets/img/c.jpg": "c",
            "images/gallery/d.jpg": "d", "images/gallery/e.png": "e", "other/f.jpg": "f", "other/h.png": "h", "_drafts/g.jpg": "g",
        ])
    }

    @Test func aLoopOverStaticFilesShowsEachMatchingImage() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        let page = try tree.scan("gallery.html")
        // The third loop nests its conditions: e.png from the else branch (a second reference to
        // a site file is a second image, as written), then other/f.jpg, not other/h.png.
        #expect(page.images.map { SiteTree.file($0) } == ["images/gallery/d.jpg", "images/gallery/e.png", "assets/img/a.jpg", "assets/img/c.jpg",
                                                           "images/gallery/e.png", "other/f.jpg"].map { tree.path + "/" + $0 })
        #expect(page.images.map(\.alt) == ["d", "e", nil, nil, "else", "nested f.jpg"])
        // The images depend on the folder, not the page alone: such a page is never memoized.
        #expect(page.listsFolders)
    }

    @Test(BuiltPage.available("jekyll"))
    func jekyllItselfShowsTheSameFiles() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        try BuiltPage.build("jekyll", tree, output: "_site", arguments: ["build"])
        let page = try tree.scan("gallery.html")
        try BuiltPage.expectShowsTheChosenFiles(page: "gallery.html", of: tree, output: "_site", prefix: "/blog", images: page.images)
    }
}
