import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Parsing with text runs elided (`HTMLTextElision`) must build exactly the tree gumbo builds
/// from the original text: compared node by node, text and attributes included.
@Suite struct HTMLTextElisionTests {
    /// The two outlines of `html`, and how many runs the elided parse replaced.
    private func outlines(_ html: String) -> (plain: String, elided: String, runs: Int) {
        let elided = HTMLDocument(html: html, elidingText: true)
        return (HTMLDocument(html: html).outline(), elided.outline(), elided.elidedRuns)
    }

    @Test(.sharedData("corpus/posts")) func corpusPostsParseToTheSameTree() throws {
        let folder = try SharedData.url("corpus/posts")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        var elidedRuns = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let (plain, elided, runs) = outlines(text)
            #expect(plain == elided, "\(file.lastPathComponent)")
            elidedRuns += runs
        }
        #expect(files.count >= 90)
        // The comparison means something only if text was actually elided in these posts.
        #expect(elidedRuns > files.count * 10)
    }

    @Test(.sharedData("testsuites/html5lib-tokenizer")) func html5libTokenizerInputsParseToTheSameTree() throws {
        let folder = try SharedData.url("testsuites/html5lib-tokenizer")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "test" }
        var inputs = 0, differing: [String] = []
        for file in files {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
            for test in json?["tests"] as? [[String: Any]] ?? [] {
                guard let input = test["input"] as? String else { continue }
                inputs += 1
                // Alone, and with a long text run before and after so that there is something to elide.
                for html in [input, "<p>a run of plain text here \(input) and another run of text</p>"] {
                    let (plain, elided, _) = outlines(html)
                    if plain != elided { differing.append(html) }
                }
            }
        }
        #expect(inputs > 1000)
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    /// Markup where a text-only scanner would lose track of the tokenizer: each must stay identical.
    @Test(arguments: [
        "<p>caption text &amp; more text after the reference</p>",
        "<p>caption text &amp more text after a reference without semicolon</p>",
        "<p>numeric &#x4e2d;&#25991; references inside a long run of text</p>",
        "<p title='a > b still inside the attribute'>text after the tag is plain</p>",
        "<p title=\"x\"y>unquoted values can hold quotes and the tag ends here</p>",
        "<!-- a comment > with a bracket and -- dashes --> text after the comment",
        "<!--> text after an abrupt empty comment <!---> and more text here",
        // Found by the fuzzer: `<!-->` ends the comment at once, so the `-->` below is inside the attribute.
        "<!--><a t=\"-->z#X>>g\">",
        "<!--><a title=\"--> a long run of text inside the attribute value\">link text after it</a>",
        "<!---><a title=\"--> a long run of text inside the attribute value\">link text after it</a>",
        "<![CDATA[ x > <a title=\"]]> a long run of text inside the attribute value\">link text after it</a>",
        "<svg><![CDATA[ x > <a title=\"]]> a long run of text after the cdata section\">text</a></svg>",
        "<? x > <a title=\"> a long run of text inside the attribute value\">link text after it</a>",
        "<svg><style> a <b title=\"</style> a long run of text inside the attribute value\">text</b></svg>",
        "<math><title> a <b title=\"</title> a long run of text inside the attribute value\">text</b></math>",
        "<svg><![CDATA[ a > <b title=\"]]><c title=\"> a long run of text inside the attribute value\">",
        "<noscript> a <b title=\"</noscript> a long run of text inside the attribute value\">text</b>",
        "<noembed> a <b title=\"</noembed> a long run of text inside the attribute value\">text</b>",
        "<iframe> a <b title=\"</iframe> a long run of text inside the attribute value\">text</b>",
        "<select><style> a <option title=\"</style> a long run of text inside the attribute value\">x</option></select>",
        "<select><textarea> a <option title=\"</textarea> a long run of text inside the attribute value\">x</option>",
        "<table><style> a <td title=\"</style> a long run of text inside the attribute value\">x</td></table>",
        "<template><style> a <p title=\"</style> a long run of text inside the attribute value\">x</p></template>",
        "<textarea> a </textareax> b <p title=\"</textarea> a long run of text inside the textarea\">x</p>",
        "<script> a </scriptx> b <p title=\"</script> a long run of text inside the script\">x</p>",
        "<!DOCTYPE html PUBLIC \"a>b <p title='\"> a long run of text after the doctype'>x</p>",
        "<a <b title=\"> a long run of text inside the attribute value\">link text after it</a>",
        "</p title=\"> a long run of text inside an end tag's attribute\"> text after the end tag",
        // Found by the fuzzer: gumbo 0.10 mis-parses numeric references from 0x80000000 up.
        "<g \u{01}=&#xffffffff>\">>/\">>/",
        "<p>&#xffffffff a long run of text after an overflowing reference</p>",
        "<p title=&#2147483648>a long run of text after the tag with the reference</p>",
        "</1 x > <a title=\"> a long run of text inside the attribute value\">link text after it</a>",
        "<script>var s = 'text that looks like <p>markup</p> inside script';</script> body text after",
        "<script><!--<script> double escaped </script> still script </script> body text",
        "<style>p { color: red } /* a long style text */</style> text after the style",
        "<textarea>text area content with <b>tags</b> as text</textarea> text after",
        "<title>a title with &amp; entity</title><body>body text of the page</body>",
        "<svg><![CDATA[ cdata text with > inside ]]> text in svg</svg> after the svg",
        "<![CDATA[ not foreign so a bogus comment > then text ]]> after",
        "<table>text inside a table is foster parented<tr><td>cell text here</td></tr></table>",
        "<frameset>ignored non whitespace text in frameset</frameset>",
        "<plaintext>everything after this is text <p> even tags",
        "<pre>\nleading newline of a pre element is dropped by the parser</pre>",
        "text before any tag starts the body implicitly<head><title>late</title>",
        "<select><option>an option text long enough</option>text in select</select>",
        "a line\r\nwith carriage returns\rinside a long run",
        "<p>text with a NUL \u{0} byte in the middle of the run</p>",
        "<p>unterminated tag at the end <img src=\"a.jpg",
        "<p>a lone < sign in text and more text after it</p>",
        "</ p>bogus end tag comment with > inside</p> text",
        "<p>a long run before &#xF0001; and a long run after the reference</p>",
        "<p>controls \u{01}\u{0B}\u{7F}\u{85} inside long runs of text</p>",
    ])
    func trickyMarkupParsesToTheSameTree(_ html: String) {
        let (plain, elided, _) = outlines(html)
        #expect(plain == elided)
    }

    /// gumbo turns noncharacters into U+FFFD: they must end a run (made from scalars: Swift
    /// string literals cannot hold them).
    @Test func noncharactersEndARun() {
        let noncharacters = [0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x2FFFF].compactMap(Unicode.Scalar.init).map(String.init)
        for character in noncharacters {
            let (plain, elided, runs) = outlines("<p>a long run of text \(character) and another long run of text</p>")
            #expect(plain == elided)
            #expect(runs == 2)
        }
    }

    @Test func textIsElidedAndReadBack() {
        let html = "<p>第一段很长的正文文字，没有任何标签。</p><p>caption &amp; credit line</p>"
        let document = HTMLDocument(html: html, elidingText: true)
        #expect(document.elidedRuns >= 2)
        var texts: [String] = []
        document.root.walk { if !$0.isElement { texts.append($0.text) } }
        #expect(texts == ["第一段很长的正文文字，没有任何标签。", "caption & credit line"])
    }

    @Test func documentsWithHighPlaneCharactersAreNotElided() {
        // U+F0000 is what the placeholders use: such a document is parsed as it is.
        let html = "<p>private use \u{F0001} character inside a long run</p>"
        let document = HTMLDocument(html: html, elidingText: true)
        #expect(document.elidedRuns == 0)
        #expect(document.outline() == HTMLDocument(html: html).outline())
    }
}
