import Foundation

/// One post read from a platform's export or feed (RSS/Atom, WordPress WXR, JSON Feed, Ghost),
/// as plain values, ready to be scanned like a post.
struct PlatformItem: Sendable, Equatable {
    /// The post's title, or nil.
    var title: String?
    /// The post's own URL (feed link, WXR `link`, JSON Feed `url`), or nil.
    var link: String?
    /// The date as written.
    var date: String?
    /// The post's HTML.
    var html: String
    /// The item's identifier in its feed or export (RSS `guid`, Atom `id`, JSON Feed `id`, WXR `guid`).
    var guid: String? = nil
    /// The declared cover: a feed enclosure, WXR featured image, JSON Feed `image`, Ghost `feature_image`.
    var cover: String?
    /// The declared cover's caption as HTML (Ghost `feature_image_caption`, the feed's
    /// `media:description` of it), or nil.
    var coverCaption: String? = nil
    /// Every image the item attaches (Media RSS `media:content`), the cover among them: an
    /// attached image the body does not show is an image of the post too.
    var attachedImages: [AttachedImage] = []
    /// The local folder the item's files belong to (a Ghost install holding `content/images/`), or nil.
    var siteRoot: String? = nil
    /// A placeholder the export writes for an address it leaves out, when nothing said what it
    /// stands for: images written with it are missing files reported with `rule`.
    var unresolved: UnresolvedPlaceholder? = nil
    /// The base the item's HTML resolves against when its feed declares one (Atom `xml:base`),
    /// else nil: the item's link is then the base.
    var contentBase: String? = nil
    /// Uploaded files by their WordPress id (`wp-image-ID` classes name them): a URL here is a
    /// variant of the image that names its id.
    var attachments: [Int: String] = [:]
}

/// A placeholder left in an item's URLs (Ghost's `__GHOST_URL__`) and the rule that says what to do.
struct UnresolvedPlaceholder: Sendable, Equatable {
    /// The placeholder as written.
    var token: String
    /// What to do, reported as the rule of each image written with it.
    var rule: String
}

/// An image a feed item attaches besides its body, with the caption the feed gives it.
struct AttachedImage: Sendable, Equatable {
    /// The URL as written.
    var url: String
    /// Media RSS `media:description`, else `media:title` (HTML or text), or nil.
    var caption: String? = nil
    /// The description written for people who cannot see it (ActivityPub `name`), or nil.
    var alt: String? = nil
    /// Other URLs of the same picture (the other sizes of a Media RSS group).
    var variants: [String] = []
}

/// The formats read as a list of posts rather than one post, chosen once per document.
enum PlatformFormat: Sendable {
    /// RSS 2.0 / RSS 1.0 / Atom.
    case feed
    /// A WordPress export (WXR): RSS with the `wp:` namespace.
    case wordpressExport
    /// JSON Feed 1.0 / 1.1.
    case jsonFeed
    /// A Ghost export (JSON with `db[].data.posts`).
    case ghostExport
    /// An ActivityStreams outbox (JSON with `orderedItems`: a Mastodon archive's `outbox.json`).
    case activityStreams

    /// The format of `text`, or nil for a single post (Markdown, HTML, reStructuredText).
    static func detect(_ text: String) -> PlatformFormat? {
        if FeedReader.looksLikeFeed(text) {
            let head = text.utf8.prefix(8192)
            return String(decoding: head, as: UTF8.self).contains("wordpress.org/export/") ? .wordpressExport : .feed
        }
        guard text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{") else { return nil }
        let head = String(decoding: text.utf8.prefix(4096), as: UTF8.self)
        // JSON may escape the slashes: `"version": "https:\/\/jsonfeed.org\/version\/1.1"`.
        if head.contains("jsonfeed.org") { return .jsonFeed }
        if head.contains("\"db\"") { return .ghostExport }
        // Ghost's Content/Admin API answer: `{"posts":[{"uuid":…,"feature_image":…}]}`.
        if head.contains("\"posts\"") || head.contains("\"pages\""), head.contains("\"uuid\"") || head.contains("\"feature_image\"") { return .ghostExport }
        if head.contains("\"orderedItems\""), head.contains("activitystreams") { return .activityStreams }
        return nil
    }

    /// The posts of a document in this format; malformed input throws a `ScanError` naming `input`.
    /// `folder` is the document's folder (an archive's files are beside it), nil when fetched;
    /// `siteURL` the address the posts were published at (`--site-url`), when given.
    func items(_ text: String, input: String, folder: URL?, siteURL: String?) throws(ScanError) -> [PlatformItem] {
        switch self {
        case .feed:
            return try FeedReader.parse(text, input: input).map { item in
                PlatformItem(title: item.title, link: item.link, date: item.date, html: item.html, guid: item.guid, cover: item.image,
                             coverCaption: item.media.first { $0.url == item.image }?.caption, attachedImages: item.media,
                             contentBase: item.contentBase)
            }
        case .wordpressExport: return try WXRReader.parse(text, input: input)
        case .jsonFeed: return try JSONFeedReader.parse(text, input: input)
        case .ghostExport:
            return try GhostExportReader.parse(text, input: input, address: GhostPlaceholder.address(siteURL: siteURL, exportFolder: folder))
        case .activityStreams: return try ActivityStreamsReader.parse(text, input: input, folder: folder)
        }
    }
}
