extension ContentSniffer {
    /// Tags that mark the start of an HTML document (WHATWG MIME Sniffing §7.1, "text/html" patterns).
    private static let htmlTags = ["html", "head", "body", "script", "iframe", "h1", "div", "font", "table",
                                   "a", "style", "title", "b", "br", "p"].map { Array("<\($0)".utf8) }

    /// SVG or HTML from the markup at the start of `b`, skipping BOM, whitespace, XML prolog, comments and doctype.
    ///
    /// A leading comment means HTML (WHATWG MIME Sniffing) unless an `<svg` root follows it, since
    /// editors such as Illustrator start SVG files with a comment. Markup cut off by the end of the
    /// prefix is judged on what was seen: pass `preferredPrefixLength` bytes when available.
    static func markupKind(_ b: [UInt8]) -> MediaKind? {
        var i = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var firstWasComment: Bool?
        var sawSVGDoctype = false
        while true {
            while i < b.count, [0x20, 0x09, 0x0A, 0x0C, 0x0D].contains(b[i]) { i += 1 }
            guard i < b.count else { break }
            if matches(b, at: i, "<?xml") {
                guard let end = find(b, "?>", from: i) else { break }
                i = end
            } else if matches(b, at: i, "<!--") {
                firstWasComment = firstWasComment ?? true
                guard let end = find(b, "-->", from: i + 4) else { break }
                i = end
            } else if matches(b, at: i, "<!doctype") {
                let end = find(b, ">", from: i) ?? b.count
                let words = String(decoding: b[i..<end], as: UTF8.self).lowercased().split(whereSeparator: \.isWhitespace)
                if words.count > 1, words[1].hasPrefix("html") { return .html }
                sawSVGDoctype = sawSVGDoctype || words.count > 1 && words[1].hasPrefix("svg")
                i = end
            } else if matchesTag(b, at: i, Array("<svg".utf8)) {
                return .svg
            } else if htmlTags.contains(where: { matchesTag(b, at: i, $0) }) {
                return .html
            } else {
                break
            }
            firstWasComment = firstWasComment ?? false
        }
        if sawSVGDoctype { return .svg }
        return firstWasComment == true ? .html : nil
    }

    /// ASCII case-insensitive match of `literal` at `offset`.
    private static func matches(_ b: [UInt8], at offset: Int, _ literal: String) -> Bool {
        let pattern = Array(literal.utf8)
        guard b.count >= offset + pattern.count else { return false }
        return zip(b[offset...], pattern).allSatisfy { lowered($0) == $1 }
    }

    /// A tag name match followed by a tag-terminating byte (space, `>`, `/` or line break), so `<b` is not `<body`.
    private static func matchesTag(_ b: [UInt8], at offset: Int, _ pattern: [UInt8]) -> Bool {
        let next = offset + pattern.count
        guard b.count > next, zip(b[offset...], pattern).allSatisfy({ lowered($0) == $1 }) else { return false }
        return [0x20, 0x3E, 0x2F, 0x09, 0x0A, 0x0D].contains(b[next])
    }

    /// The index just past the first `literal` at or after `start`; nil if the prefix ends first.
    private static func find(_ b: [UInt8], _ literal: String, from start: Int) -> Int? {
        let pattern = Array(literal.utf8)
        var i = start
        while i + pattern.count <= b.count {
            if b[i..<i + pattern.count].elementsEqual(pattern) { return i + pattern.count }
            i += 1
        }
        return nil
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
}
