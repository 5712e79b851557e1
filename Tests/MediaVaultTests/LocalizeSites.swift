import Foundation
import TestSupport

/// Small sites of each generator, written by the tests, whose posts show images of the fixture
/// CDN (`https://open.test/<n>.png`) as a Markdown image, an `<img>` with `srcset` and a
/// front-matter cover, plus the minimal layouts each generator needs to build them.
enum LocalizeSites {
    /// The generators with a site here.
    enum Kind: String, CaseIterable, Sendable {
        case hexo, hugo, jekyll, pelican, mkdocs, zola, quarto, astro, gatsby, docusaurus, nextjs, nuxt, vitepress, vuepress
    }

    /// The body every post shares: a Markdown image that links to its full size (the same file),
    /// an `<img>` with a `srcset`, and one image whose URL is not on the CDN (so it is never
    /// archived and stays remote) when `withMissing`.
    static func body(withMissing: Bool) -> String {
        var text = """
            Intro paragraph that stays as it is.

            [![The harbour](https://open.test/1.png "Harbour")](https://open.test/1.png)

            <img src="https://open.test/2.png" srcset="https://open.test/2.png 1x, https://open.test/3.png 2x" alt="Boats">

            Closing paragraph.

            """
        if withMissing { text += "\n![Gone](https://open.test/gone.png)\n" }
        return text
    }

    /// Writes a site of `kind` under `root`; returns the post files (absolute paths).
    @discardableResult
    static func write(_ kind: Kind, at root: URL, withMissing: Bool = false) throws -> [String] {
        let body = body(withMissing: withMissing)
        var files: [String: String] = [:]
        switch kind {
        case .hexo:
            files["_config.yml"] = "title: Trip\nurl: http://example.com/blog\nroot: /blog/\npost_asset_folder: false\n"
            files["scaffolds/post.md"] = "---\ntitle: {{ title }}\n---\n"
            files["source/_posts/harbour-walk.md"] = "---\ntitle: Harbour walk\ndate: 2024-03-04 10:00:00\ncover: https://open.test/4.png\n---\n" + body
        case .hugo:
            files["hugo.toml"] = """
                baseURL = "http://127.0.0.1/"
                title = "Trip"
                disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
                [markup.goldmark.renderer]
                unsafe = true

                """
            let single = "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ with .Params.cover }}<img class=\"cover\" src=\"{{ . }}\" alt=\"cover\">{{ end }}{{ .Content }}</body></html>\n"
            files["layouts/_default/single.html"] = single
            files["layouts/_default/list.html"] = "<!doctype html><html><body>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</body></html>\n"
            files["layouts/index.html"] = "<!doctype html><html><body>{{ range .Site.RegularPages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</body></html>\n"
            // Hugo's built-in figure shortcode, once in a code fence: Hugo renders shortcodes there too.
            let figure = "\n{{< figure src=\"https://open.test/6.png\" alt=\"Lighthouse\" caption=\"The lighthouse\" >}}\n\n```\n{{< figure src=\"https://open.test/6.png\" >}}\n```\n"
            files["content/posts/harbour-walk/index.md"] = "---\ntitle: Harbour walk\ncover: https://open.test/4.png\n---\n" + body + figure
            files["content/posts/plain-page.md"] = "+++\ntitle = \"Plain page\"\ncover = \"https://open.test/5.png\"\n+++\n" + body
        case .jekyll:
            files["_config.yml"] = "title: Trip\nbaseurl: /blog\nmarkdown: kramdown\n"
            files["_layouts/post.html"] = "<!doctype html><html><body>{% if page.image %}<img class=\"cover\" src=\"{{ page.image | relative_url }}\" alt=\"cover\">{% endif %}{{ content }}</body></html>\n"
            files["index.html"] = "---\n---\n<!doctype html><html><body>{% for p in site.posts %}<a href=\"{{ p.url | relative_url }}\">{{ p.title }}</a>{% endfor %}</body></html>\n"
            files["_posts/2024-03-04-harbour-walk.md"] = "---\nlayout: post\ntitle: Harbour walk\nimage: https://open.test/4.png\n---\n" + body
        case .pelican:
            files["pelicanconf.py"] = """
                AUTHOR = 'Tester'
                SITENAME = 'Trip'
                SITEURL = ''
                PATH = 'content'
                THEME = 'simple'
                TIMEZONE = 'UTC'
                DEFAULT_LANG = 'en'
                FEED_ALL_ATOM = None
                CATEGORY_FEED_ATOM = None
                TRANSLATION_FEED_ATOM = None
                AUTHOR_FEED_ATOM = None
                AUTHOR_FEED_RSS = None
                DEFAULT_PAGINATION = False

                """
            files["content/harbour-walk.md"] = "Title: Harbour walk\nDate: 2024-03-04\n\n" + body
        case .mkdocs:
            // Served under a path, as a project's documentation often is: the references carry it.
            files["mkdocs.yml"] = "site_name: Trip\nsite_url: http://127.0.0.1/trip/\nuse_directory_urls: true\n"
            files["docs/index.md"] = "# Trip\n\n" + body
            files["docs/posts/harbour-walk.md"] = "---\ntitle: Harbour walk\n---\n# Harbour walk\n\n" + body
        case .zola:
            files["config.toml"] = "base_url = \"https://trip.example/trip\"\ntitle = \"Trip\"\n"
            files["content/posts/harbour-walk/index.md"] = "+++\ntitle = \"Harbour walk\"\n[extra]\ncover = \"https://open.test/4.png\"\n+++\n" + body
            files["content/posts/plain-page.md"] = "+++\ntitle = \"Plain page\"\n[extra]\ncover = \"https://open.test/5.png\"\n+++\n" + body
        case .quarto:
            files["_quarto.yml"] = "project:\n  type: website\nwebsite:\n  title: Trip\n"
            files["posts/harbour-walk/index.qmd"] = "---\ntitle: Harbour walk\nimage: https://open.test/4.png\n---\n" + body
        case .astro:
            files["astro.config.mjs"] = "import { defineConfig } from 'astro/config';\nexport default defineConfig({});\n"
            files["src/content/blog/harbour-walk.md"] = "---\ntitle: 'Harbour walk'\nheroImage: 'https://open.test/4.png'\n---\n" + body
        case .gatsby:
            files["gatsby-config.js"] = "module.exports = { plugins: [] };\n"
            files["content/blog/harbour-walk/index.md"] = "---\ntitle: Harbour walk\ncover: https://open.test/4.png\n---\n" + body
        case .docusaurus:
            files["docusaurus.config.js"] = "export default {\n  title: 'Trip',\n  url: 'https://trip.example',\n  baseUrl: '/',\n};\n"
            files["blog/2024-03-04-harbour-walk.md"] = "---\ntitle: Harbour walk\nimage: https://open.test/4.png\n---\n" + body
        case .nextjs:
            files["next.config.js"] = "module.exports = { basePath: '/trip' }\n"
            files["_posts/harbour-walk.md"] = "---\ntitle: Harbour walk\ncoverImage: https://open.test/4.png\n---\n" + body
        case .nuxt:
            files["nuxt.config.ts"] = "export default defineNuxtConfig({ modules: ['@nuxt/content'] })\n"
            files["content/harbour-walk.md"] = "---\ntitle: Harbour walk\nimage: https://open.test/4.png\n---\n" + body
        case .vitepress:
            files[".vitepress/config.mts"] = "import { defineConfig } from 'vitepress'\nexport default defineConfig({ title: 'Trip', srcDir: 'src' })\n"
            files["src/posts/harbour-walk.md"] = "---\ntitle: Harbour walk\ncover: https://open.test/4.png\n---\n" + body
        case .vuepress:
            files[".vuepress/config.ts"] = "import { defineUserConfig } from 'vuepress'\nexport default defineUserConfig({ title: 'Trip' })\n"
            files["posts/harbour-walk.md"] = "---\ntitle: Harbour walk\ncover: https://open.test/4.png\n---\n" + body
        }
        for (relative, text) in files {
            let file = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        return files.keys.filter { ($0.hasSuffix(".md") || $0.hasSuffix(".qmd")) && !$0.hasPrefix("scaffolds/") }.sorted().map { root.appendingPathComponent($0).path }
    }
}
