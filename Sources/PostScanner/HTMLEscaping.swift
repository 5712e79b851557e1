/// The one HTML escaper of the project: Markdown images turned into `<img>`, XHTML feed
/// content, rewritten posts and the gallery all write HTML through it.
public enum HTMLEscaping {
    /// Escapes `& < > " '` so the text is safe as HTML content and inside a single- or
    /// double-quoted attribute value.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
