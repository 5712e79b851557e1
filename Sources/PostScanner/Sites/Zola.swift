import Foundation

/// Zola: `config.toml` with `base_url` beside `content/`. A page folder (`<slug>/index.md`) owns
/// the files beside it (co-located assets, published at the page's path); `/path` is served from
/// `static/`, then from `content/` (co-located assets keep their path); `@/path` names a file under
/// `content/`. Shortcodes are calls (`{{ image(src="a.png") }}`); their templates are Tera, which
/// is not evaluated: a bare name is beside the page, as Zola's `colocated_path` puts it.
struct Zola: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "zola"
    /// `base_url`.
    var siteURL: String?

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Zola? {
        // Hugo reads `config.toml` too; `base_url` is Zola's spelling (Hugo's is `baseURL`).
        guard SitePaths.isFolder(root + "/content"),
              let text = ["config.toml", "zola.toml"].lazy.compactMap({ SitePaths.read(root + "/" + $0) }).first else { return nil }
        let config = SiteConfig.parse(text, name: "config.toml")
        guard let base = config["base_url"] else { return nil }
        return Zola(siteURL: base)
    }

    /// The content folder.
    var contentFolders: [String] { ["content"] }

    /// Zola builds pages from Markdown files only; other files in `content/` are assets.
    func readsFile(_ relative: String) -> Bool { relative.lowercased().hasSuffix(".md") }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        // Zola's image functions look a path up in the project root, then static/, content/, public/.
        if case .included(let name, _) = reference.kind, name == "resize_image" || name == "get_image_metadata" {
            let path = reference.trimmed
            return [SiteCandidate(path: post.inRoot(path), rule: "zola \(name): the path from the project root"),
                    SiteCandidate(path: post.inRoot("static/" + path), rule: "zola \(name): the path under static/"),
                    SiteCandidate(path: post.inRoot("content/" + path), rule: "zola \(name): the path under content/"),
                    SiteCandidate(path: post.inRoot("public/" + path), rule: "zola \(name): the path under public/")]
        }
        if reference.path.hasPrefix("@/") {
            return [SiteCandidate(path: post.inRoot("content/" + reference.path.dropFirst(2)), rule: "zola @/ is the content folder")]
        }
        if reference.isRootRelative {
            let path = reference.servedPath(under: SiteConfig.urlPath(siteURL))
            return [SiteCandidate(path: post.inRoot("static/" + path), rule: "zola root-relative: static/ is served at /"),
                    SiteCandidate(path: post.inRoot("content/" + path), rule: "zola root-relative: a co-located asset under content/")]
        }
        let beside = post.beside(reference)
        guard case .included(let name, _) = reference.kind else { return [beside] }
        // A shortcode's template may look the name up beside the page, under content/ or under static/.
        return [beside] + ["content", "static"].map {
            SiteCandidate(path: post.inRoot($0 + "/" + reference.trimmed), rule: "zola shortcode \(name): a path under \($0)/")
        }
    }
}
