import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a WordPress export (WXR, "Tools → Export"): each published post and page is a post
/// with its link and date; attachments are not posts, but name the featured image
/// (`_thumbnail_id`), the original of every `wp-image-ID` in the content, and the images of a
/// classic `[gallery]` (see `WordPressGallery`).
enum WXRReader {
    /// The published posts and pages, in file order.
    static func parse(_ text: String, input: String) throws(ScanError) -> [PlatformItem] {
        let parser = XMLParser(data: FeedReader.xmlData(text))
        let delegate = WXRDelegate()
        parser.delegate = delegate
        if !parser.parse() && delegate.entries.isEmpty {
            let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw ScanError(input: input, reason: "WordPress export is not well-formed XML (\(message), line \(parser.lineNumber)); export it again from WordPress")
        }
        var attachments: [Int: String] = [:]
        var uploads: [Int: WordPressGallery.Attachment] = [:]
        for entry in delegate.entries where entry.type == "attachment" {
            guard let id = entry.id, let url = entry.attachmentURL else { continue }
            attachments[id] = url
            uploads[id] = WordPressGallery.Attachment(url: url, caption: entry.excerpt, parent: entry.parentID, order: entry.menuOrder)
        }
        return delegate.entries.filter { $0.status == "publish" && ($0.type == "post" || $0.type == "page") }.map { entry in
            PlatformItem(title: entry.title.map(TextNormalizer.normalize), link: entry.link, date: entry.date,
                         html: WordPressGallery.expand(entry.content, postID: entry.id, attachments: uploads),
                         guid: entry.guid, cover: entry.thumbnailID.flatMap { attachments[$0] }, attachments: attachments)
        }
    }
}

/// One `<item>` of the export, whatever its type.
struct WXREntry {
    /// `title`.
    var title: String?
    /// `link`: the post's address.
    var link: String?
    /// `pubDate`, else `wp:post_date`.
    var date: String?
    /// `content:encoded`: the post's HTML with its shortcodes.
    var content = ""
    /// `guid`.
    var guid: String?
    /// `wp:post_id`, which `_thumbnail_id` and `wp-image-ID` refer to.
    var id: Int?
    /// `wp:post_type`: `post`, `page`, `attachment`, `wp_navigation`, ...
    var type = ""
    /// `wp:status`: `publish`, `draft`, `inherit` (attachments), ...
    var status = ""
    /// `wp:attachment_url`, trimmed (exports indent it).
    var attachmentURL: String?
    /// The `_thumbnail_id` post meta: the featured image's attachment id.
    var thumbnailID: Int?
    /// `excerpt:encoded`: for an attachment, its caption.
    var excerpt = ""
    /// `wp:post_parent`: for an attachment, the post it was uploaded to.
    var parentID: Int?
    /// `wp:menu_order`.
    var menuOrder = 0
}

/// XMLParser callbacks collecting WXR items; used only synchronously inside `WXRReader.parse`.
private final class WXRDelegate: NSObject, XMLParserDelegate {
    var entries: [WXREntry] = []
    private var current: WXREntry?
    private var text = ""
    private var metaKey: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "item" { current = WXREntry() }
        text = ""
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { text = "" }
        guard current != nil else { return }
        let value = text.trimmedWhitespace()
        switch name {
        case "title": current?.title = value
        case "link": current?.link = value.isEmpty ? nil : value
        case "pubDate": if !value.isEmpty { current?.date = value }
        case "wp:post_date": if current?.date == nil, !value.isEmpty { current?.date = value }
        case "content:encoded": current?.content = text
        case "guid": current?.guid = value.isEmpty ? nil : value
        case "wp:post_id": current?.id = Int(value)
        case "wp:post_type": current?.type = value
        case "wp:status": current?.status = value
        case "wp:attachment_url": current?.attachmentURL = value  // exports indent it: trimmed
        case "excerpt:encoded": current?.excerpt = value
        case "wp:post_parent": current?.parentID = Int(value).flatMap { $0 == 0 ? nil : $0 }
        case "wp:menu_order": current?.menuOrder = Int(value) ?? 0
        case "wp:meta_key": metaKey = value
        case "wp:meta_value": if metaKey == "_thumbnail_id" { current?.thumbnailID = Int(value) }
        case "item":
            if let entry = current { entries.append(entry) }
            current = nil
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }
}
