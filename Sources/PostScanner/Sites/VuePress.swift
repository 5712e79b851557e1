import Foundation

/// VuePress (1 and 2, and the blog themes built on it): a `.vuepress/` folder with its
/// configuration in the source folder (usually `docs/`); `.vuepress/public/` is served at `base`;
/// `@source/` (VuePress 2) is the source folder; a relative reference is beside the page.
struct VuePress: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "vuepress"
    /// `base` without its trailing slash ("" for `/`).
    var basePath: String
    /// `hostname` (the sitemap and feed plugins' setting) with `base`, when written as a literal.
    var siteURL: String?

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> VuePress? {
        let configs = ["config.js", "config.ts", "config.mjs", "config.mts", "config.cjs", "config.cts", "config.yml", "config.toml"].map { ".vuepress/" + $0 }
        let config = SitePaths.firstFile(configs, in: root)
        guard config != nil || SitePaths.isFolder(root + "/.vuepress/public") else { return nil }
        let text = config.flatMap { SitePaths.read(root + "/" + $0) } ?? ""
        let base = SitePaths.trimSlashes(SiteConfig.scriptString("base", in: text) ?? "/")
        let url = SiteConfig.scriptString("hostname", in: text).map { SitePaths.trimSlashes($0) + base }
        return VuePress(basePath: base, siteURL: url)
    }

    /// The source folder is the root.
    var contentFolders: [String] { ["."] }

    /// The configuration, theme and public files, the build output and packages hold no pages.
    func skipsFolder(_ relative: String) -> Bool {
        let first = SitePaths.topFolder(relative)
        return first == ".vuepress" || first == "node_modules"
    }

    /// VuePress builds pages from Markdown files only.
    func readsFile(_ relative: String) -> Bool { relative.lowercased().hasSuffix(".md") }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.path.hasPrefix("@source/") {
            return [SiteCandidate(path: post.inRoot(String(reference.path.dropFirst("@source/".count))), rule: "vuepress @source/ is the source folder")]
        }
        if reference.isRootRelative {
            return [SiteCandidate(path: post.inRoot(".vuepress/public/" + reference.servedPath(under: basePath)),
                                  rule: "vuepress root-relative: .vuepress/public/ is served at \(basePath)/")]
        }
        return [post.beside(reference)]
    }
}
