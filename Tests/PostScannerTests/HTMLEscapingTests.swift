import Testing
@testable import PostScanner

/// The byte-level escaper escapes exactly the five characters, whatever surrounds them.
@Suite struct HTMLEscapingTests {
    /// The rule written per Unicode scalar: an independent statement of what escaping means.
    static func expected(_ text: String) -> String {
        text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&#39;"
            default: return String(scalar)
            }
        }.joined()
    }

    @Test("random texts of CJK, accents, combining marks, emoji and the five characters")
    func matchesTheScalarRule() {
        let alphabet = ["夜", "景", "é", "e\u{301}", "\"\u{301}", "👍🏽", "&", "<", ">", "\"", "'", "a", " ", "&amp;"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(HTMLEscaping.escape(text) == Self.expected(text), "\(text.debugDescription)")
        }
        #expect(HTMLEscaping.escape("上海外滩的夜景") == "上海外滩的夜景")
        #expect(HTMLEscaping.escape("a \"b\" & <c>'") == "a &quot;b&quot; &amp; &lt;c&gt;&#39;")
        #expect(HTMLEscaping.escape("\"\u{301}").utf8.starts(with: "&quot;".utf8))  // a quote with a combining mark is still a quote
    }
}
