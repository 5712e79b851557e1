import Foundation

/// Reads posts (Markdown with front matter, HTML pages, RSS/Atom feeds) and returns their images.
/// Never touches the network: feed URLs are fetched by the caller and handed in as bytes.
public struct PostScanner: Sendable {
    /// Front-matter keys that name the cover image, in order of preference.
    public static let coverKeys = ["headimg", "cover", "cover.image", "thumbnail", "image", "banner", "featured_image", "image.path"]
    /// Front-matter keys that name the post's own URL.
    public static let urlKeys = ["link", "permalink", "url", "canonical", "canonicalurl", "canonical_url"]

    /// Creates a scanner.
    public init() {}

    /// Scans one file; a feed yields one post per item. `displayPath` is how the post is named
    /// in output (usually the path as the user gave it, or relative to the input folder).
    public func scan(fileAt file: URL, displayPath: String) throws(ScanError) -> [ScannedPost] {
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw ScanError(input: displayPath, reason: "cannot read the file (\(error.localizedDescription)); check the path and permissions")
        }
        return try scan(data: data, displayPath: displayPath, baseFolder: file.deletingLastPathComponent())
    }

    /// Scans a document held in memory. `baseFolder` resolves relative image paths when the
    /// post has no URL of its own; `sourceURL` is the address a fetched feed came from.
    public func scan(data: Data, displayPath: String, baseFolder: URL?, sourceURL: String? = nil) throws(ScanError) -> [ScannedPost] {
        let text = try TextDecoding.decode(data, input: displayPath)
        if FeedReader.looksLikeFeed(text) {
            let items = try FeedReader.parse(text, input: displayPath)
            return items.enumerated().map { offset, item in
                // Feed links may be relative to the feed's own address.
                let link = item.link.flatMap { ImageURL.resolve($0, base: sourceURL.flatMap(URL.init(string:))) ?? $0 }
                let meta = PostMeta(title: item.title, date: item.date, url: link, cover: item.image)
                return scanHTML(item.html, path: "\(displayPath)#\(offset + 1)", meta: meta, folder: baseFolder)
            }
        }
        let isHTMLFile = ["html", "htm", "xhtml"].contains((displayPath as NSString).pathExtension.lowercased())
        let front = try FrontMatter.split(text, input: displayPath)
        // Jekyll-style HTML files may carry front matter but their body is never Markdown.
        let html = isHTMLFile ? String(front.body) : MarkdownBody.html(from: front.body)
        let meta = PostMeta(title: front.first(["title"]), date: front.first(["date", "pubdate", "published"]),
                            url: front.first(Self.urlKeys) ?? sourceURL, cover: front.first(Self.coverKeys))
        return [scanHTML(html, path: displayPath, meta: meta, folder: baseFolder)]
    }

    /// What is known about a post before its HTML is read.
    struct PostMeta {
        /// Title from front matter or the feed item.
        var title: String?
        /// Date as written.
        var date: String?
        /// The post's own URL.
        var url: String?
        /// Cover URL as written.
        var cover: String?
    }

    /// Parses the HTML once and derives everything from that one tree.
    func scanHTML(_ html: String, path: String, meta: PostMeta, folder: URL?) -> ScannedPost {
        let document = HTMLDocument(html: html)
        var post = ScannedPost(path: path, title: meta.title, date: meta.date, url: meta.url, cover: meta.cover)
        let head = HeadInfo(document)
        if post.title == nil { post.title = head.title }
        if post.url == nil { post.url = head.canonical }
        post.metaReferrerPolicy = head.referrer
        let base = ImageCollector.base(for: document, postURL: post.url, folder: folder)
        let found = ImageCollector(base: base).collect(document)

        var finder = CaptionFinder(title: post.title)
        var images: [ImageRef] = []
        var indexByKey: [String: Int] = [:]
        for image in found {
            let caption = finder.caption(for: image.element)  // every occurrence, so rules see the order
            let key = image.resolvedSrc ?? image.src
            if let existing = indexByKey[key] {
                images[existing].occurrences += 1
                if images[existing].caption == nil { images[existing].caption = caption }
                continue
            }
            indexByKey[key] = images.count
            let element = image.element
            images.append(ImageRef(index: images.count, url: image.url, src: image.src, variants: image.variants,
                                   innerURL: ImageURL.innerURL(image.url ?? image.src), caption: caption,
                                   alt: element.attribute("alt"), referrerPolicy: element.attribute("referrerpolicy")?.lowercased(),
                                   isPlaceholder: ImageURL.isPlaceholder(image.url ?? image.src)))
        }
        if let cover = meta.cover {
            let decoded = cover.trimmedWhitespace()
            let resolved = ImageURL.resolve(decoded, base: base)
            post.coverIsPlaceholder = ImageURL.isPlaceholder(resolved ?? decoded)
            if let match = images.firstIndex(where: { $0.src == decoded || ($0.url != nil && $0.url == resolved) || (resolved != nil && indexByKey[resolved!] == $0.index) || $0.variants.contains(resolved ?? decoded) }) {
                images[match].isCover = true
            } else {
                images.append(ImageRef(index: images.count, url: resolved, src: decoded, innerURL: resolved.flatMap(ImageURL.innerURL),
                                       isCover: true, isPlaceholder: post.coverIsPlaceholder, occurrences: 0))
            }
        }
        post.images = images
        return post
    }
}

/// Document-level facts from `<head>`: title, canonical link, referrer policy.
struct HeadInfo {
    /// `<title>` text, normalised.
    var title: String?
    /// `<link rel=canonical>` or `og:url`.
    var canonical: String?
    /// `<meta name=referrer content>`, lower-cased.
    var referrer: String?

    /// Reads the facts in one walk of the tree.
    init(_ document: HTMLDocument) {
        document.root.walk { node in
            switch node.tag {
            case "title" where title == nil:
                let raw = node.children.map(\.text).joined()
                let normalized = TextNormalizer.normalize(raw)
                if !normalized.isEmpty { title = normalized }
            case "link" where canonical == nil:
                if node.attribute("rel")?.lowercased().split(separator: " ").contains("canonical") == true,
                   let href = node.attribute("href"), ImageURL.hasScheme(href) { canonical = href }
            case "meta":
                let name = (node.attribute("name") ?? node.attribute("property"))?.lowercased()
                if name == "referrer", referrer == nil { referrer = node.attribute("content")?.lowercased() }
                if name == "og:url", canonical == nil, let content = node.attribute("content"), ImageURL.hasScheme(content) { canonical = content }
            default: break
            }
        }
    }
}
