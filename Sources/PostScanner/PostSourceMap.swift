import Foundation

/// Where a post's image URLs are written in its source text, as exact UTF-8 byte ranges, so a
/// rewriter can splice new values in without re-serialising (and reformatting) the post.
/// Found by the same parsers the scanner uses: gumbo for `<img>`/`<source>` and links, cmark-gfm for
/// Markdown images, links and code, the front-matter splitter for cover keys.
public struct PostSourceMap: Sendable {
    /// One attribute of an `<img>` or `<source>` element that may hold image URLs.
    public struct Attribute: Sendable, Equatable {
        /// Lower-case attribute name (`src`, `srcset`, `data-original`, ...).
        public var name: String
        /// The value with character references decoded (what a browser uses).
        public var value: String
        /// Bytes of the value inside its quotes (or the bare value) in the source text.
        public var valueRange: Range<Int>
        /// Byte offset just after the value as written (after its closing quote).
        public var end: Int
    }

    /// An `<img>` or `<source>` element written in the source, or a link (`<a href>`): a rewriter
    /// points a link whose target is an archived image (a picture's full size, the image itself)
    /// at the archived file.
    public struct Element: Sendable, Equatable {
        /// `img`, `source` or `a`.
        public var tag: String
        /// Byte offset of its `<`.
        public var start: Int
        /// Its URL-bearing attributes with a value (src, srcset, data-srcset, lazy-loading attributes; href of an `a`).
        public var attributes: [Attribute]
        /// Every attribute name the element has, URL-bearing or not (to avoid adding a duplicate).
        public var allNames: Set<String>
    }

    /// The destination of a Markdown image `![alt](destination "title")` or link `[text](destination)`.
    public struct MarkdownDestination: Sendable, Equatable {
        /// The destination as cmark-gfm reads it (escapes removed).
        public var url: String
        /// Bytes of the destination as written (inside `<>` when bracketed).
        public var destinationRange: Range<Int>
        /// Byte offset just after the closing `)`.
        public var end: Int
    }

    /// A front-matter cover value (`headimg: '...'`, `cover = "..."`), top-level keys only.
    public struct CoverValue: Sendable, Equatable {
        /// The key as written (`headimg`, `thumbnail`, ...).
        public var key: String
        /// The value, unquoted.
        public var value: String
        /// Bytes of the value inside its quotes (or the bare value).
        public var valueRange: Range<Int>
        /// Byte offset just after the line's newline (where a sibling line may be inserted).
        public var lineEnd: Int
        /// The line's leading whitespace.
        public var indent: String
        /// True for TOML (`key = value`), false for YAML (`key: value`).
        public var isTOML: Bool
    }

    /// Attribute names whose values are image URLs (besides `srcset`/`data-srcset`).
    public static let urlAttributes = ["src"] + ImageCollector.lazyAttributes
    /// Attribute names whose values are srcset lists.
    public static let srcsetAttributes = ImageCollector.srcsetAttributes
    /// Top-level front-matter keys that name a cover image: the scanner's cover keys that are
    /// one plain value (not a nested `cover.image`, not the `images` list).
    public static let coverKeys = Set(PostScanner.coverKeys.filter { !$0.contains(".") && $0 != "images" && $0 != "photos" })

    /// `<img>`/`<source>` elements and links, outside Markdown code, in source order.
    public private(set) var elements: [Element] = []
    /// Markdown images, in source order (empty for HTML bodies).
    public private(set) var markdownImages: [MarkdownDestination] = []
    /// Markdown links, in source order: a rewriter points a link to an archived image at the file.
    public private(set) var markdownLinks: [MarkdownDestination] = []
    /// Front-matter cover values.
    public private(set) var covers: [CoverValue] = []
    /// Markdown images cmark-gfm found whose destination could not be located (reference-style
    /// images `![a][ref]`, whose URL lives in a definition elsewhere).
    public private(set) var unlocatedMarkdownImages: [String] = []
    /// The base URL relative image URLs resolve against, as the scanner resolves them.
    public let base: URL?

    /// Maps `text`, the whole post file decoded as UTF-8. `path` decides HTML or Markdown by its
    /// extension; `postURL` and `folder` are the scanner's post URL and the file's folder.
    public init(text: String, path: String, postURL: String?, folder: URL?) throws(ScanError) {
        let isHTMLFile = ["html", "htm", "xhtml"].contains((path as NSString).pathExtension.lowercased())
        let front = try FrontMatter.split(text, input: path, markdown: !isHTMLFile)
        let bodyStart = text.utf8.distance(from: text.utf8.startIndex, to: front.body.startIndex.samePosition(in: text.utf8) ?? text.utf8.startIndex)
        let body = String(front.body)
        let document = HTMLDocument(html: body)
        let head = HeadInfo(document)
        base = ImageCollector.base(baseHref: head.baseHref, canonicalLink: head.canonicalLink,
                                   postURL: postURL ?? head.canonical, folder: folder)
        covers = Self.covers(in: text, upTo: bodyStart)

        var code: [Range<Int>] = []
        if !isHTMLFile, !MarkdownBody.isPlainHTML(front.body) {
            let markdown = MarkdownSourceMap(body)
            code = markdown.codeRanges
            let located = { (found: MarkdownSourceMap.Destination) in
                MarkdownDestination(url: found.url, destinationRange: (found.destination.lowerBound + bodyStart)..<(found.destination.upperBound + bodyStart),
                                    end: found.end + bodyStart)
            }
            markdownImages = markdown.images.map(located)
            markdownLinks = markdown.links.map(located)
            unlocatedMarkdownImages = markdown.unlocated
        }
        let wanted = Set(Self.urlAttributes + Self.srcsetAttributes)
        document.root.walk { node in
            let isLink = node.tag == "a"
            guard node.tag == "img" || node.tag == "source" || isLink, node.sourceOffset >= 0 else { return }
            if code.contains(where: { $0.contains(node.sourceOffset) }) { return }
            var attributes: [Attribute] = []
            for attribute in node.attributes where (isLink ? attribute.name == "href" : wanted.contains(attribute.name)) && attribute.sourceStart >= 0 {
                var start = attribute.sourceStart
                var end = start + attribute.sourceLength
                let quoted = Self.isQuoted(body, start: start, end: end)
                let valueEnd = end
                if quoted { start += 1; end -= 1 }
                attributes.append(Attribute(name: attribute.name, value: attribute.value,
                                            valueRange: (start + bodyStart)..<(end + bodyStart), end: valueEnd + bodyStart))
            }
            guard !attributes.isEmpty else { return }
            elements.append(Element(tag: node.tag, start: node.sourceOffset + bodyStart, attributes: attributes,
                                    allNames: Set(node.attributes.map(\.name))))
        }
    }

    /// Resolves a URL as written the way the scanner does (against `base`); nil when it cannot.
    public func resolve(_ written: String) -> String? {
        ImageURL.resolve(written.trimmedWhitespace(), base: base)
    }

    /// `srcset` with each candidate URL replaced by `transform(url)` (kept when it returns nil);
    /// descriptors, commas and spacing stay as they are. Tokenised as the HTML spec does.
    public static func replacingSrcsetURLs(_ srcset: String, _ transform: (String) -> String?) -> String {
        var out = ""
        var rest = Substring(srcset)
        while !rest.isEmpty {
            let separators = rest.prefix { $0.isWhitespace || $0 == "," }
            out += separators
            rest = rest.dropFirst(separators.count)
            var url = rest.prefix { !$0.isWhitespace }
            rest = rest.dropFirst(url.count)
            var trailing = ""
            while url.hasSuffix(",") { url = url.dropLast(); trailing += "," }
            out += transform(String(url)) ?? String(url)
            out += trailing
            if trailing.isEmpty {
                let descriptor = rest.prefix { $0 != "," }
                out += descriptor
                rest = rest.dropFirst(descriptor.count)
            }
        }
        return out
    }

    private static func isQuoted(_ text: String, start: Int, end: Int) -> Bool {
        guard end - start >= 2 else { return false }
        let utf8 = text.utf8
        let first = utf8[utf8.index(utf8.startIndex, offsetBy: start)]
        let last = utf8[utf8.index(utf8.startIndex, offsetBy: end - 1)]
        return (first == UInt8(ascii: "\"") || first == UInt8(ascii: "'")) && first == last
    }
}
