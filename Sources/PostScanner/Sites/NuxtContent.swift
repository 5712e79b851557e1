import Foundation

/// Nuxt Content: `nuxt.config.*` beside `content/`, whose Markdown files are the pages; `/x` is
/// served from `public/` (Nuxt 3), else `static/` (Nuxt 2), after `app.baseURL`, which Nuxt
/// Content's image component adds itself; a relative reference is beside the page. With
/// `srcDir: "src"` both folders are under it.
struct NuxtContent: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "nuxt"
    /// `app.baseURL` without its trailing slash ("" for `/`).
    var basePath: String
    /// The folder served at `/`: `public` (Nuxt 3) or `static` (Nuxt 2).
    var publicFolder: String
    /// `srcDir` ("" for the root), which holds `content/` and `public/`.
    var sourceFolder = ""
    /// The site's address is code, so never known.
    var siteURL: String? { nil }

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> NuxtContent? {
        let configs = ["nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs"]
        guard let config = SitePaths.firstFile(configs, in: root) else { return nil }
        let text = SitePaths.read(root + "/" + config) ?? ""
        let source = SiteConfig.scriptString("srcDir", in: text).map { $0.split(separator: "/").joined(separator: "/") } ?? ""
        let folder = source.isEmpty ? root : root + "/" + source
        guard SitePaths.isFolder(folder + "/content") else { return nil }
        let base = SitePaths.trimSlashes(SiteConfig.scriptString("baseURL", in: text) ?? "/")
        let served = !SitePaths.isFolder(folder + "/public") && SitePaths.isFolder(folder + "/static") ? "static" : "public"
        return NuxtContent(basePath: base, publicFolder: source.isEmpty ? served : source + "/" + served, sourceFolder: source)
    }

    /// The pages.
    var contentFolders: [String] { [sourceFolder.isEmpty ? "content" : sourceFolder + "/content"] }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.isRootRelative {
            return [SiteCandidate(path: post.inRoot(publicFolder + "/" + reference.servedPath(under: basePath)),
                                  rule: "nuxt root-relative: \(publicFolder)/ is served at \(basePath)/")]
        }
        return [post.beside(reference)]
    }
}
