import Foundation

/// Reads an ActivityStreams outbox (`outbox.json` of a Mastodon archive, "Request your archive";
/// Pixelfed and other ActivityPub servers write the same): one post per `Create` of a `Note`
/// (or `Article`, `Page`), its `content` scanned; boosts (`Announce` of another's status) are
/// not the user's posts. A status has no title: its content warning, else its opening text, is
/// one. Image attachments are images of the post with their description as
/// the alt; an archive names them by a path inside it (`/media_attachments/files/…`), which is
/// the file beside the outbox.
enum ActivityStreamsReader {
    /// The object types that are a post of one's own.
    static let postTypes: Set<String> = ["Note", "Article", "Page", "Question"]

    /// The posts of the outbox; `folder` is the outbox's folder (the unpacked archive), or nil.
    static func parse(_ text: String, input: String, folder: URL?) throws(ScanError) -> [PlatformItem] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw ScanError(input: input, reason: "ActivityStreams outbox is not valid JSON (\(error.localizedDescription)); unpack the archive again")
        }
        guard let items = (root as? [String: Any])?["orderedItems"] as? [[String: Any]] else {
            throw ScanError(input: input, reason: "ActivityStreams outbox has no \"orderedItems\" array; it is not an outbox")
        }
        return items.compactMap { activity in
            guard activity["type"] as? String == "Create", let note = activity["object"] as? [String: Any],
                  let type = note["type"] as? String, postTypes.contains(type) else { return nil }
            let images = ((note["attachment"] as? [[String: Any]]) ?? []).compactMap { attachment -> AttachedImage? in
                guard let url = attachment["url"] as? String, !url.isEmpty,
                      (attachment["mediaType"] as? String)?.lowercased().hasPrefix("image/") == true else { return nil }
                return AttachedImage(url: archived(url, folder: folder), alt: attachment["name"] as? String)
            }
            let html = (note["content"] as? String) ?? ""
            let title = (note["name"] as? String) ?? (note["summary"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? opening(of: html)
            return PlatformItem(title: title,
                                link: (note["url"] as? String) ?? (note["id"] as? String),
                                date: (note["published"] as? String) ?? (activity["published"] as? String),
                                html: html,
                                guid: note["id"] as? String, cover: nil, attachedImages: images)
        }
    }

    /// Longest title taken from a post's text, in characters.
    static let titleLength = 80

    /// A status has no title: its text stands for one, as feed readers show it, cut at
    /// `titleLength` characters (then `…`); nil when it has no text (images only).
    static func opening(of html: String) -> String? {
        let text = TextNormalizer.visibleText(HTMLDocument(html: html).root)
        guard !text.isEmpty else { return nil }
        guard text.count > titleLength else { return text }
        return String(text.prefix(titleLength)).trimmedWhitespace() + "…"
    }

    /// A path inside the archive (`/media_attachments/…`) as the file beside the outbox; other URLs as written.
    private static func archived(_ url: String, folder: URL?) -> String {
        guard url.hasPrefix("/"), !url.hasPrefix("//"), let folder else { return url }
        return folder.appendingPathComponent(String(url.dropFirst())).absoluteString
    }
}
