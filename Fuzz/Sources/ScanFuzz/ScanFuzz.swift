import Foundation
@testable import PostScanner

/// libFuzzer entry point: scans the input as a Markdown post, an HTML file, a feed, or an
/// AsciiDoc, Org, MDX or reStructuredText post (the first byte picks which, so one corpus
/// exercises every path). Any `ScanError` is an accepted outcome; a crash, trap, hang or leak is
/// a finding. Every input that is valid UTF-8 is also parsed as HTML twice, as it is and with
/// its text runs elided (`HTMLTextElision`): the two trees must be identical, so any tokenizer
/// state the elision gets wrong is a finding too. Markdown and HTML inputs are also mapped for
/// the rewriter (`PostSourceMap`), whose every range must lie inside the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func scanFuzzInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let data = Data(bytes: start, count: count)
    let names = ["post.md", "page.html", "feed.xml", "post.adoc", "post.mdx", "post.rst", "post.org"]
    let name = names[Int(data[data.startIndex]) % names.count]
    do {
        _ = try PostScanner().scan(data: data, displayPath: name, baseFolder: URL(fileURLWithPath: "/tmp/fuzz/"))
    } catch {
        precondition(error.input == name, "errors must name the input")
    }
    if let html = String(validating: data, as: UTF8.self) {
        let plain = HTMLDocument(html: html).outline()
        let elided = HTMLDocument(html: html, elidingText: true).outline()
        precondition(plain == elided, "eliding text changed the parse tree")
        if name == "post.md" || name == "page.html" { checkSourceMap(html, path: name) }
    }
    return 0
}

/// The source map the rewriter and localize splice by: every range it gives lies inside the
/// text and ends where it says (a range past the end would trap the splicer on a real post).
func checkSourceMap(_ text: String, path: String) {
    guard let map = try? PostSourceMap(text: text, path: path, postURL: "https://blog.example/p/", folder: nil) else { return }
    let count = text.utf8.count
    for attribute in map.elements.flatMap(\.attributes) {
        precondition(attribute.valueRange.lowerBound >= 0 && attribute.valueRange.upperBound <= attribute.end && attribute.end <= count,
                     "an attribute's range lies outside the text")
    }
    for destination in map.markdownImages + map.markdownLinks {
        precondition(destination.destinationRange.lowerBound >= 0 && destination.destinationRange.upperBound <= destination.end
                     && destination.end <= count, "a Markdown destination's range lies outside the text")
    }
    for cover in map.covers {
        precondition(cover.valueRange.upperBound <= cover.lineEnd && cover.lineEnd <= count, "a cover's range lies outside the text")
    }
}
