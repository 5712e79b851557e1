import Foundation

/// MkDocs: `mkdocs.yml` beside `docs_dir` (default `docs/`), which is also the web root.
struct MkDocs: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "mkdocs"
    /// The docs folder relative to the root.
    var docsFolder: String
    /// `site_url`.
    var siteURL: String?
    /// `use_directory_urls` (default true): `guide/page.md` is served at `/guide/page/`.
    var directoryURLs = true

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> MkDocs? {
        guard let file = SitePaths.firstFile(["mkdocs.yml", "mkdocs.yaml"], in: root) else { return nil }
        // mkdocs.yml often holds `!!python/name:` tags that Yams refuses; the two keys needed are plain lines.
        let text = SitePaths.read(root + "/" + file) ?? ""
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix(" ") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmedWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            fields[String(line[..<colon])] = value
        }
        let docs = SitePaths.trimSlashes(fields["docs_dir"].flatMap { $0.isEmpty ? nil : $0 } ?? "docs")
        return MkDocs(docsFolder: docs, siteURL: fields["site_url"].flatMap { $0.isEmpty ? nil : $0 },
                      directoryURLs: fields["use_directory_urls"]?.lowercased() != "false")
    }

    /// The folders whose files are posts.
    var contentFolders: [String] { [docsFolder] }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.isRootRelative {
            let path = reference.servedPath(under: SiteConfig.urlPath(siteURL))
            return [SiteCandidate(path: post.inRoot(docsFolder + "/" + path), rule: "mkdocs root-relative: \(docsFolder)/ is the web root")]
        }
        // MkDocs rewrites the relative links of Markdown, not of raw HTML: the browser reads
        // `<img src="../img/a.png">` of `guide/page.md` against `/guide/page/` (mkdocs#991, #1757).
        if reference.kind == .html, directoryURLs, !post.isIndexPage {
            return [SiteCandidate(path: SitePaths.join(post.folder + "/" + post.stem, reference.trimmed), rule: "mkdocs raw HTML: read from the page's URL /…/\(post.stem)/ (use_directory_urls)"),
                    post.beside(reference)]
        }
        return [post.beside(reference)]
    }
}
