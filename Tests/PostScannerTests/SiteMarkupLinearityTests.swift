import Foundation
import Testing
@testable import PostScanner

/// Unclosed generator constructs repeated many times: the tag expander reads each byte a bounded
/// number of times. Counted, not timed: doubling the input must about double the bytes its
/// searches read (before, a 1 MB post of `{% a` was read once per `{%`: minutes of CPU).
@Suite struct SiteMarkupLinearityTests {
    @Test(arguments: ["{% a ", "{{< a ", "{{ a ", "![[a", "![a", "![a](", "`a", "{% raw %}", "{% capture x %}", "{{< highlight go >}}",
                      "![a](b\n", "<!--", "{% include image.html file=\"a.png\" "])
    func unclosedConstructsAreReadInLinearTime(unit: String) {
        func searched(_ copies: Int) -> Int {
            var markup = SiteMarkup(page: [:], markdown: true)
            _ = markup.expand(Substring(String(repeating: unit, count: copies)))
            return markup.bytesSearched
        }
        let small = searched(2_000), large = searched(4_000)
        let size = unit.utf8.count * 4_000
        #expect(large <= 3 * max(small, 1), "\(unit.debugDescription): \(small) bytes read for 2,000 copies, \(large) for 4,000")
        #expect(large <= 8 * size, "\(unit.debugDescription): \(large) bytes read for \(size) bytes of input")
    }
}
