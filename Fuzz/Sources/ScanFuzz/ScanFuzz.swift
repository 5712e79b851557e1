import Foundation
@testable import PostScanner

/// libFuzzer entry point: scans the input as a Markdown post, an HTML file, a feed, or an
/// AsciiDoc, Org, MDX or reStructuredText post (the first byte picks which, so one corpus
/// exercises every path). Any `ScanError` is an accepted outcome; a crash, trap, hang or leak is
/// a finding. Every input that is valid UTF-8 is also parsed as HTML twice, as it is and with
/// its text runs elided (`HTMLTextElision`): the two trees must be identical, so any tokenizer
/// state the elision gets wrong is a finding too.
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
    }
    return 0
}
