import Foundation

/// Gatsby: `gatsby-config.js|ts|mjs` at the root; Markdown under `content/` (or `src/pages`,
/// `src/content`, `blog`) with images beside each post (gatsby-remark-images); `/x` is `static/x`.
struct Gatsby: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "gatsby"
    /// The folders that hold Markdown posts, relative to the root.
    var contentFolders: [String]
    /// `siteMetadata.siteUrl` is code, so never known.
    var siteURL: String? { nil }

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Gatsby? {
        guard SitePaths.firstFile(["gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs"], in: root) != nil else { return nil }
        let folders = ["content", "src/pages", "src/content", "blog", "posts"].filter { SitePaths.isFolder(root + "/" + $0) }
        return folders.isEmpty ? nil : Gatsby(contentFolders: folders)
    }

    /// Components, templates and build output live beside the content, never inside it, except
    /// `.js`/`.tsx` pages, which are not posts (the walk reads only post extensions anyway).
    func skipsFolder(_ relative: String) -> Bool {
        let first = SitePaths.topFolder(relative)
        return first == "node_modules" || first == "public" || first == ".cache"
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.isRootRelative {
            return [SiteCandidate(path: post.inRoot("static/" + reference.trimmed), rule: "gatsby root-relative: static/ is served at /")]
        }
        return [SiteCandidate(path: SitePaths.join(post.folder, reference.trimmed), rule: "relative to the post file's folder (gatsby-remark-images)")]
    }
}
