import Foundation
import Testing
@testable import PostScanner

/// Jekyll plugins and themes that decide where a post's pictures are served from and what they show.
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

    @Test func chirpyCaptionsTheCoverWithItsAlt() throws {
        // Chirpy's post layout: `<figcaption>{{ page.image.alt }}</figcaption>` under the preview image.
        for (name, config, layout) in [("chirpy-gem", "theme: jekyll-theme-chirpy\n", nil),
                                       ("chirpy-copied", "title: Copied\n", "<img src=\"{{ page.image.path }}\">{%- if page.image.alt -%}<figcaption class=\"text-center pt-2 pb-2\">{{ page.image.alt }}</figcaption>{%- endif -%}"),
                                       ("minima", "theme: minima\n", nil)] {
            var files = ["_config.yml": config,
                         "_posts/2025-02-05-kickstart.md": "---\ntitle: Kickstart\nimage:\n  path: assets/images/covers/chirpy_2.jpg\n  alt: Kickstart Blogging with Chirpy\n---\nText.\n",
                         "assets/images/covers/chirpy_2.jpg": ""]
            if let layout { files["_layouts/post.html"] = layout }
            let tree = try SiteTree(name, files)
            defer { tree.remove() }
            let cover = try #require(try tree.scan("_posts/2025-02-05-kickstart.md").images.first { $0.isCover })
            #expect(SiteTree.file(cover) == tree.path + "/assets/images/covers/chirpy_2.jpg")
            #expect(cover.caption == (name == "minima" ? nil : "Kickstart Blogging with Chirpy"), "\(name)")
        }
    }

    @Test func aGalleryBlockOfSrcAttributeLinesIsOnePicturePerLine() throws {
        // lynkos' `_plugins/gallery.rb` writes an <img> for each `src="…" alt="…"` line.
        let tree = try SiteTree("jekyll-gallery-lines", [
            "_config.yml": "title: Games\n",
            "_posts/2025-03-19-games.md": """
                ---
                title: Games
                ---
                {% gallery %}
                \tsrc="https://pbs.twimg.com/media/GzXyWyTXsAQ4frX?format=jpg&name=4096x4096" alt=""
                \tsrc="https://pbs.twimg.com/media/GzPhoZPWAAA4DqG?format=jpg&name=medium" alt="The launcher"
                {% endgallery %}
                """,
        ])
        defer { tree.remove() }
        let images = try tree.scan("_posts/2025-03-19-games.md").images
        #expect(images.map(\.url) == ["https://pbs.twimg.com/media/GzXyWyTXsAQ4frX?format=jpg&name=4096x4096",
                                      "https://pbs.twimg.com/media/GzPhoZPWAAA4DqG?format=jpg&name=medium"])
        #expect(images.map(\.caption) == [nil, "The launcher"])
    }

    @Test func jekyllPictureTagsPathsAreUnderItsSourceFolder() throws {
        // jekyll_picture_tag: `picture: {source: assets}`; a preset may come first; the alt after
        // `--alt` (2.x) or as `alt="…"` (1.x).
        let tree = try SiteTree("jekyll-picture", [
            "_config.yml": "plugins: [jekyll_picture_tag]\npicture:\n  source: \"assets\"\n",
            "_posts/2023-03-05-falafel.md": """
                ---
                title: Falafel
                ---
                {% picture 2023-falafel/fizzing.jpg %}

                {% picture gallery 2023-falafel/baking.jpg --alt Baking in the pan --link /x/ %}

                {% picture "2023-falafel/result.jpg" alt="The result" %}
                """,
            "assets/2023-falafel/fizzing.jpg": "", "assets/2023-falafel/baking.jpg": "", "assets/2023-falafel/result.jpg": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("_posts/2023-03-05-falafel.md").images
        #expect(images.map { SiteTree.file($0) } == ["fizzing", "baking", "result"].map { tree.path + "/assets/2023-falafel/\($0).jpg" })
        #expect(images.map(\.caption) == [nil, "Baking in the pan", "The result"])
    }

    @Test func aSitesOwnFigureBlockIsCaptionedByItsBodyAndSizeWordsAreNoTitles() throws {
        // sjahu.github.io's `_plugins/figure.rb` (`<figure class="medium">{% image … %}<figcaption>BODY</figcaption>`)
        // and `_plugins/image.rb` (`{% image PATH small %}` → `<img class="small">`).
        let tree = try SiteTree("jekyll-figure-block", [
            "_config.yml": "title: Kettles\n",
            "_posts/2023-10-18-kettle.md": """
                ---
                title: Kettles
                ---
                {% figure /assets/images/blog/hamilton_beach_base.jpg medium %}
                  Hamilton Beach element and control mechanism (Strix U1852)
                {% endfigure %}

                {% image /assets/images/blog/movement.jpg small %}
                """,
            "assets/images/blog/hamilton_beach_base.jpg": "", "assets/images/blog/movement.jpg": "",
        ])
        defer { tree.remove() }
        let images = try tree.scan("_posts/2023-10-18-kettle.md").images
        #expect(images.map { SiteTree.file($0) } == [tree.path + "/assets/images/blog/hamilton_beach_base.jpg", tree.path + "/assets/images/blog/movement.jpg"])
        #expect(images.map(\.caption) == ["Hamilton Beach element and control mechanism (Strix U1852)", nil])
    }

    @Test func withoutThePluginAssetsIsAnOrdinaryFolder() throws {
        // Minimal Mistakes' stock `_config.yml` excludes `.jekyll-assets-cache`: no plugin for all that.
        let tree = try SiteTree("jekyll-no-assets", [
            "_config.yml": "title: Plain\nexclude:\n  - vendor\n  - .asset-cache\n  - .jekyll-assets-cache\n",
            "_posts/2020-01-01-a.md": "---\ntitle: A\n---\n![a](/assets/posts/a.png)\n",
            "assets/posts/a.png": "", "_assets/images/posts/a.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("_posts/2020-01-01-a.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/assets/posts/a.png"])
    }

    @Test func aGemfilesJekyllAssetsCountsAndAStaticFileAtThePathIsStillServed() throws {
        let tree = try SiteTree("jekyll-assets-gemfile", [
            "_config.yml": "title: Gems\n", "Gemfile": "source 'https://rubygems.org'\ngem 'jekyll'\ngem 'jekyll-assets', '~> 3.0'\n",
            "_posts/2020-01-01-a.md": "---\ntitle: A\n---\n{% asset posts/a %}\n\n![static](/assets/static/b.png)\n",
            "_assets/images/posts/a.png": "", "assets/static/b.png": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("_posts/2020-01-01-a.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/_assets/images/posts/a.png", tree.path + "/assets/static/b.png"])
        #expect(post.images.allSatisfy { !$0.missingFile })
    }
}
