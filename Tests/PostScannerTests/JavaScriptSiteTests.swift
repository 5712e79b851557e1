import Foundation
import Testing
@testable import PostScanner

/// The generators whose configuration is JavaScript (Astro, Eleventy, Docusaurus) and MDX posts.
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
            """,
            "blog/2021-08-26-welcome/banner.jpeg": "", "static/img/logo.png": "", "static/img/other.png": "",
            "build/index.html": "<img src=\"x.png\">", "docs/intro.md": "# Intro\n",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("blog/2021-08-26-welcome/index.md")
        #expect(scanned.generator == "docusaurus")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/blog/2021-08-26-welcome/banner.jpeg", tree.path + "/static/img/logo.png",
            tree.path + "/static/img/other.png", tree.path + "/static/img/logo.png",
        ])
        #expect(scanned.images.first?.isCover == true)
        #expect(tree.walk() == ["blog/2021-08-26-welcome/index.md", "docs/intro.md"])
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
