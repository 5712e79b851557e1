import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif

/// Source positions in a Markdown body, from cmark-gfm's `sourcepos`: where code is (raw HTML
/// there is text, not an image) and where each image's and link's destination is written.
struct MarkdownSourceMap {
    /// One located image or link.
    struct Destination {
        /// cmark-gfm's destination (escapes removed).
        var url: String
        /// Bytes of the destination as written, relative to the body.
        var destination: Range<Int>
        /// Byte offset after the closing `)`, relative to the body.
        var end: Int
    }

    /// Byte ranges of code blocks and code spans, relative to the body.
    private(set) var codeRanges: [Range<Int>] = []
    /// Inline images, in source order.
    private(set) var images: [Destination] = []
    /// Inline links `[text](destination)`, in source order (reference-style and autolinks are not located).
    private(set) var links: [Destination] = []
    /// Destinations of images that could not be located (reference-style images).
    private(set) var unlocated: [String] = []

    /// Parses `body` exactly as `MarkdownBody.render` does, with source positions.
    init(_ body: String) {
        _ = MarkdownBody.registerExtensions
        let bytes = Array(MarkdownBody.openingIndentedBlocks(body).utf8)
        var lineStarts = [0]
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(i + 1) }
        func offset(_ line: Int32, _ column: Int32) -> Int? {
            guard line >= 1, column >= 1, Int(line) <= lineStarts.count else { return nil }
            let value = lineStarts[Int(line) - 1] + Int(column) - 1
            return value <= bytes.count ? value : nil
        }
        guard let parser = cmark_parser_new(CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS) else { return }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let document = cmark_parser_finish(parser), let iter = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iter); cmark_node_free(document) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_CODE_BLOCK {
                let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
                guard first >= 1, last >= first, first <= lineStarts.count else { continue }
                let end = last < lineStarts.count ? lineStarts[last] : bytes.count
                codeRanges.append(lineStarts[first - 1]..<end)
            } else if type == CMARK_NODE_CODE {
                if let start = offset(cmark_node_get_start_line(node), cmark_node_get_start_column(node)),
                   let last = offset(cmark_node_get_end_line(node), cmark_node_get_end_column(node)), last >= start {
                    codeRanges.append(start..<min(last + 1, bytes.count))
                }
            } else if type == CMARK_NODE_HTML_BLOCK {
                // Markdown images the scanner reads inside raw HTML blocks, located in the block's lines.
                let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
                guard first >= 1, last >= first, first <= lineStarts.count else { continue }
                let start = lineStarts[first - 1]
                let end = last < lineStarts.count ? lineStarts[last] : bytes.count
                let block = String(decoding: bytes[start..<end], as: UTF8.self)
                for image in MarkdownBody.markdownImages(inHTML: block[...]) {
                    let from = start + block.utf8.distance(from: block.startIndex, to: image.url.startIndex)
                    let to = start + block.utf8.distance(from: block.startIndex, to: image.url.endIndex)
                    images.append(Destination(url: String(image.url), destination: from..<to, end: start + block.utf8.distance(from: block.startIndex, to: image.end)))
                }
            } else if type == CMARK_NODE_IMAGE || type == CMARK_NODE_LINK {
                let isImage = type == CMARK_NODE_IMAGE
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                let start = offset(cmark_node_get_start_line(node), cmark_node_get_start_column(node))
                if let found = start.flatMap({ Self.locate(bytes, from: $0, url: url, image: isImage) }) {
                    if isImage { images.append(found) } else { links.append(found) }
                } else if isImage {
                    unlocated.append(url)  // an image no rewrite can reach is reported; a link is only left as it is
                }
            }
        }
    }

    /// Reads `![alt](destination "title")` (with `image`, else `[text](destination "title")`) at
    /// `start` the way CommonMark does and checks the destination against cmark-gfm's; nil when
    /// the text there is not such an image or link.
    static func locate(_ bytes: [UInt8], from start: Int, url: String, image: Bool) -> Destination? {
        let open = image ? start + 1 : start
        guard open < bytes.count, !image || bytes[start] == UInt8(ascii: "!"), bytes[open] == UInt8(ascii: "[") else { return nil }
        var i = open + 1
        var depth = 1
        while i < bytes.count, depth > 0 {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 1
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            default: break
            }
            i += 1
        }
        guard depth == 0, i < bytes.count, bytes[i] == UInt8(ascii: "(") else { return nil }
        i += 1
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        var destination: Range<Int>
        if i < bytes.count, bytes[i] == UInt8(ascii: "<") {
            var j = i + 1
            while j < bytes.count, bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "\n") {
                if bytes[j] == UInt8(ascii: "\\") { j += 1 }
                j += 1
            }
            guard j < bytes.count, bytes[j] == UInt8(ascii: ">") else { return nil }
            destination = (i + 1)..<j
            i = j + 1
        } else {
            var j = i
            var parens = 0
            while j < bytes.count, !isSpace(bytes[j]), bytes[j] > 0x1F {
                if bytes[j] == UInt8(ascii: "\\") { j += 2; continue }
                if bytes[j] == UInt8(ascii: "(") { parens += 1 }
                if bytes[j] == UInt8(ascii: ")") { if parens == 0 { break }; parens -= 1 }
                j += 1
            }
            destination = i..<min(j, bytes.count)
            i = min(j, bytes.count)
        }
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        if i < bytes.count, let close = [UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "'"): UInt8(ascii: "'"), UInt8(ascii: "("): UInt8(ascii: ")")][bytes[i]] {
            i += 1
            while i < bytes.count, bytes[i] != close {
                if bytes[i] == UInt8(ascii: "\\") { i += 1 }
                i += 1
            }
            i += 1
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ")") else { return nil }
        // The written destination, unescaped, must be cmark's: otherwise this reading is wrong.
        let written = unescape(bytes[destination])
        guard written == url || written.contains("&") else { return nil }
        return Destination(url: url, destination: destination, end: i + 1)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Removes CommonMark backslash escapes (a backslash before ASCII punctuation).
    private static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.endIndex, (0x21...0x7E).contains(bytes[i + 1]),
               !(bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39) && !(bytes[i + 1] | 0x20 >= 0x61 && bytes[i + 1] | 0x20 <= 0x7A) {
                i += 1
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
