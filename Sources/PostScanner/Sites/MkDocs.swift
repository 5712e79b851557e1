import Foundation

/// MkDocs: `mkdocs.yml` beside `docs_dir` (default `docs/`), which is also the web root.
struct MkDocs: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "mkdocs"
    /// The docs folder relative to the root.
    var docsFolder: String
    /// `site_url`.
    var siteURL: String?

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
        return MkDocs(docsFolder: docs, siteURL: fields["site_url"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The folders whose files are posts.
    var contentFolders: [String] { [docsFolder] }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.isRootRelative {
            let path = reference.servedPath(under: SiteConfig.urlPath(siteURL))
            return [SiteCandidate(path: post.inRoot(docsFolder + "/" + path), rule: "mkdocs root-relative: \(docsFolder)/ is the web root")]
        }
        return [post.beside(reference)]
    }
}
