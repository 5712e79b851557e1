import Foundation
import Testing
@testable import PostScanner

/// The generators whose configuration is JavaScript (Astro, Eleventy, Docusaurus, Next.js, Nuxt,
/// VitePress, VuePress) and MDX posts.
/// Their tools need npm, which this machine does not have, so the rules are checked on written
/// trees against each tool's documented layout.
@Suite struct JavaScriptSiteTests {
    @Test func astroPublicFolderImportAliasesAndMDXImports() throws {
        let post = """
        ---
        title: 'First'
        heroImage: '/blog-placeholder-3.jpg'
        ---
        import { Image } from 'astro:assets';
        import diagram from '../../assets/diagram.png';

        ![Relative](../../assets/rel.png)

        <Image src={diagram} alt="A diagram" />

        <img src={someVariable} />

        ![Alias](@assets/alias.png)

        ```js
        import shown from './shown-as-code.png';
        ```
        """
        let tree = try SiteTree("astro", [
            "astro.config.mjs": "export default defineConfig({ site: 'https://example.com' });\n",
            // TypeScript allows comments and trailing commas in tsconfig.json.
            // An alias the defaults (`~/`, `@/`) do not cover, so only reading the file finds it.
            "tsconfig.json": "{\n  // aliases\n  \"compilerOptions\": { \"paths\": { \"@assets/*\": [\"./src/assets/*\"], }, },\n}\n",
            "src/content/blog/first.mdx": post, "public/blog-placeholder-3.jpg": "", "src/assets/diagram.png": "",
            "src/assets/rel.png": "", "src/assets/alias.png": "", "dist/index.html": "<img src=\"x.png\">",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("src/content/blog/first.mdx")
        #expect(scanned.generator == "astro")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/src/assets/rel.png", tree.path + "/src/assets/diagram.png", tree.path + "/src/assets/alias.png",
            tree.path + "/public/blog-placeholder-3.jpg",
        ])
        #expect(SiteTree.image(scanned, "../../assets/diagram.png")?.caption == "A diagram")
        #expect(scanned.images.last?.isCover == true)
        #expect(scanned.images.allSatisfy { !$0.missingFile })
        #expect(tree.walk() == ["src/content/blog/first.mdx"])
    }

    @Test func eleventyInputFolderFromItsConfigurationAndPublicCopiedToTheRoot() throws {
        let config = """
        export default async function(eleventyConfig) {
          eleventyConfig.addPassthroughCopy({ "./public/": "/" });
        };
        export const config = { dir: { input: "content", includes: "../_includes", output: "_site" } };
        """
        let tree = try SiteTree("eleventy", [
            "eleventy.config.js": config,
            "content/blog/post/index.md": "---\ntitle: Post\n---\n![Beside](./beside.png)\n\n![Public](/img/pub.png)\n\n![Input](/blog/post/beside.png)\n",
            "content/blog/post/beside.png": "", "public/img/pub.png": "", "_site/index.html": "<img src=\"x.png\">",
            "README.md": "# Not a post\n",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("content/blog/post/index.md")
        #expect(scanned.generator == "eleventy")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/content/blog/post/beside.png", tree.path + "/public/img/pub.png", tree.path + "/content/blog/post/beside.png",
        ])
        #expect(scanned.images.allSatisfy { !$0.missingFile })
        #expect(tree.walk() == ["content/blog/post/index.md"])
    }

    @Test func eleventyCoverMapsAndImageShortcodePathsFromTheProjectRoot() throws {
        // chringel.dev: `cover: {src:, caption:}` beside the post; eleventy-img's shortcode reads
        // its path from the project root (11ty.dev/docs/plugins/image).
        let tree = try SiteTree("eleventy-cover", [
            "eleventy.config.js": "export const config = { dir: { input: \"src\" } };\n",
            "src/posts/p/index.md": """
                ---
                title: Migrating
                cover:
                  src: feature.png
                  caption: "**Leaving Hugo for 11ty** (Original: Joshua Reynolds)"
                ---
                {% image "./src/assets/images/a.jpg", "Alt A" %}
                """,
            "src/posts/p/feature.png": "", "src/assets/images/a.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("src/posts/p/index.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/src/assets/images/a.jpg", tree.path + "/src/posts/p/feature.png"])
        #expect(post.images.map(\.isCover) == [false, true])
        #expect(post.images.last?.caption == "Leaving Hugo for 11ty (Original: Joshua Reynolds)")
        #expect(post.images.allSatisfy { !$0.missingFile })
    }

    @Test func astroPictureComponentsAndTagsWithCodeAttributesAcrossLines() throws {
        // pawcoding's blog: a site component `<Figure src={ntfy} label="…" />` and Prettier's
        // multi-line `<Image … widths={[…]} />` after a paragraph.
        let post = """
            ---
            title: HTMX
            ---
            import Figure from "../../components/Figure.astro";
            import { Image } from "astro:assets";
            import ntfy from "../../assets/images/ntfy.png";
            import spa from "../../assets/images/spa.webp";
            import ntfy2 from "../../assets/images/ntfy2.png";

            Some text before the picture.
            <Image
              src={spa}
              alt="Single Page Application"
              widths={[176, 368, spa.width]}
              sizes={`(max-width: 360px) 176px, 368px`}
            />

            <Figure src={ntfy} label="ntfy dashboard" />

            More text before a plain tag.
            <img
              src={ntfy2}
              alt="The second dashboard"
              style={{ width: "100%" }}
            />
            """
        let tree = try SiteTree("astro-components", [
            "astro.config.mjs": "export default {}\n", "src/content/posts/htmx.mdx": post,
            "src/assets/images/ntfy.png": "", "src/assets/images/spa.webp": "", "src/assets/images/ntfy2.png": "",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("src/content/posts/htmx.mdx")
        #expect(scanned.images.map { SiteTree.file($0) } == [tree.path + "/src/assets/images/spa.webp", tree.path + "/src/assets/images/ntfy.png",
                                                          tree.path + "/src/assets/images/ntfy2.png"])
        #expect(scanned.images.map(\.caption) == ["Single Page Application", "ntfy dashboard", "The second dashboard"])
    }

    @Test func eleventyImageShortcodesTakeTheAltSecond() throws {
        // eleventy-img's shortcode, comma-separated (an alt may hold commas) or Nunjucks-spaced
        // with widths after the alt.
        let tree = try SiteTree("eleventy-image", [
            ".eleventy.js": "module.exports = function(c) { return { dir: { input: \"src\" } }; };\n",
            "src/posts/gen.md": """
                ---
                title: Generators
                ---
                {% image "./stator.png", "A large electric generator, with its rotor", [300, 600] %}

                {% image "./front.jpg" "Front view" "300w" 300 %}
                """,
            "src/posts/stator.png": "", "src/posts/front.jpg": "",
        ])
        defer { tree.remove() }
        let post = try tree.scan("src/posts/gen.md")
        #expect(post.images.map { SiteTree.file($0) } == [tree.path + "/src/posts/stator.png", tree.path + "/src/posts/front.jpg"])
        #expect(post.images.map(\.caption) == ["A large electric generator, with its rotor", "Front view"])
    }

    @Test func docusaurusStaticUnderTheBaseURLAndTheSiteAlias() throws {
        let tree = try SiteTree("docusaurus", [
            "docusaurus.config.js": "export default {\n  title: 'Site',\n  url: 'https://docs.example.com',\n  baseUrl: '/site/',\n};\n",
            "blog/2021-08-26-welcome/index.md": """
            ---
            title: Welcome
            image: ./banner.jpeg
            ---
            ![Banner](./banner.jpeg)

            ![Static](/site/img/logo.png)

            ![Site](@site/static/img/other.png)

            ![Absolute](https://docs.example.com/site/img/logo.png)

            <img src={require('./diagram.png').default} alt="Required" />

            <img src={useBaseUrl("/img/base.png")} alt="Base" />
            """,
            "blog/2021-08-26-welcome/banner.jpeg": "", "static/img/logo.png": "", "static/img/other.png": "",
            "blog/2021-08-26-welcome/diagram.png": "", "static/img/base.png": "",
            "build/index.html": "<img src=\"x.png\">", "docs/intro.md": "# Intro\n",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("blog/2021-08-26-welcome/index.md")
        #expect(scanned.generator == "docusaurus")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/blog/2021-08-26-welcome/banner.jpeg", tree.path + "/static/img/logo.png",
            tree.path + "/static/img/other.png", tree.path + "/static/img/logo.png",
            // Docusaurus's `require(…).default` and `useBaseUrl(…)` in JSX (its `.md` is MDX too).
            tree.path + "/blog/2021-08-26-welcome/diagram.png", tree.path + "/static/img/base.png",
        ])
        #expect(scanned.images.map(\.caption).suffix(2) == ["Required", "Base"])
        #expect(scanned.images.first?.isCover == true)
        #expect(tree.walk() == ["blog/2021-08-26-welcome/index.md", "docs/intro.md"])
    }

    @Test func nextjsBlogStarterPostsAndThePublicFolderUnderTheBasePath() throws {
        let tree = try SiteTree("nextjs", [
            "next.config.js": "/** @type {import('next').NextConfig} */\nmodule.exports = {\n  basePath: '/docs',\n}\n",
            "_posts/hello-world.md": """
            ---
            title: 'Learn How to Pre-render Pages Using Static Generation with Next.js'
            coverImage: '/assets/blog/hello-world/cover.jpg'
            ---
            ![Inline](/docs/assets/blog/hello-world/inline.png)

            ![Beside](./beside.png)
            """,
            "data/blog/post.mdx": "---\ntitle: Tailwind starter\n---\n![Chart](/static/images/chart.png)\n",
            "public/assets/blog/hello-world/cover.jpg": "", "public/assets/blog/hello-world/inline.png": "", "_posts/beside.png": "",
            "public/static/images/chart.png": "", ".next/server/app/index.html": "<img src=\"x.png\">", "README.md": "# A Next.js app\n",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("_posts/hello-world.md")
        #expect(scanned.generator == "nextjs")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/public/assets/blog/hello-world/inline.png", tree.path + "/_posts/beside.png",
            tree.path + "/public/assets/blog/hello-world/cover.jpg",
        ])
        #expect(scanned.images.last?.isCover == true)
        #expect(SiteTree.file(try tree.scan("data/blog/post.mdx").images.first) == tree.path + "/public/static/images/chart.png")
        #expect(tree.walk() == ["_posts/hello-world.md", "data/blog/post.mdx"])
    }

    @Test func nuxtContentPagesAndThePublicFolderUnderTheBaseURL() throws {
        let tree = try SiteTree("nuxt", [
            "nuxt.config.ts": "export default defineNuxtConfig({\n  modules: ['@nuxt/content'],\n  app: { baseURL: '/blog/' },\n})\n",
            "content/articles/first.md": "---\ntitle: First\nimage: /img/cover.jpg\n---\n![Chart](/blog/img/chart.png)\n\n![Beside](./local.png)\n",
            "public/img/cover.jpg": "", "public/img/chart.png": "", "content/articles/local.png": "",
            ".nuxt/dist/index.md": "![x](y.png)\n", "README.md": "# Nuxt app\n",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("content/articles/first.md")
        #expect(scanned.generator == "nuxt")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/public/img/chart.png", tree.path + "/content/articles/local.png", tree.path + "/public/img/cover.jpg",
        ])
        #expect(scanned.images.allSatisfy { !$0.missingFile })
        #expect(tree.walk() == ["content/articles/first.md"])
    }

    @Test func nuxtContentUnderItsSrcDir() throws {
        // Nuxt 3's `srcDir: "src"` moves `content/` and `public/` under it.
        let tree = try SiteTree("nuxt-src", [
            "nuxt.config.ts": "export default defineNuxtConfig({\n  srcDir: \"src\",\n  modules: ['@nuxt/content'],\n})\n",
            "src/content/blog/dim.md": "---\ntitle: Dim\n---\n![Cover](/images/cover-(2).png)\n", "src/public/images/cover-(2).png": "",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("src/content/blog/dim.md")
        #expect(scanned.generator == "nuxt")
        #expect(SiteTree.file(scanned.images.first) == tree.path + "/src/public/images/cover-(2).png")
        #expect(tree.walk() == ["src/content/blog/dim.md"])
    }

    @Test func vitepressPublicFolderUnderSrcDirAndTheBase() throws {
        let tree = try SiteTree("vitepress", [
            "package.json": "{\"devDependencies\":{\"vitepress\":\"^1.0.0\"}}\n",
            "docs/.vitepress/config.mts": """
            import { defineConfig } from 'vitepress'
            export default defineConfig({
              title: "Docs",
              base: '/repo/',
              srcDir: './src',
              sitemap: { hostname: 'https://user.github.io' },
            })
            """,
            "docs/src/guide/start.md": """
            ---
            title: Getting started
            cover: /hero.png
            ---
            ![Logo](/logo.png)

            ![Shot](./img/shot.png)

            ![Under the base](/repo/logo.png)

            ![From the source](/guide/img/shot.png)

            ![Published](https://user.github.io/repo/logo.png)
            """,
            "docs/src/public/logo.png": "", "docs/src/public/hero.png": "", "docs/src/guide/img/shot.png": "",
            "docs/src/public/readme.md": "# a public file, not a page\n",
            "docs/.vitepress/dist/index.html": "<img src=\"x.png\">", "docs/.vitepress/cache/deps/a.md": "# cache\n",
            "node_modules/vitepress/README.md": "![x](y.png)\n", "docs/src/guide/notes.html": "<img src=\"n.png\">",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("docs/src/guide/start.md")
        #expect(scanned.generator == "vitepress")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/docs/src/public/logo.png", tree.path + "/docs/src/guide/img/shot.png", tree.path + "/docs/src/public/logo.png",
            tree.path + "/docs/src/guide/img/shot.png", tree.path + "/docs/src/public/logo.png", tree.path + "/docs/src/public/hero.png",
        ])
        #expect(scanned.images.last?.isCover == true)
        #expect(scanned.images.allSatisfy { !$0.missingFile })
        #expect(tree.walk() == ["docs/src/guide/start.md"])
    }

    @Test func vuepressPublicFolderInsideItsConfigurationFolder() throws {
        let tree = try SiteTree("vuepress", [
            "docs/.vuepress/config.ts": "import { defineUserConfig } from 'vuepress'\nexport default defineUserConfig({\n  base: '/blog/',\n  lang: 'zh-CN',\n})\n",
            "docs/posts/first.md": """
            ---
            title: 第一篇
            cover: /assets/cover.jpg
            ---
            ![截图](./img/shot.png)

            ![Logo](/blog/assets/logo.png)

            ![源](@source/posts/img/shot.png)

            <img :src="$withBase('/assets/diagram.png')" alt="diagram">
            """,
            "docs/.vuepress/public/assets/cover.jpg": "", "docs/.vuepress/public/assets/logo.png": "", "docs/posts/img/shot.png": "",
            "docs/.vuepress/public/assets/diagram.png": "",
            "docs/.vuepress/dist/index.html": "<img src=\"x.png\">", "docs/.vuepress/styles/readme.md": "# theme notes\n",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("docs/posts/first.md")
        #expect(scanned.generator == "vuepress")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/docs/posts/img/shot.png", tree.path + "/docs/.vuepress/public/assets/logo.png",
            tree.path + "/docs/posts/img/shot.png", tree.path + "/docs/.vuepress/public/assets/diagram.png",
            tree.path + "/docs/.vuepress/public/assets/cover.jpg",
        ])
        #expect(scanned.images.last?.isCover == true)
        #expect(scanned.images.allSatisfy { !$0.missingFile })
        #expect(tree.walk() == ["docs/posts/first.md"])
    }

    @Test func mdxImportsAreCodeAndOnlyImageImportsAreFollowed() {
        let body: Substring = """
        import Chart from '../components/Chart.astro';
        import photo from './photo.jpg'
        export const meta = 1;

        <img src={photo} alt="Photo" /> and <Chart data={photo} />
        """
        let resolved = MDXSource.resolvingImports(body)
        #expect(!resolved.contains("import "))
        #expect(resolved.contains(#"<img src="./photo.jpg" alt="Photo" />"#))
    }
}
