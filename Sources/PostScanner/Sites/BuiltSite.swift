import Foundation

/// A site already built: a generator's output (`public/`, `_site/`, `site/`) or a `wget --mirror`
/// of a blog. Its root holds the home page `index.html` beside what only a published site has
/// (a sitemap, a feed, `404.html`, `robots.txt`), or a home page naming its generator. The root is the web root: `/path` is `path`
/// under it and a relative path is beside the page, as a browser reads them.
struct BuiltSite: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "built"
    /// Files a published site has beside its home page (a source tree has templates instead).
    static let markers = ["sitemap.xml", "index.xml", "atom.xml", "feed.xml", "rss.xml", "404.html", "robots.txt"]
    /// A copy on disk names no address of its own.
    var siteURL: String? { nil }

    /// The site when `root` holds a home page and a published site's files, or a home page
    /// that names the program which built it.
    static func detect(root: String) -> BuiltSite? {
        let home = root + "/index.html"
        guard SitePaths.isFile(home) else { return nil }
        guard markers.contains(where: { SitePaths.isFile(root + "/" + $0) }) || namesItsGenerator(home) else { return nil }
        return BuiltSite()
    }

    /// True when the page's head says which program made it (`<meta name="generator"
    /// content="Hugo 0.111">`, Hexo, Jekyll's SEO tag, WordPress, MkDocs): a `wget` copy without
    /// a sitemap or `robots.txt` still says it; a source tree's template does not.
    static func namesItsGenerator(_ page: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: page) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 16_384)) ?? Data(), as: UTF8.self).lowercased()
        return head.contains("name=\"generator\"") || head.contains("name='generator'") || head.contains("name=generator")
    }

    /// Every page of the site.
    var contentFolders: [String] { ["."] }

    /// The file a reference means, as a browser resolves it against the page.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        guard reference.isRootRelative else { return [post.beside(reference)] }
        return [SiteCandidate(path: post.inRoot(reference.trimmed), rule: "built site: /path from the site's root")]
    }
}

extension BuiltSite: PlacingGenerator {
    /// Files go in `directory` at the site's root, reached by a path relative to the page (a
    /// built copy is often opened from disk, where `/path` would mean the disk's root).
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        let inside = post.folder.hasPrefix(post.root) ? post.folder.dropFirst(post.root.count) : ""
        let depth = inside.split(separator: "/").filter { $0 != "." && !$0.isEmpty }.count
        return SitePlacement(folder: post.inRoot(directory), referencePrefix: String(repeating: "../", count: depth) + directory + "/",
                             rule: "built site: \(directory)/ at the site's root, reached from the page's folder")
    }
}
