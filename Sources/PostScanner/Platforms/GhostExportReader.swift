import Foundation

/// Reads a Ghost export (Settings → Labs → Export: `{"db":[{"data":{"posts":[…]}}]}`), or what
/// its Content and Admin APIs answer (`{"posts":[…]}`, saved by headless front ends and backups):
/// one post per published post or page, its `html` scanned (else its Lexical or Mobiledoc
/// document, `GhostDocument`), `feature_image` the cover and
/// `feature_image_caption` its caption.
enum GhostExportReader {
    /// The published posts and pages of the export. Ghost writes its own site address as
    /// `__GHOST_URL__` in exports: it is replaced by `address` (see `GhostPlaceholder.address`),
    /// or, when that is unknown, kept and reported as unresolved.
    static func parse(_ text: String, input: String, address: String?) throws(ScanError) -> [PlatformItem] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw ScanError(input: input, reason: "Ghost export is not valid JSON (\(error.localizedDescription)); export it again from Ghost")
        }
        let object = root as? [String: Any]
        // Ghost's Content and Admin APIs answer `{"posts": […]}` (or `pages`), with the same post fields.
        if object?["db"] == nil, let posts = (object?["posts"] ?? object?["pages"]) as? [[String: Any]] {
            return posts.compactMap { item(from: $0, captions: [:], address: address) }
        }
        guard let db = object?["db"] as? [[String: Any]] else {
            throw ScanError(input: input, reason: "Ghost export has no \"db\" array; it is not a Ghost export")
        }
        var items: [PlatformItem] = []
        for entry in db {
            let data = entry["data"] as? [String: Any]
            let posts = (data?["posts"] as? [[String: Any]]) ?? []
            // Ghost 4 and later keep the feature image's caption in `posts_meta`, by post id; older ones on the post.
            var captions: [String: String] = [:]
            for meta in (data?["posts_meta"] as? [[String: Any]]) ?? [] {
                if let id = meta["post_id"] as? String, let caption = meta["feature_image_caption"] as? String { captions[id] = caption }
            }
            items += posts.compactMap { item(from: $0, captions: captions, address: address) }
        }
        return items
    }

    /// The item of one published post or page (nil for a draft, a scheduled or a deleted one);
    /// `captions` are the feature images' captions kept apart, by post id.
    private static func item(from post: [String: Any], captions: [String: String], address: String?) -> PlatformItem? {
        guard (post["status"] as? String ?? "published") == "published" else { return nil }
        var item = PlatformItem(title: (post["title"] as? String).map(TextNormalizer.normalize),
                                link: (post["canonical_url"] as? String) ?? (post["url"] as? String),
                                date: (post["published_at"] as? String) ?? (post["created_at"] as? String),
                                html: (post["html"] as? String) ?? Self.editorDocument(post) ?? "",
                                guid: (post["uuid"] as? String) ?? (post["id"] as? String),
                                cover: post["feature_image"] as? String,
                                coverCaption: (post["feature_image_caption"] as? String) ?? (post["id"] as? String).flatMap { captions[$0] })
        if let address {
            item.html = GhostPlaceholder.replacing(in: item.html, with: address)
            item.cover = item.cover.map { GhostPlaceholder.replacing(in: $0, with: address) }
            // A Ghost install's folder is the site the export's local images belong to.
            item.siteRoot = URL(string: address).flatMap { $0.isFileURL ? $0.path : nil }
        } else if item.html.contains(GhostPlaceholder.token) || item.cover?.contains(GhostPlaceholder.token) == true {
            item.unresolved = UnresolvedPlaceholder(token: GhostPlaceholder.token, rule: GhostPlaceholder.unknownRule)
        }
        return item
    }

    /// The body rendered from the editor's document, for a post exported without `html`.
    private static func editorDocument(_ post: [String: Any]) -> String? {
        if let lexical = post["lexical"] as? String, let html = GhostDocument.html(lexical: lexical) { return html }
        if let mobiledoc = post["mobiledoc"] as? String, let html = GhostDocument.html(mobiledoc: mobiledoc) { return html }
        return nil
    }
}
