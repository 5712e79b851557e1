import Foundation

/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): one post per item.
enum JSONFeedReader {
    /// The item's `attachments` whose `mime_type` is an image, captioned by their `title`
    /// (podcast audio and other files are not images).
    static func imageAttachments(_ item: [String: Any]) -> [AttachedImage] {
        ((item["attachments"] as? [[String: Any]]) ?? []).compactMap { attachment in
            guard let url = attachment["url"] as? String, !url.isEmpty,
                  (attachment["mime_type"] as? String)?.lowercased().hasPrefix("image/") == true else { return nil }
            return AttachedImage(url: url, caption: (attachment["title"] as? String).map(HTMLEscaping.escape))
        }
    }

    /// The items of the feed; feed-level `icon`, `favicon` and author avatars are not post images.
    static func parse(_ text: String, input: String) throws(ScanError) -> [PlatformItem] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw ScanError(input: input, reason: "JSON Feed is not valid JSON (\(error.localizedDescription)); check the feed source")
        }
        guard let feed = root as? [String: Any], let items = feed["items"] as? [[String: Any]] else {
            throw ScanError(input: input, reason: "JSON Feed has no \"items\" array; it is not a JSON Feed")
        }
        // A generator that fills an item's `image` with the site's icon when the post has none
        // (Hugo themes do) names no cover.
        let authors = ((feed["authors"] as? [[String: Any]]) ?? []) + [feed["author"] as? [String: Any]].compactMap { $0 }
        let feedImages = Set([feed["icon"] as? String, feed["favicon"] as? String].compactMap { $0 } + authors.compactMap { $0["avatar"] as? String })
        return items.map { item in
            let html = (item["content_html"] as? String)
                ?? (item["content_text"] as? String).map { "<p>\(HTMLEscaping.escape($0))</p>" }
                ?? (item["summary"] as? String).map { "<p>\(HTMLEscaping.escape($0))</p>" } ?? ""
            // Titles are plain text, but some generators escape them (Grav's `Add Task &amp; Sub Tasks`).
            return PlatformItem(title: (item["title"] as? String).map { TextNormalizer.decodingEntities(TextNormalizer.normalize($0)) },
                                link: (item["url"] as? String) ?? (item["external_url"] as? String),
                                date: (item["date_published"] as? String) ?? (item["date_modified"] as? String),
                                html: html,
                                guid: (item["id"] as? String) ?? (item["id"] as? Int).map(String.init),
                                cover: [item["image"] as? String, item["banner_image"] as? String].lazy.compactMap { $0 }.first { !feedImages.contains($0) },
                                attachedImages: imageAttachments(item))
        }
    }
}
