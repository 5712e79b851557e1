import Foundation

/// Next.js blogs: `next.config.*` at the root; Markdown and MDX posts in the folders the common
/// starters use (`_posts/` of the official blog starter, `data/blog/`, `posts/`, `content/`, MDX
/// pages under `app/` or `pages/`); `public/` is served at `/` (after `basePath`); a relative
/// reference is beside the post.
struct NextJS: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "nextjs"
    /// The folders that hold posts, relative to the root.
    var contentFolders: [String]
    /// `basePath` without its trailing slash ("" for none).
    var basePath: String
    /// The site's address is code, so never known.
    var siteURL: String? { nil }

    /// The folders the starters keep posts in.
    static let postFolders = ["_posts", "posts", "content", "data/blog", "blog", "src/content", "src/posts", "app", "src/app", "pages", "src/pages"]

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> NextJS? {
        let configs = ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"]
        guard let config = SitePaths.firstFile(configs, in: root) else { return nil }
        let folders = postFolders.filter { SitePaths.isFolder(root + "/" + $0) }
        guard !folders.isEmpty else { return nil }
        let text = SitePaths.read(root + "/" + config) ?? ""
        return NextJS(contentFolders: folders, basePath: SitePaths.trimSlashes(SiteConfig.scriptString("basePath", in: text) ?? ""))
    }

    /// Packages and the build output hold no posts.
    func skipsFolder(_ relative: String) -> Bool {
        let first = SitePaths.topFolder(relative)
        return first == "node_modules" || first == ".next" || first == "out"
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.isRootRelative {
            return [SiteCandidate(path: post.inRoot("public/" + reference.servedPath(under: basePath)),
                                  rule: "nextjs root-relative: public/ is served at \(basePath)/")]
        }
        return [post.beside(reference)]
    }
}
