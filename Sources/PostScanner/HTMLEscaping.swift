/// The one HTML escaper of the project: Markdown images turned into `<img>`, XHTML feed
/// content, rewritten posts and the gallery all write HTML through it.
public enum HTMLEscaping {
    /// Escapes `& < > " '` so the text is safe as HTML content and inside a single- or
    /// double-quoted attribute value.
    /// Works on the UTF-8 bytes (every escaped character is ASCII, and no byte of a multi-byte
    /// sequence is): a text with nothing to escape, most captions and URLs, is returned as is.
    /// A quote carrying a combining mark is escaped too (as a Character it was not).
    public static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x26: out += "&amp;".utf8
            case 0x3C: out += "&lt;".utf8
            case 0x3E: out += "&gt;".utf8
            case 0x22: out += "&quot;".utf8
            case 0x27: out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
