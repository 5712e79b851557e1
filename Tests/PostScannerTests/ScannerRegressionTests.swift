import Foundation
import Testing
@testable import PostScanner

/// Defects found on real posts, each kept from coming back.
@Suite struct ScannerRegressionTests {
    @Test func referenceStyleImagesAfterLeadingHTMLAreFound() throws {
        let body = """
        <div class="note">An HTML block opens the post.</div>

        ![A diagram][diagram] and ![The other one][]

        [diagram]: https://h/diagram.png "Diagram title"
        [The other one]: https://h/other.png
        """
        let post = try scanSnippet(body)
        #expect(post.images.map(\.src) == ["https://h/diagram.png", "https://h/other.png"])
        #expect(post.images.first?.caption == "Diagram title")
    }

    @Test func htmlBodiesWithoutReferenceDefinitionsStayHTML() {
        // `![` in text and `[x]: y` inside a line are no reference image: the body is HTML as it is.
        #expect(MarkdownBody.isPlainHTML("<p>Wow![sic] see a[0]: b</p>\n<p>   <img src=a.jpg></p>"))
        #expect(!MarkdownBody.isPlainHTML("<p>x</p>\n\n![a][r]\n\n   [r]: https://h/a.png"))
    }

    @Test func anAttributeHoldingAnElisionPlaceholderMakesTheDocumentParseAgainWithoutElision() throws {
        // Plays a scanner mistake: the run "A long alternative text" elided inside an attribute.
        let original = Array(#"<p><img src="https://h/a.png" alt="A long alternative text"></p><p>Body text long enough</p>"#.utf8)
        let altStart = original.firstRange(of: Array("A long".utf8))!.lowerBound
        let altEnd = altStart + "A long alternative text".utf8.count
        let marker = HTMLTextElision.placeholder(0)
        let parsed = Array(original[..<altStart]) + [marker.0, marker.1, marker.2, marker.3] + Array(original[altEnd...])
        let elision = HTMLTextElision(parsed: parsed, runs: [(Int32(altStart), Int32(altEnd))], original: original)

        let storage = HTMLTreeStorage(bytes: original, elision: elision)
        #expect(storage.elision == nil, "the elided parse was kept although an attribute holds a placeholder")
        let img = try #require(HTMLNode(storage.root, storage).first { $0.isElement && $0.tag == "img" })
        #expect(img.attribute("alt") == "A long alternative text")
    }

    @Test func aSafeElisionIsKept() throws {
        let html = Array("<p>A run of text long enough to be elided</p><img src=\"https://h/a.png\" alt=\"alt text\">".utf8)
        let elision = try #require(HTMLTextElision(html))
        let storage = HTMLTreeStorage(bytes: html, elision: elision)
        #expect(storage.elision != nil)
        let paragraph = try #require(HTMLNode(storage.root, storage).first { $0.isElement && $0.tag == "p" })
        #expect(TextNormalizer.visibleText(paragraph) == "A run of text long enough to be elided")
    }

    @Test func aPublishedFlagIsNoDate() throws {
        #expect(try scanSnippet("x", front: "title: T\npublished: true").date == nil)
        #expect(try scanSnippet("x", front: "title: T\npublished: true\ndate: 2012-12-03 21:13:08").date == "2012-12-03 21:13:08")
        #expect(try scanSnippet("x", front: "title: T\npublished: 2012-12-03").date == "2012-12-03")
        // RSSHub writes JavaScript's text for an unreadable date.
        #expect(try scanSnippet("x", front: "title: T\ndate: Invalid Date").date == nil)
    }
}
