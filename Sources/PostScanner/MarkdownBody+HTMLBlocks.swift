import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif

extension MarkdownBody {
    /// Markdown images written inside raw HTML blocks (`<figure>` then `![a](x.jpg)` on the next
    /// line, no blank line between): CommonMark keeps the whole block as HTML, so the image stays
    /// text and renderers show its source, but the author meant an image, and one that is not
    /// read is lost. Each becomes a marked `<img>` in the block; code (`<pre>`, `<code>`,
    /// `<script>`, `<style>`, `<textarea>`) and comments inside the block are left alone.
    static func replaceImages(inHTMLBlocks blocks: [OpaquePointer]) {
        for block in blocks {
            // A byte search first: nearly every HTML block has no `![` and is not copied.
            guard let literal = cmark_node_get_literal(block), strstr(literal, "![") != nil,
                  let rewritten = imagesAsHTML(in: String(cString: literal)) else { continue }
            cmark_node_set_literal(block, rewritten)
        }
    }

    /// `html` with its Markdown images as marked `<img>`s, or nil when it has none outside code.
    static func imagesAsHTML(in html: String) -> String? {
        var out = ""
        var copied = html.startIndex
        for image in markdownImages(inHTML: html[...]) {
            out += html[copied..<image.start]
            var tag = "<img src=\"\(HTMLEscaping.escape(String(image.url)))\" alt=\"\(HTMLEscaping.escape(image.alt))\""
            if let title = image.title, !title.isEmpty { tag += " title=\"\(HTMLEscaping.escape(title))\"" }
            out += tag + " \(markdownMarker)=\"1\">"
            copied = image.end
        }
        return copied == html.startIndex ? nil : out + html[copied...]
    }

    /// A Markdown image written inside raw HTML: where it starts and ends, and its parts (the URL
    /// as a slice of the HTML, so its position is known to a source map).
    struct HTMLBlockImage {
        /// The index of its `!`.
        var start: Substring.Index
        /// The index after its `)`.
        var end: Substring.Index
        /// The alt text as written.
        var alt: String
        /// The destination as written.
        var url: Substring
        /// The title, when written.
        var title: String?
    }

    /// The Markdown images of raw HTML, in order, outside code (`<pre>`, `<code>`, `<script>`,
    /// `<style>`, `<textarea>`) and comments. One definition for the scanner and the source map.
    static func markdownImages(inHTML html: Substring) -> [HTMLBlockImage] {
        var found: [HTMLBlockImage] = []
        var rest = html
        while let bang = rest.firstIndex(where: { $0 == "<" || $0 == "!" }) {
            rest = rest[bang...]
            if rest.first == "<" {
                // Code and comments are skipped through their end.
                let lower = rest.prefix(10).lowercased()
                let end = lower.hasPrefix("<!--") ? "-->"
                    : ["<pre", "<code", "<script", "<style", "<textarea"].first { lower.hasPrefix($0) }.map { "</" + $0.dropFirst() }
                let stop = end.flatMap { rest.range(of: $0, options: .caseInsensitive) }?.upperBound ?? rest.index(after: rest.startIndex)
                rest = rest[stop...]
                continue
            }
            guard let image = markdownImage(at: rest) else {
                rest = rest.dropFirst()
                continue
            }
            found.append(HTMLBlockImage(start: bang, end: image.end, alt: image.alt, url: image.url, title: image.title))
            rest = rest[image.end...]
        }
        return found
    }

    /// The Markdown image `![alt](url "title")` at the start of `text`, on one line, or nil.
    private static func markdownImage(at text: Substring) -> (alt: String, url: Substring, title: String?, end: Substring.Index)? {
        guard text.hasPrefix("!["), let close = text.range(of: "]("),
              !text[..<close.lowerBound].contains("\n") else { return nil }
        let alt = String(text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound])
        var rest = text[close.upperBound...]
        let url: Substring
        if rest.first == "<" {
            guard let end = rest.firstIndex(of: ">") else { return nil }
            url = rest[rest.index(after: rest.startIndex)..<end]
            rest = rest[rest.index(after: end)...]
        } else {
            url = rest.prefix { !$0.isWhitespace && $0 != ")" }
            rest = rest.dropFirst(url.count)
        }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        var title: String? = nil
        if let quote = rest.first, quote == "\"" || quote == "'" {
            guard let end = rest.dropFirst().firstIndex(of: quote) else { return nil }
            title = String(rest[rest.index(after: rest.startIndex)..<end])
            rest = rest[rest.index(after: end)...].drop { $0 == " " || $0 == "\t" }
        }
        guard !url.isEmpty, !url.contains("\n"), rest.first == ")" else { return nil }
        return (alt, url, title, rest.index(after: rest.startIndex))
    }
}
