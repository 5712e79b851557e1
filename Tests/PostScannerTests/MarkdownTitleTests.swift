import Foundation
import Testing
@testable import PostScanner

/// The hand-written title test of a Markdown link destination agrees with the pattern it replaced.
@Suite struct MarkdownTitleTests {
    /// The regular expression SiteMarkup used before (the specification of a trailing title).
    static let pattern = #"\s+("[^"]*"|'[^']*'|\([^)]*\))\s*$"#

    @Test("every destination from a small alphabet of quotes, brackets and spaces: same answer as the regular expression")
    func agreesWithThePattern() throws {
        let regex = try NSRegularExpression(pattern: Self.pattern)
        let alphabet: [String] = ["a", " ", "\"", "'", "(", ")", "\t", "夜", "\u{3000}", "\u{301}"]
        var generator = SystemRandomNumberGenerator()
        var checked = 0, titled = 0
        for _ in 0..<60_000 {
            let length = Int.random(in: 0...9, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let expected = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            #expect(SiteMarkup.endsWithTitle(text) == expected, "\(text.debugDescription)")
            checked += 1
            if expected { titled += 1 }
        }
        #expect(titled > 1_000 && checked - titled > 1_000, "both answers were exercised: \(titled) of \(checked) titled")
    }

    @Test("the cases of real posts")
    func realDestinations() {
        #expect(SiteMarkup.endsWithTitle(#"http://127.0.0.1:9/img/a.jpg "上海外滩的夜景""#))
        #expect(SiteMarkup.endsWithTitle("a.png 'title' "))
        #expect(SiteMarkup.endsWithTitle("a.png (a (nested title)"))
        #expect(!SiteMarkup.endsWithTitle("my photo.png"))
        #expect(!SiteMarkup.endsWithTitle(#"a.png"title""#))  // no space before the title
        #expect(!SiteMarkup.endsWithTitle("a.png (x) y)"))
    }
}
