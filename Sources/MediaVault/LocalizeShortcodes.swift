import Foundation

/// Image shortcodes `localize` rewrites: Hugo `{{< figure src="…" >}}` (also `{{% … %}}`, and
/// the `img`/`image` shortcodes many themes ship) with a double-quoted `src`. Hugo renders
/// shortcodes inside code fences too (the built test site shows it), so those are rewritten as
/// well; only escaped ones (`{{</* … */>}}`) are examples. The original is kept in a Markdown
/// keeper comment right after the closing `>}}`.
enum LocalizeShortcodes {
    /// One shortcode's `src` value.
    struct Source: Equatable {
        /// Bytes of the value inside its quotes.
        var valueRange: Range<Int>
        /// The value.
        var value: String
        /// Byte offset just after the shortcode's closing `>}}`/`%}}`.
        var end: Int
    }

    private static let pattern = #"\{\{[<%]\s*(?:figure|img|image)\s[^}]*?\bsrc="([^"]*)"[^}]*?[>%]\}\}"#

    /// Every image shortcode `src` of the text, in order.
    static func sources(in bytes: [UInt8]) -> [Source] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("{{"), let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let utf16 = text.utf16
        func offset(_ location: Int) -> Int {
            let index = utf16.index(utf16.startIndex, offsetBy: location)
            return text.utf8.distance(from: text.utf8.startIndex, to: index)
        }
        var found: [Source] = []
        for match in regex.matches(in: text, range: NSRange(location: 0, length: utf16.count)) {
            let value = match.range(at: 1)
            let valueStart = offset(value.location), valueEnd = offset(value.location + value.length)
            found.append(Source(valueRange: valueStart..<valueEnd, value: String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self),
                                end: offset(match.range.location + match.range.length)))
        }
        return found
    }
}
