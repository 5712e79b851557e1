import Foundation

/// Quarto: `_quarto.yml` at the project root. Every `.qmd`, `.md` and `.Rmd` document is a page,
/// except those in folders or files whose name starts with `_` or `.` (Quarto's rule for
/// partials and its own state) and the output folder; `/x` is `x` under the project root (Quarto
/// copies the files a page refers to); a relative reference is beside the page.
struct Quarto: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "quarto"
    /// `project.output-dir` (default `_site`).
    var outputFolder: String
    /// `website.site-url`.
    var siteURL: String?

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Quarto? {
        guard let file = SitePaths.firstFile(["_quarto.yml", "_quarto.yaml"], in: root) else { return nil }
        let config = SiteConfig.read(root: root, files: [file])
        let output = SitePaths.relativeFolder(config["project.output-dir"] ?? "_site")
        return Quarto(outputFolder: output.isEmpty ? "_site" : output, siteURL: config["website.site-url"])
    }

    /// The project root.
    var contentFolders: [String] { ["."] }

    /// A page without `image:` is shown in listings (and shared) with its first picture.
    var firstImageIsCover: Bool { true }

    /// Partials, Quarto's state (`_freeze`, `.quarto`), the output and packages hold no pages.
    func skipsFolder(_ relative: String) -> Bool {
        if relative == outputFolder || relative.hasPrefix(outputFolder + "/") { return true }
        return relative.split(separator: "/").contains { $0.hasPrefix("_") || $0.hasPrefix(".") || $0 == "node_modules" || $0 == "renv" }
    }

    /// Documents Quarto renders; a name starting with `_` is a partial included by others.
    func readsFile(_ relative: String) -> Bool {
        let name = (relative as NSString).lastPathComponent
        guard !name.hasPrefix("_") else { return false }
        return ["qmd", "md", "rmd", "rmarkdown"].contains((name as NSString).pathExtension.lowercased())
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.isRootRelative {
            return [SiteCandidate(path: post.inRoot(reference.servedPath(under: SiteConfig.urlPath(siteURL))), rule: "quarto root-relative: the project root")]
        }
        return [post.beside(reference)]
    }
}
