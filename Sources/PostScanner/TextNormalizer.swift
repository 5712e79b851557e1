/// Visible-text helpers shared by the caption rules: whitespace normalisation and text extraction.
enum TextNormalizer {
    /// Collapses every whitespace run (including U+3000 and no-break spaces) to one space and trims.
    static func normalize(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Tags whose content is never shown as text.
    static let hiddenTags: Set<String> = ["script", "style", "template", "noscript", "head", "title"]

    /// The visible text of `node` with `<br>` as a space, normalised; split spans join without separator.
    static func visibleText(_ node: HTMLNode) -> String {
        var raw = ""
        append(node, to: &raw)
        return normalize(raw)
    }

    /// Appends the raw visible text of `node` (iteratively, no recursion).
    static func append(_ node: HTMLNode, to raw: inout String) {
        var stack: [HTMLNode] = [node]
        while let current = stack.popLast() {
            if !current.isElement {
                raw += current.text
            } else if current.tag == "br" {
                raw += " "
            } else if !hiddenTags.contains(current.tag) {
                stack.append(contentsOf: current.children.reversed())
            }
        }
    }

    /// True when `text` has something other than whitespace.
    static func hasVisibleText(_ text: String) -> Bool {
        text.unicodeScalars.contains { !isSpace($0) }
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
