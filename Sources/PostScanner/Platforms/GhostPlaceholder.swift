import Foundation

/// Ghost writes its own address as `__GHOST_URL__` in exports (Settings → Labs → Export), and
/// the export does not say what that address is. It stands for the address the user gives
/// (`--site-url`), else for the folder that holds the site's `content/images/` (a Ghost install
/// keeps its exports in `content/data/`, and `ghost backup` puts `data/` beside `content/`).
enum GhostPlaceholder {
    /// The placeholder as Ghost writes it.
    static let token = "__GHOST_URL__"

    /// The rule reported for an image whose placeholder stands for nothing known.
    static let unknownRule = "ghost export: __GHOST_URL__ stands for the site's address, which the export leaves out; pass --site-url https://your.site, or keep the export beside the site's content/ folder"

    /// What the placeholder stands for: `siteURL` (without its trailing slash), else the
    /// `file://` URL of the export's folder or the nearest one above it (two levels at most) that
    /// holds `content/images/`; nil when neither is known.
    static func address(siteURL: String?, exportFolder: URL?) -> String? {
        if let siteURL { return SitePaths.trimSlashes(siteURL) }
        guard var folder = exportFolder?.standardizedFileURL.path else { return nil }
        for _ in 0..<3 {
            if SitePaths.isFolder(folder + "/content/images") { return SitePaths.trimSlashes(URL(fileURLWithPath: folder, isDirectory: true).absoluteString) }
            guard folder != "/" else { break }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// `text` with every placeholder replaced by `address` (a space Ghost's Markdown exports
    /// sometimes leave after it is dropped too).
    static func replacing(in text: String, with address: String) -> String {
        guard text.contains(token) else { return text }
        return text.replacingOccurrences(of: token + " /", with: address + "/").replacingOccurrences(of: token, with: address)
    }
}
