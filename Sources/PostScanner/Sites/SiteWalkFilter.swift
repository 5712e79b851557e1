import Foundation

/// Decides, during a folder walk, which entries a static site lets through: a site's templates,
/// themes, layouts and built output (`public/`, `_site/`, `output/`, `node_modules/`) are not
/// posts. Entries in no site are all read, as before.
struct SiteWalkFilter {
    /// The sites met so far, by folder.
    let sites = SiteIndex()
    /// The site folder the user named, when its own site would skip it (`source/_drafts`,
    /// `themes/x`): a folder named on purpose is read, only sites nested in it are filtered.
    private let unfilteredSite: String?

    /// Folders that hold templates or packages wherever they are (a theme repository's
    /// `layouts/` next to its `exampleSite/`): never posts, even outside a detected site.
    static let templateFolders: Set<String> = ["node_modules", "layouts", "layout", "_layouts", "_includes", "partials", "archetypes", "scaffolds"]

    /// A filter for a walk of the folder `input` (absolute, clean).
    init(input: String) {
        let site = sites.site(containing: input)
        unfilteredSite = site.flatMap { $0.root == input || $0.includes(input, isFolder: true) ? nil : $0.root }
    }

    /// True when the walk reads the file or enters the folder at `path` (absolute).
    func includes(_ path: String, isFolder: Bool) -> Bool {
        if isFolder, sites.site(at: path) != nil { return true }  // a site root is always entered
        guard let site = sites.site(containing: SitePaths.parent(path)) else {
            return !isFolder || !Self.templateFolders.contains(String(path[path.utf8.index(after: path.utf8.lastIndex(of: UInt8(ascii: "/"))!)...]))
        }
        if site.root == unfilteredSite { return true }
        return site.includes(path, isFolder: isFolder)
    }
}
