import Foundation

/// Docusaurus: `docusaurus.config.*` at the root; Markdown and MDX in `blog/`, `docs/` and
/// `src/pages/`; `static/` is served at `/` (under `baseUrl`); `@site/x` is `x` under the root; a
/// relative reference is beside the post (a post may be a folder with its images).
struct Docusaurus: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "docusaurus"
    /// The folders that hold posts, relative to the root.
    var contentFolders: [String]
    /// `baseUrl` without its trailing slash ("" for `/`).
    var basePath: String
    /// `url` is read with `baseUrl` when both are plain literals.
    var siteURL: String?

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Docusaurus? {
        let configs = ["docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs"]
        guard let config = SitePaths.firstFile(configs, in: root) else { return nil }
        let folders = ["blog", "docs", "src/pages"].filter { SitePaths.isFolder(root + "/" + $0) }
        guard !folders.isEmpty else { return nil }
        let text = SitePaths.read(root + "/" + config) ?? ""
        let base = SitePaths.trimSlashes(SiteConfig.scriptString("baseUrl", in: text) ?? "/")
        let url = SiteConfig.scriptString("url", in: text).map { SitePaths.trimSlashes($0) + base }
        return Docusaurus(contentFolders: folders, basePath: base, siteURL: url)
    }

    /// Packages and the build output hold no posts.
    func skipsFolder(_ relative: String) -> Bool {
        let first = SitePaths.topFolder(relative)
        return first == "node_modules" || first == "build" || first == ".docusaurus"
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.path.hasPrefix("@site/") {
            return [SiteCandidate(path: post.inRoot(String(reference.path.dropFirst("@site/".count))), rule: "docusaurus @site/ is the site root")]
        }
        if reference.isRootRelative {
            return [SiteCandidate(path: post.inRoot("static/" + reference.servedPath(under: basePath)), rule: "docusaurus root-relative: static/ is served at \(basePath)/")]
        }
        return [post.beside(reference)]
    }
}
