import Foundation
import Testing
@testable import PostScanner

/// Jekyll plugins that decide where a post's pictures are served from.
@Suite struct JekyllPluginTests {
    @Test func jekyllAssetsFindsALogicalPathInItsSourcesWithOrWithoutExtension() throws {
        // philna.sh: `{% asset NAME alt=… %}` renders an <img> of NAME found in `assets.sources`
        // (the extension may be left out); `@path` and a Markdown destination give only the path.
        let tree = try SiteTree("jekyll-assets", [
            "_config.yml": """
                gems: [jekyll-paginate, jekyll-assets]
                assets:
                  prefix: /assets
                  sources: [_assets/css, _assets/images, _assets/js]
                """,
            "_posts/2017-01-01-tricks.md": """
                ---
                title: Dev tools tricks
                image: posts/tricks-header
                ---
                <figure class="post-image">{% asset posts/tricks/firefox-dollar-zero alt="Typing $0 in the console" %}</figure>

                <img src="{% asset posts/tricks/chrome.jpg @path %}" alt="">

                ![An animated SVG]({% asset posts/tricks/store-as-global.png %})

                {% asset posts/tricks/gone alt="A picture the repository lost" %}
                """,
            "_assets/images/posts/tricks/firefox-dollar-zero.png": "", "_assets/images/posts/tricks/chrome.jpg": "",
            "_assets/images/posts/tricks/store-as-global.png": "", "_assets/images/posts/tricks-header.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("_posts/2017-01-01-tricks.md")
        let folder = tree.path + "/_assets/images/posts/"
        #expect(post.images.map { SiteTree.file($0) } == [folder + "tricks/firefox-dollar-zero.png", folder + "tricks/chrome.jpg",
                                                          folder + "tricks/store-as-global.png", folder + "tricks/gone.png", folder + "tricks-header.jpg"])
        #expect(post.images.map(\.missingFile) == [false, false, false, true, false])
        #expect(post.images.first?.caption == "Typing $0 in the console")
        #expect(post.images.last?.isCover == true)
    }

    @Test func anIncludeTemplateBuildsItsPathFromThePagesAndTheSitesValues() throws {
        // Amsterdam's data blog: `{{ site.assets }}` (an asset host in `_config.yml`) and the post's
        // own `ref:` make the address; a caption's link is written with escaped quotes and shown as text.
        let tree = try SiteTree("jekyll-include-values", [
            "_config.yml": "baseurl: /datablog\nassets: https://amsterdam.github.io/data-blog-assets\nimgdir: /media\n",
            "_includes/figure.liquid": """
                <figure class="{{ include.class }} ma0">
                  <img src="{{ site.assets }}/images/posts/{{ page.ref }}/{{ include.src }}" alt="{{ include.alt }}" />
                  {% if include.caption %}<figcaption class="tc i mv2">{{ include.caption }}</figcaption>{% endif %}
                </figure>
                """,
            "_includes/local.html": "<img src=\"{{ site.imgdir }}/{{ page.ref }}/{{ include.file }}\">",
            "_posts/2019-03-21-panorama.md": """
                ---
                title: Panorama
                ref: panorama
                ---
                {% include figure.liquid
                  caption="<a href=\\"https://data.amsterdam.nl/data/panorama/TMX7315\\">Panoramafoto van de kerk van Ransdorp</a>."
                  alt="Panoramafoto" src="ransdorp.jpg" %}

                {% include local.html file="b.jpg" %}
                """,
            "media/panorama/b.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("_posts/2019-03-21-panorama.md")
        #expect(post.images.map(\.url) == ["https://amsterdam.github.io/data-blog-assets/images/posts/panorama/ransdorp.jpg",
                                          "file://" + tree.path + "/media/panorama/b.jpg"])
        #expect(post.images.first?.caption == "Panoramafoto van de kerk van Ransdorp.")
        #expect(post.images.map(\.missingFile) == [false, false])
    }

    @Test func withoutThePluginAssetsIsAnOrdinaryFolder() throws {
        let tree = try SiteTree("jekyll-no-assets", [
            "_config.yml": "title: Plain\n",
            "_posts/2020-01-01-a.md": "---\ntitle: A\n---\n![a](/assets/posts/a.png)\n",
            "assets/posts/a.png": "", "_assets/images/posts/a.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("_posts/2020-01-01-a.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/assets/posts/a.png"])
    }
}
