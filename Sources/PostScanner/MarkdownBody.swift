import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif

/// Turns a post body into HTML: Markdown through cmark-gfm, or HTML as it is.
enum MarkdownBody {
    /// Attribute set on `<img>` elements that came from Markdown image syntax, so the caption
    /// rules may use their title/alt (in HTML, title/alt are never visible captions).
    static let markdownMarker = "data-mediavault-markdown"

    /// The body as HTML. A body whose first non-space character is `<` and that has no
    /// Markdown link/image syntax (`](`, or a reference image and its definition) is taken as HTML directly: CommonMark ends an HTML
    /// block at a blank line and turns indented lines after it into code blocks, which would
    /// hide images in real generated posts (RSSHub bodies are one `<div>` with blank-ish lines
    /// inside). Mixed bodies (an HTML comment, then Markdown) still go through cmark-gfm.
    static func html(from body: Substring) -> String {
        if isPlainHTML(body) { return String(body) }
        return render(String(body))
    }

    /// True when `html(from:)` takes the body as HTML as it is, without cmark-gfm.
    static func isPlainHTML(_ body: Substring) -> Bool {
        guard let first = body.first(where: { !$0.isWhitespace }), first == "<" else { return false }
        return !hasMarkdownLinks(body) && !hasReferenceImages(body)
    }

    /// True when a reference-style image (`![x][ref]`, `![x][]`, `![ref]`) can be completed: the
    /// body has `![` and a link reference definition line (`[ref]: url`, up to 3 spaces in).
    /// Without this, an HTML-first body with only reference images would lose them all.
    static func hasReferenceImages(_ body: Substring) -> Bool {
        var body = body
        return body.withUTF8 { bytes in
            // `memchr` to each `!` first: most HTML bodies have no `![` at all.
            guard let base = bytes.baseAddress else { return false }
            var bang = 0
            var hasImage = false
            while bang < bytes.count, let found = memchr(base + bang, Int32(UInt8(ascii: "!")), bytes.count - bang) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "[") { hasImage = true; break }
                bang = index + 1
            }
            guard hasImage else { return false }
            var sawImage = false, sawDefinition = false
            var lineStart = 0
            for i in 0..<bytes.count {
                if bytes[i] == UInt8(ascii: "["), i > 0, bytes[i - 1] == UInt8(ascii: "!") { sawImage = true }
                if i == lineStart, !sawDefinition { sawDefinition = isDefinition(bytes, from: i) }
                if bytes[i] == UInt8(ascii: "\n") { lineStart = i + 1 }
                if sawImage && sawDefinition { return true }
            }
            return false
        }
    }

    /// True when the line starting at `start` is `[label]: destination` (CommonMark link reference definition).
    private static func isDefinition(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var i = start
        while i < bytes.count, i - start < 3, bytes[i] == UInt8(ascii: " ") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return false }
        i += 1
        let labelStart = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "]"), bytes[i] != UInt8(ascii: "\n") { i += 1 }
        guard i + 1 < bytes.count, i > labelStart, bytes[i] == UInt8(ascii: "]"), bytes[i + 1] == UInt8(ascii: ":") else { return false }
        i += 2
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        return i < bytes.count && bytes[i] != UInt8(ascii: "\n") && bytes[i] != UInt8(ascii: "\r")
    }

    /// True when `](` occurs: the shape every inline or reference Markdown image/link shares.
    private static func hasMarkdownLinks(_ body: Substring) -> Bool {
        var body = body
        return body.withUTF8 { bytes in
            guard bytes.count > 1 else { return false }
            for i in 1..<bytes.count where bytes[i] == UInt8(ascii: "(") && bytes[i - 1] == UInt8(ascii: "]") { return true }
            return false
        }
    }

    static let registerExtensions: Void = { cmark_gfm_core_extensions_ensure_registered() }()

    /// Parses Markdown (GFM tables, strikethrough, autolinks; raw HTML kept) and renders HTML.
    static func render(_ markdown: String) -> String {
        _ = registerExtensions
        let markdown = openingIndentedBlocks(markdown)
        let options = CMARK_OPT_UNSAFE
        guard let parser = cmark_parser_new(options) else { return markdown }
        defer { cmark_parser_free(parser) }
        // No "tagfilter": it would neuter <iframe>/<video>, which the caption rules need to see.
        for name in ["table", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var text = markdown
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let document = cmark_parser_finish(parser) else { return markdown }
        defer { cmark_node_free(document) }
        replaceImages(in: document)
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return markdown }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Python-Markdown's blocks whose body is indented Markdown (admonitions `!!! note`,
    /// collapsible `??? note` and `???+ note`, content tabs `=== "Tab"`: MkDocs Material,
    /// pymdownx) with their marker made a list item's of the same length (`!!!` → `-  `), so
    /// cmark reads the body as Markdown, not as an indented code block, and byte offsets stay.
    static func openingIndentedBlocks(_ markdown: String) -> String {
        guard indentedBlockMarkers.contains(where: markdown.containsBytes) else { return markdown }
        var bytes = Array(markdown.utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            var i = lineStart
            while i < bytes.count, bytes[i] == 0x20 { i += 1 }
            let opens = indentedBlockMarkers.contains { bytes[i...].starts(with: $0.utf8) }
            if opens {
                // `-` and two spaces: the body's four-space indentation continues the item (a
                // fourth space after the dash would make it need five); `???+` keeps its `+`.
                bytes[i] = UInt8(ascii: "-")
                bytes[i + 1] = 0x20
                bytes[i + 2] = 0x20
            }
            guard let newline = bytes[i...].firstIndex(of: 0x0A) else { break }
            lineStart = newline + 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// How those blocks open.
    static let indentedBlockMarkers = ["!!! ", "??? ", "???+ ", "=== \""]

    /// Replaces each Markdown image with an inline `<img>` of our own carrying the marker,
    /// its destination, title and alt text (cmark would drop the fact that it was Markdown), and
    /// those written inside raw HTML blocks too (`replaceImages(inHTMLBlocks:)`), in one walk.
    private static func replaceImages(in document: OpaquePointer) {
        var images: [OpaquePointer] = []
        var htmlBlocks: [OpaquePointer] = []
        guard let iter = cmark_iter_new(document) else { return }
        // An image inside another image's description (`![a ![b](x)](y)`) is part of its alt text,
        // and freeing the outer image frees it: only the outermost images are replaced.
        var imageDepth = 0
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HTML_BLOCK { htmlBlocks.append(node); continue }
            guard type == CMARK_NODE_IMAGE else { continue }
            if event == CMARK_EVENT_ENTER {
                if imageDepth == 0 { images.append(node) }
                imageDepth += 1
            } else if event == CMARK_EVENT_EXIT {
                imageDepth -= 1
            }
        }
        cmark_iter_free(iter)
        replaceImages(inHTMLBlocks: htmlBlocks)
        for image in images {
            let url = cmark_node_get_url(image).map { String(cString: $0) } ?? ""
            let title = cmark_node_get_title(image).map { String(cString: $0) } ?? ""
            let alt = plainText(image)
            var html = "<img src=\"\(HTMLEscaping.escape(url))\" alt=\"\(HTMLEscaping.escape(alt))\""
            if !title.isEmpty { html += " title=\"\(HTMLEscaping.escape(title))\"" }
            html += " \(markdownMarker)=\"1\">"
            guard let replacement = cmark_node_new(CMARK_NODE_HTML_INLINE) else { continue }
            cmark_node_set_literal(replacement, html)
            cmark_node_insert_before(image, replacement)
            cmark_node_unlink(image)
            cmark_node_free(image)
        }
    }

    /// The literal text inside an inline node (the alt text of an image).
    private static func plainText(_ node: OpaquePointer) -> String {
        var out = ""
        guard let iter = cmark_iter_new(node) else { return out }
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iter), child != node else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(child) {
                out += String(cString: literal)
            }
        }
        return out
    }

}
