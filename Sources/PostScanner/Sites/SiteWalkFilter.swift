import Foundation

/// Decides, during a folder walk, which entries a static site lets through: a site's templates,
/// themes, layouts and built output (`public/`, `_site/`, `output/`, `node_modules/`) are not
/// posts. Entries in no site are all read, as before.
struct SiteWalkFilter {
    /// The sites met so far, by folder.
    let sites = SiteIndex()

    /// True when the walk reads the file or enters the folder at `path` (absolute).
    func includes(_ path: String, isFolder: Bool) -> Bool {
        if isFolder, sites.site(at: path) != nil { return true }  // a site root is always entered
        guard let site = sites.site(containing: SitePaths.parent(path)) else { return true }
        return site.includes(path, isFolder: isFolder)
    }
}
