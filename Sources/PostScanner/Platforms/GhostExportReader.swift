import Foundation

/// Reads a Ghost export (Settings → Labs → Export: `{"db":[{"data":{"posts":[…]}}]}`):
/// one post per published post or page, its `html` scanned, `feature_image` the cover.
enum GhostExportReader {
    /// The published posts and pages of the export. Ghost writes its own site address as
    /// `__GHOST_URL__` in exports; that is kept as written (the export does not say the address).
    static func parse(_ text: String, input: String) throws(ScanError) -> [PlatformItem] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw ScanError(input: input, reason: "Ghost export is not valid JSON (\(error.localizedDescription)); export it again from Ghost")
        }
        guard let db = (root as? [String: Any])?["db"] as? [[String: Any]] else {
            throw ScanError(input: input, reason: "Ghost export has no \"db\" array; it is not a Ghost export")
        }
        var items: [PlatformItem] = []
        for entry in db {
            let posts = ((entry["data"] as? [String: Any])?["posts"] as? [[String: Any]]) ?? []
            for post in posts where (post["status"] as? String ?? "published") == "published" {
                items.append(PlatformItem(title: (post["title"] as? String).map(TextNormalizer.normalize),
                                          link: post["canonical_url"] as? String,
                                          date: (post["published_at"] as? String) ?? (post["created_at"] as? String),
                                          html: (post["html"] as? String) ?? "",
                                          guid: (post["uuid"] as? String) ?? (post["id"] as? String),
                                          cover: post["feature_image"] as? String))
            }
        }
        return items
    }
}
