import Foundation

/// The text a feed or export is parsed from: what strict XML refuses but feed readers forgive.
extension FeedReader {
    /// The text without its XML declaration: the text is already decoded, and the declaration's
    /// `encoding=` would make the XML parser decode the UTF-8 bytes a second time.
    static func withoutDeclaration(_ text: String) -> Substring {
        var body = Substring(text)
        // Comments before the declaration (a generator's banner, a test fixture's licence) make
        // the XML malformed, and libxml2 then loses the items' bodies: read past them as readers do.
        var start = body.startIndex
        while true {
            start = body[start...].firstIndex { !($0.isWhitespace || $0 == "\u{FEFF}") } ?? body.endIndex
            guard body[start...].hasPrefix("<!--"), let close = body.range(of: "-->", range: start..<body.endIndex) else { break }
            start = close.upperBound
        }
        if body[start...].hasPrefix("<?xml"), let end = body.range(of: "?>", range: start..<body.endIndex) {
            body = body[end.upperBound...]
        }
        return body
    }

    /// The bytes the XML parser reads: the text without its declaration, each `&` that starts no
    /// reference written `&amp;` (outside CDATA and comments). A feed or export that leaves a
    /// URL's `?a=1&b=2` unescaped is common, and libxml2 drops `&b` as an unknown entity, and
    /// with it part of the URL.
    static func xmlData(_ text: String) -> Data {
        let bytes = Array(withoutDeclaration(text).utf8)
        guard bytes.contains(UInt8(ascii: "&")) else { return Data(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var i = 0
        func starts(_ prefix: String) -> Bool { bytes[i...].starts(with: prefix.utf8) }
        func copy(through end: String) {
            let tail = Array(end.utf8)
            while i < bytes.count {
                if bytes[i...].starts(with: tail) { out += tail; i += tail.count; return }
                out.append(bytes[i]); i += 1
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<"), starts("<![CDATA[") { copy(through: "]]>"); continue }
            if bytes[i] == UInt8(ascii: "<"), starts("<!--") { copy(through: "-->"); continue }
            if bytes[i] == UInt8(ascii: "&"), !startsReference(bytes, at: i) {
                out += Array("&amp;".utf8)
            } else {
                out.append(bytes[i])
            }
            i += 1
        }
        return Data(out)
    }

    /// True when the `&` at `index` starts `&name;`, `&#123;` or `&#x1F;`.
    private static func startsReference(_ bytes: [UInt8], at index: Int) -> Bool {
        var j = index + 1
        let numeric = j < bytes.count && bytes[j] == UInt8(ascii: "#")
        if numeric { j += 1 }
        let hex = numeric && j < bytes.count && (bytes[j] | 0x20) == UInt8(ascii: "x")
        if hex { j += 1 }
        let start = j
        while j < bytes.count, j - start < 32 {
            let byte = bytes[j]
            let isDigit = byte >= 0x30 && byte <= 0x39
            let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            if byte == UInt8(ascii: ";") { return j > start }
            if numeric { guard isDigit || (hex && isLetter && (byte | 0x20) <= 0x66) else { return false } }
            else { guard isLetter || (j > start && (isDigit || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "."))) else { return false } }
            j += 1
        }
        return false
    }
}
