import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads RSS 2.0 / RSS 1.0 / Atom feeds into items (title, link, date, HTML content, image).
enum FeedReader {
    /// One feed item, ready to be scanned as a post.
    struct Item {
        /// Item title.
        var title: String?
        /// The item's own link: the post URL.
        var link: String?
        /// `pubDate` / `updated` / `published` / `dc:date` as written.
        var date: String?
        /// The item's HTML (`content:encoded`, Atom `content`, else `description`/`summary`).
        var html: String
        /// An image the feed attaches to the item (`enclosure`, `media:content`, `media:thumbnail`).
        var image: String?
        /// Every Media RSS `media:content` image (not thumbnails), with its description.
        var media: [AttachedImage] = []
        /// The item's identifier: RSS `guid`, Atom `id`.
        var guid: String?
        /// The Atom `xml:base` in scope at the item's content, which its relative URLs resolve
        /// against (itself relative when no enclosing `xml:base` is absolute), or nil.
        var contentBase: String? = nil
        /// False for what an export holds besides posts: a Blogger export's template, settings and
        /// comment entries (`category` of the `g/2005#kind` scheme) and drafts (`app:draft` yes).
        var isPost = true
    }

    /// The Atom category scheme by which a Blogger export says what an entry is.
    static let bloggerKindScheme = "http://schemas.google.com/g/2005#kind"

    /// True when the text's root element is a feed (`<rss>`, `<feed>`, `<rdf:RDF>`, a bare `<channel>`).
    static func looksLikeFeed(_ text: String) -> Bool {
        // Byte-level scan of the first few KB: skips the BOM, XML declaration, comments, doctype.
        var text = text
        return text.withUTF8 { head in sniff(UnsafeBufferPointer(rebasing: head.prefix(4096))) }
    }

    private static func sniff(_ head: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < head.count {
            let byte = head[i]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { i += 1; continue }
            if head[i...].starts(with: [0xEF, 0xBB, 0xBF]) { i += 3; continue }
            guard byte == UInt8(ascii: "<") else { return false }
            if i + 1 < head.count, head[i + 1] == UInt8(ascii: "?") || head[i + 1] == UInt8(ascii: "!") {
                // A comment ends at `-->` and a DOCTYPE's internal subset (Drupal's `<!DOCTYPE rss
                // [<!ENTITY …>]>`) at `]>`: either may hold a `>` before its end.
                let closing: [UInt8]
                if head[i...].starts(with: "<!--".utf8) {
                    closing = Array("-->".utf8)
                } else if let bracket = head[i...].firstIndex(of: UInt8(ascii: "[")),
                          head[i..<bracket].firstIndex(of: UInt8(ascii: ">")) == nil, head[i...].starts(with: "<!".utf8) {
                    closing = Array("]>".utf8)
                } else {
                    closing = Array(">".utf8)
                }
                guard let end = (i..<head.count).first(where: { head[$0...].starts(with: closing) }) else { return false }
                i = end + closing.count
                continue
            }
            let name = String(decoding: head[(i + 1)...].prefix(8), as: UTF8.self).lowercased()
            // A bare `<channel>` is an RSS feed saved without its `<rss>` wrapper.
            return name.hasPrefix("rss") || name.hasPrefix("feed") || name.hasPrefix("rdf:rdf") || name.hasPrefix("channel>") || name.hasPrefix("channel ")
        }
        return false
    }

    /// Parses the feed; malformed XML throws a `ScanError` naming `input`.
    static func parse(_ text: String, input: String) throws(ScanError) -> [Item] {
        let parser = XMLParser(data: xmlData(text))
        let delegate = FeedDelegate()
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        if !parser.parse() && delegate.items.isEmpty {
            // A doubled `<` before CDATA (`<<![CDATA[`) is a common generator slip that readers
            // forgive; strict XML does not. Repaired once, then the first error stands.
            if text.contains("<<![CDATA["), let items = try? parse(text.replacingOccurrences(of: "<<![CDATA[", with: "<![CDATA["), input: input) {
                return items
            }
            let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw ScanError(input: input, reason: "feed is not well-formed XML (\(message), line \(parser.lineNumber)); check the feed source")
        }
        return delegate.items
    }
}

/// XMLParser callbacks collecting items; used only synchronously inside `FeedReader.parse`.
private final class FeedDelegate: NSObject, XMLParserDelegate {
    var items: [FeedReader.Item] = []
    private var current: FeedReader.Item? = nil
    private var text = ""
    private var content: String? = nil
    private var summary: String? = nil
    /// The `xml:base` in scope at the summary, used when the item has no content.
    private var summaryBase: String? = nil
    /// Depth inside an Atom `type="xhtml"` content element, whose children are markup, not text.
    private var xhtmlDepth = 0
    /// Depth inside an item's HTML body (`description`, `content:encoded`, an Atom `summary` or
    /// text `content`): escaped HTML by the specs, but feeds written by XML tools or by hand put
    /// the markup there as elements (`<description><img src="…"/><p>…</p></description>`), read
    /// as the HTML they are.
    private var bodyDepth = 0
    /// True inside a `media:content` image, whose `media:description` is its caption.
    private var inMediaImage = false
    /// Each `media:content` image's `width` (0 when not given) and its `media:group` (nil: none).
    private var mediaSizes: [(width: Int, group: Int?)] = []
    /// The `media:group` open now, and how many the item had.
    private var openGroup: Int? = nil
    private var groups = 0
    /// The `xml:base` in scope at each open element (nil: none declared), innermost last.
    private var bases: [String?] = []
    /// Inside an item's `title`, whose text a child element (`<BR />`, `<a>`) must not cut; and
    /// whether it is HTML (Atom `type="html"`, Atom 0.3 `mode="escaped"`), decoded once more.
    private var inTitle = false
    private var titleIsHTML = false
    /// How many elements deep the open item is: only its own children (not an `<og:description>`
    /// or an `<author><title/>` inside it) give its title, link and body.
    private var itemDepth = -1
    /// An item-level `media:description` written before its one `media:content` (the Daily Mail's order).
    private var itemMediaDescription: String? = nil
    /// The item's `media:thumbnail`s outside any `media:content`, matched at its end with the
    /// pictures they are smaller copies of.
    private var standaloneThumbnails: [String] = []
    /// The show's own artwork (the channel's `itunes:image` and `<image><url>`): repeated in an
    /// episode, it is the feed's logo, not the episode's picture.
    private var channelArtwork: Set<String> = []
    /// The feed's own site (RSS `<channel><link>`, Atom's feed-level `<link rel="alternate">`).
    private var channelLink: String? = nil
    /// True when the open item names the feed it came from (`<source>`: an aggregator's, a Planet's).
    private var itemHasSource = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if xhtmlDepth > 0 || bodyDepth > 0 {
            if xhtmlDepth > 0 { xhtmlDepth += 1 } else { bodyDepth += 1 }
            let attrs = attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\"\(HTMLEscaping.escape($0.value))\"" }.joined()
            text += "<\(localName(name))\(attrs)>"
            return
        }
        let outer = bases.last ?? nil
        bases.append(attributes["xml:base"].map { Self.resolve($0, against: outer) } ?? outer)
        if inTitle { text += " "; return }
        let ownChild = current != nil && bases.count == itemDepth + 1
        switch name {
        case "title" where ownChild:
            inTitle = true
            titleIsHTML = attributes["type"]?.lowercased() == "html" || attributes["mode"]?.lowercased() == "escaped"
        case "item", "entry":
            current = FeedReader.Item(html: "")
            itemDepth = bases.count
            content = nil
            summary = nil
            summaryBase = nil
            mediaSizes = []
            standaloneThumbnails = []
            itemHasSource = false
            itemMediaDescription = nil
        case "media:group" where current != nil:
            groups += 1
            openGroup = groups
        case "link" where ownChild:
            // Atom: <link rel="alternate" href="…"/>; RSS: <link>text</link>.
            if let href = attributes["href"], attributes["rel"] == nil || attributes["rel"] == "alternate", current?.link == nil {
                current?.link = Self.resolve(href, against: bases.last ?? nil)
            }
            // Atom's attachment (RFC 4287 4.2.7.2), as RSS's `<enclosure>`: a picture is the item's cover.
            if attributes["rel"] == "enclosure", let href = attributes["href"], !href.isEmpty, current?.image == nil,
               attributes["type"].map({ $0.lowercased().hasPrefix("image") }) ?? SitePaths.namesImage(href) {
                current?.image = Self.resolve(href, against: bases.last ?? nil)
            }
        case "source" where ownChild:
            itemHasSource = true
        case "link" where current == nil && channelLink == nil:
            if let href = attributes["href"], href.hasPrefix("http"), attributes["rel"] == nil || attributes["rel"] == "alternate" { channelLink = href }
        case "itunes:image" where current != nil:
            // A podcast episode's artwork: its cover when it attaches no image of its own.
            if current?.image == nil, let href = attributes["href"], !href.isEmpty, !channelArtwork.contains(href) { current?.image = href }
        case "itunes:image":
            if let href = attributes["href"], !href.isEmpty { channelArtwork.insert(href) }
        case "enclosure", "media:content", "media:thumbnail":
            guard let url = attributes["url"], !url.isEmpty else { break }
            // The type says what it is, unless the file's own name says otherwise (Le Monde types
            // its `.jpg` enclosures `text/html`); untyped, a sound or a video is no picture.
            let type = attributes["type"]?.lowercased()
            // A sound or video by its type or its name is none whatever `medium` says (a
            // `medium="image"` on `video/mp4`), unless its name says picture.
            let soundOrVideo = (type.map { $0.hasPrefix("audio") || $0.hasPrefix("video") } ?? false) || ImageCollector.namesVideoOrSound(url)
            let isImage = (!soundOrVideo || SitePaths.namesImage(url)) && (attributes["medium"].map { $0.lowercased() == "image" }
                ?? type.map { $0.hasPrefix("image") || SitePaths.namesImage(url) && !$0.hasPrefix("audio") && !$0.hasPrefix("video") }
                ?? !ImageCollector.namesVideoOrSound(url))
            // The author's Gravatar that WordPress.com attaches to every item is no picture of it;
            // nor is the show's artwork repeated in an episode.
            guard isImage, !TrackingPixel.isAvatarURL(url), !channelArtwork.contains(url) else { break }
            if current?.image == nil { current?.image = url }
            if name == "media:content", current != nil {
                current?.media.append(AttachedImage(url: url))
                mediaSizes.append((Int(attributes["width"] ?? "") ?? 0, openGroup))
                inMediaImage = true
            } else if name == "media:thumbnail", inMediaImage, let last = current?.media.indices.last, current?.media[last].url != url {
                // A thumbnail inside a `media:content` is a smaller copy of that picture.
                current?.media[last].variants.append(url)
            } else if name == "media:thumbnail", !inMediaImage {
                standaloneThumbnails.append(url)
            }
        case "content" where ownChild && Self.isXHTML(attributes):
            xhtmlDepth = 1
        case "description" where ownChild, "content:encoded" where ownChild, "summary" where ownChild, "content" where ownChild:
            bodyDepth = 1
        case "category" where current != nil && attributes["scheme"] == FeedReader.bloggerKindScheme:
            let term = attributes["term"] ?? ""
            if !term.hasSuffix("#post"), !term.hasSuffix("#page") { current?.isPost = false }
        default:
            break
        }
        text = xhtmlDepth > 0 ? "" : ""
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if xhtmlDepth > 1 || bodyDepth > 1 {
            if xhtmlDepth > 1 { xhtmlDepth -= 1 } else { bodyDepth -= 1 }
            // `<br/>` is one element; HTML reads a stray `</br>` as a second line break.
            if !Self.voidElements.contains(localName(name).lowercased()) { text += "</\(localName(name))>" }
            return
        }
        xhtmlDepth = 0
        bodyDepth = 0
        let ownChild = current != nil && bases.count == itemDepth + 1
        let scopeBase = bases.popLast() ?? nil
        guard current != nil else {
            // The channel's own elements: its `<image><url>` (the feed's logo), its `<link>` (its site).
            let value = text.trimmedWhitespace()
            if name == "url", !value.isEmpty { channelArtwork.insert(value) }
            if name == "link", channelLink == nil, value.hasPrefix("http") { channelLink = value }
            text = ""
            return
        }
        let value = text.trimmedWhitespace()
        switch name {
        case "title" where ownChild:
            inTitle = false
            // A plain title's character references are shown decoded too: Tumblr and others escape
            // titles twice (`That &amp;rsquo;s`), and readers show `That’s`.
            current?.title = titleIsHTML ? TextNormalizer.normalize(TextNormalizer.visibleText(HTMLDocument(html: value).root)) : TextNormalizer.decodingEntities(TextNormalizer.normalize(value))
        case _ where inTitle:
            return  // a child of the title (`<BR />`): the title's text goes on
        case "link" where ownChild && current?.link == nil && !value.isEmpty: current?.link = value
        case "guid" where ownChild, "id" where ownChild:
            if current?.guid == nil, !value.isEmpty { current?.guid = value }
            if name == "guid", current?.link == nil, value.hasPrefix("http") { current?.link = value }
        case "pubDate" where ownChild, "updated" where ownChild, "published" where ownChild, "dc:date" where ownChild:
            if current?.date == nil { current?.date = value }
        case "content:encoded" where ownChild, "content" where ownChild:
            content = text
            current?.contentBase = scopeBase
        case "description" where ownChild, "summary" where ownChild:
            summary = text
            summaryBase = scopeBase
        case "app:draft" where value.lowercased() == "yes": current?.isPost = false
        // Google Takeout's Blogger export (`blogger:` 2018 namespace) says an entry's kind and state
        // in elements: only live posts and pages are published (not drafts, comments, settings).
        case "blogger:type" where ownChild && !["POST", "PAGE"].contains(value.uppercased()): current?.isPost = false
        case "blogger:status" where ownChild && value.uppercased() != "LIVE": current?.isPost = false
        // Hashnode's feeds name each post's cover in an element of their own.
        case "cover_image" where ownChild && !value.isEmpty:
            if current?.image == nil { current?.image = Self.resolve(value, against: scopeBase) }
        // A picture in an element of the item's own (`<image>https://…/lg-….jpeg</image>`, written
        // by some news CMSs beside the standard's `enclosure`): its cover when it has none.
        // note.com writes `media:thumbnail`'s address as its text, not in the `url` attribute.
        case "image" where ownChild && value.hasPrefix("http") && !value.contains(where: \.isWhitespace),
             "media:thumbnail" where ownChild && value.hasPrefix("http") && !value.contains(where: \.isWhitespace):
            if current?.image == nil { current?.image = Self.resolve(value, against: scopeBase) }
        case "media:description" where inMediaImage, "media:title" where inMediaImage, "media:text" where inMediaImage:
            // The description wins over the title and text; any is the attached image's caption,
            // but a title or text that is a list of search keywords (WordPress.com VIP's) is none.
            if !value.isEmpty, name == "media:description" || !Self.isKeywordList(value),
               let last = current?.media.indices.last, name == "media:description" || current?.media[last].caption == nil {
                current?.media[last].caption = value
            }
        case "media:description" where !value.isEmpty:
            // At the item's level (The New York Times writes it after `<media:content/>`): the
            // item's media, its one picture's caption.
            // Before it (the Daily Mail): kept for the item's one picture, given at the item's end.
            if let last = current?.media.indices.last {
                if current?.media[last].caption == nil { current?.media[last].caption = value }
            } else {
                itemMediaDescription = value
            }
        case "media:content": inMediaImage = false
        case "media:group": openGroup = nil
        case "item", "entry":
            // An ad a feed service put among the items (Pheedo's "Featured Advertiser", linking to its ad server) is no post.
            if let link = current?.link, let host = ImageURL.host(of: link), TrackingPixel.adHosts.contains(host) { current?.isPost = false }
            if var item = current, item.isPost {
                item.html = content ?? summary ?? ""
                item.media = FeedItemMedia.merged(item.media, sizes: mediaSizes)
                FeedItemMedia.attach(standaloneThumbnails, to: &item.media)
                if let description = itemMediaDescription, item.media.count == 1, item.media[0].caption == nil { item.media[0].caption = description }
                if let image = item.image, let picture = item.media.first(where: { $0.variants.contains(image) }) { item.image = picture.url }
                if content == nil { item.contentBase = summaryBase }
                // An item linking to another site (a link blog's post about a GitHub page, FeedBurner's
                // `feedproxy` address) or to none has its relative pictures on the feed's own site;
                // not one an aggregator took from another feed (its `<source>`: a Planet's), on its own.
                if item.contentBase == nil, !itemHasSource, let site = channelLink, item.link.map({ !Self.sameSite($0, site) }) ?? true {
                    item.contentBase = site
                }
                items.append(item)
            }
            current = nil
        default: break
        }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += xhtmlDepth > 0 ? HTMLEscaping.escape(string) : string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text += String(decoding: CDATABlock, as: UTF8.self)
    }

    /// True when `link` is relative or on the host of `site` (or a subdomain of it, or of what is
    /// left of it without `www.`).
    static func sameSite(_ link: String, _ site: String) -> Bool {
        guard ImageURL.isWeb(link), let host = ImageURL.host(of: link) else { return true }
        guard let siteHost = ImageURL.host(of: site) else { return false }
        func bare(_ host: String) -> String { host.hasPrefix("www.") ? String(host.dropFirst(4)) : host }
        let (mine, theirs) = (bare(host), bare(siteHost))
        return mine == theirs || mine.hasSuffix("." + theirs) || theirs.hasSuffix("." + mine)
    }

    /// True for a list of search keywords (`trump, trump inaugural, donald trump, …`): five or more
    /// short comma-separated phrases and no sentence.
    static func isKeywordList(_ text: String) -> Bool {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return parts.count >= 5 && parts.allSatisfy { !$0.isEmpty && $0.count <= 30 && !$0.contains(".") }
    }

    /// True for Atom content that is markup: `type="xhtml"`, an XML MIME type (`application/xhtml+xml`,
    /// Atom 0.3's default for Blogger), Atom 0.3's `mode="xml"`.
    static func isXHTML(_ attributes: [String: String]) -> Bool {
        let type = attributes["type"]?.lowercased() ?? ""
        return type == "xhtml" || type.hasSuffix("xhtml+xml") || attributes["mode"]?.lowercased() == "xml"
    }

    /// `reference` resolved against `base` when that is absolute, else as written.
    private static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, let baseURL = URL(string: base), baseURL.scheme != nil else { return reference }
        return ImageURL.resolve(reference, base: baseURL) ?? reference
    }

    /// HTML elements that have no end tag.
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]

    private func localName(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }
}
