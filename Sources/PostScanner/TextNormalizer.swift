import CGumbo

/// Visible-text helpers shared by the caption rules: whitespace normalisation and text extraction.
enum TextNormalizer {
    /// `text` with its HTML character references decoded (`L3&#58; Potentiometers`, `&#8230;`,
    /// `&amp;`): a front-matter title written so shows decoded in the page's HTML; a `<` stays text.
    static func decodingEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")), text.utf8.contains(UInt8(ascii: ";")) else { return text }
        let html = text.replacingOccurrences(of: "<", with: "&lt;")
        return normalize(visibleText(HTMLDocument(html: html).root))
    }

    /// Collapses every whitespace run (including U+3000 and no-break spaces) to one space and trims.
    /// Works on UTF-8 bytes (the whitespace characters are recognised by their encodings) and
    /// returns `text` itself when it is already normalised.
    static func normalize(_ text: String) -> String {
        var copy = text
        let changed: [UInt8]? = copy.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let length = spaceLength(bytes, at: index)
                if length > 0 {
                    pendingSpace = !out.isEmpty
                    index += length
                    continue
                }
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(bytes[index])
                index += 1
            }
            return out.elementsEqual(bytes) ? nil : out
        }
        return changed.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// The byte length of the whitespace character (as `isSpace` defines it) that starts at
    /// `index`, or 0 when another character starts there.
    @inline(__always)
    static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0 }
        guard byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF else { return 0 }
        let second = index + 1 < bytes.count ? bytes[index + 1] : 0
        if byte == 0xC2 { return second == 0x85 || second == 0xA0 ? 2 : 0 }  // U+0085, U+00A0
        let third = index + 2 < bytes.count ? bytes[index + 2] : 0
        switch (byte, second) {
        case (0xE1, 0x9A): return third == 0x80 ? 3 : 0  // U+1680
        case (0xE2, 0x80):  // U+2000...U+200B, U+2028, U+2029, U+202F
            return (third >= 0x80 && third <= 0x8B) || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
        case (0xE2, 0x81): return third == 0x9F ? 3 : 0  // U+205F
        case (0xE3, 0x80): return third == 0x80 ? 3 : 0  // U+3000
        case (0xEF, 0xBB): return third == 0xBF ? 3 : 0  // U+FEFF
        default: return 0
        }
    }

    /// Tags whose content is never shown as text.
    static let hiddenTags = TagSet(["script", "style", "template", "noscript", "head", "title"])

    /// The visible text of `node` with `<br>` as a space, normalised; split spans join without separator.
    static func visibleText(_ node: HTMLNode) -> String {
        var raw = ""
        append(node, to: &raw)
        return normalize(raw)
    }

    /// Appends the raw visible text of `node` (iteratively, no recursion).
    static func append(_ node: HTMLNode, to raw: inout String) {
        _ = node.first(where: { current in
            if !current.isElement {
                raw += current.text
            } else if current.isElement(GUMBO_TAG_BR) {
                raw += " "
            }
            return false
        }, descend: { !hiddenTags.contains($0) })
    }

    /// True when `text` has something other than whitespace.
    static func hasVisibleText(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let length = spaceLength(bytes, at: index)
                if length == 0 { return true }
                index += length
            }
            return false
        }
    }

    /// Whitespace for captions: Unicode White_Space (U+3000 included) plus BOM and zero-width space;
    /// ASCII is decided without the Unicode property tables, which dominate otherwise.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        // The non-ASCII White_Space code points, listed so CJK text never reaches the property tables.
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }
}
