import Foundation

/// VitePress: `.vitepress/config.*` in the project folder (usually `docs/`); Markdown under
/// `srcDir` (default: that folder); `<srcDir>/public/` is served at `base`, and a root-relative
/// reference that is not there is a file under `srcDir` (Vite resolves it from the project);
/// a relative reference is beside the page.
struct VitePress: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "vitepress"
    /// `srcDir` relative to the root ("." by default).
    var sourceFolder: String
    /// `base` without its trailing slash ("" for `/`).
    var basePath: String
    /// `sitemap.hostname` with `base`, when written as a literal.
    var siteURL: String?

    /// The configuration files VitePress reads, in its order.
    static let configs = ["config.js", "config.ts", "config.mjs", "config.mts", "config.cjs", "config.cts"].map { ".vitepress/" + $0 }

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> VitePress? {
        guard let config = SitePaths.firstFile(configs, in: root) else { return nil }
        let text = SitePaths.read(root + "/" + config) ?? ""
        let source = SitePaths.relativeFolder(SiteConfig.scriptString("srcDir", in: text) ?? ".")
        let base = SitePaths.trimSlashes(SiteConfig.scriptString("base", in: text) ?? "/")
        let url = SiteConfig.scriptString("hostname", in: text).map { SitePaths.trimSlashes($0) + base }
        return VitePress(sourceFolder: source.isEmpty ? "." : source, basePath: base, siteURL: url)
    }

    /// The folders whose files are posts.
    var contentFolders: [String] { [sourceFolder] }

    /// The configuration, its cache and build output, the public files and packages hold no pages.
    func skipsFolder(_ relative: String) -> Bool {
        let first = SitePaths.topFolder(relative)
        return first == ".vitepress" || first == "public" || first == "node_modules"
    }

    /// VitePress builds pages from Markdown files only.
    func readsFile(_ relative: String) -> Bool { relative.lowercased().hasSuffix(".md") }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        let source = sourceFolder == "." ? "" : sourceFolder + "/"
        if reference.isRootRelative {
            let path = reference.servedPath(under: basePath)
            return [SiteCandidate(path: post.inRoot(source + "public/" + path), rule: "vitepress root-relative: \(source)public/ is served at \(basePath)/"),
                    SiteCandidate(path: post.inRoot(source + path), rule: "vitepress root-relative: a file under srcDir \(sourceFolder)")]
        }
        return [post.beside(reference)]
    }
}
