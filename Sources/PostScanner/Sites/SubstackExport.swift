import Foundation
import SwiftCSV

/// A Substack export (Settings → Exports, unpacked): `posts.csv` beside `posts/`, which holds one
/// `<post_id>.html` per post (`123456.my-slug.html`) with its body only. The title, subtitle and
/// date are in the CSV; drafts (`is_published` false) are not posts. Images are Substack's CDN
/// URLs, read as written. The export does not say the publication's address: with `--site-url`
/// a post's URL is `<site-url>/p/<slug>`.
struct SubstackExport: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "substack"
    /// What the CSV says of each published post, by `post_id`.
    let published: [String: SitePostMetadata]
    /// The export does not say the publication's address.
    var siteURL: String? { nil }
    /// The post files.
    var contentFolders: [String] { ["posts"] }

    /// The export when `root` holds `posts.csv` (with a `post_id` column) and `posts/`.
    static func detect(root: String) -> SubstackExport? {
        guard SitePaths.isFolder(root + "/posts"), let text = SitePaths.read(root + "/posts.csv"),
              let csv = try? CSV<Named>(string: text, delimiter: .comma), csv.header.contains("post_id") else { return nil }
        var published: [String: SitePostMetadata] = [:]
        for row in csv.rows where row["is_published"]?.lowercased() == "true" {
            guard let id = row["post_id"], !id.isEmpty else { continue }
            // `123456.my-slug` is published at `<publication>/p/my-slug`.
            let slug = id.split(separator: ".", maxSplits: 1).dropFirst().first.map { "p/" + $0 }
            published[id] = SitePostMetadata(title: row["title"].flatMap { $0.isEmpty ? nil : $0 },
                                             date: row["post_date"].flatMap { $0.isEmpty ? nil : $0 }, path: slug)
        }
        return SubstackExport(published: published)
    }

    /// A post file is one of the published posts the CSV lists.
    func readsFile(_ relative: String) -> Bool {
        relative.hasSuffix(".html") && published[Self.postID(relative)] != nil
    }

    /// The files `reference` may mean in `post`: beside it.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        [post.beside(reference)]
    }

    /// The title and date the CSV gives the post.
    func metadata(post: SitePost) -> SitePostMetadata? { published[Self.postID(post.file)] }

    /// `posts/123456.my-slug.html` → `123456.my-slug`.
    private static func postID(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
