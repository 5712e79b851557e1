import Foundation
import Testing
@testable import PostScanner

/// Markup nested thousands deep (unclosed `<div>`s, `<figure>`s): the tree is capped at the
/// depth browsers' parsers allow, nothing below is lost, and walks up from an image stay short.
@Suite struct NestingDepthTests {
    @Test func theTreeIsCappedAndKeepsEveryImageInOrder() throws {
        let html = (0..<3_000).map { "<div class=\"d\"><img src=\"https://x.example/\($0).png\">" }.joined()
        let document = HTMLDocument(html: html)
        var images: [HTMLNode] = []
        document.root.walk { if $0.tag == "img" { images.append($0) } }
        #expect(images.count == 3_000)
        #expect(images.map { $0.attribute("src") } == (0..<3_000).map { "https://x.example/\($0).png" })
        let deepest = images.map { image -> Int in
            var depth = 0
            var current = image.parent
            while let node = current { depth += 1; current = node.parent }
            return depth
        }.max() ?? 0
        #expect(deepest <= 130, "an image is \(deepest) elements deep")

        let posts = try PostScanner().scan(data: Data(html.utf8), displayPath: "deep.html", baseFolder: nil)
        #expect(posts.first?.images.count == 3_000)
    }

    @Test func shallowMarkupIsUntouched() {
        let html = "<div><figure><a href=\"https://x.example/big.png\"><img src=\"https://x.example/a.png\"></a><figcaption>Cap</figcaption></figure></div>"
        var path: [String] = []
        HTMLDocument(html: html).root.walk { if $0.isElement { path.append($0.tag) } }
        #expect(path == ["html", "head", "body", "div", "figure", "a", "img", "figcaption"])
    }

    @Test func nestedFiguresTooLargeToBeOnePictureGiveNoCaption() throws {
        // Each image's own figure holds all the later ones (200 deep, under the cap): only the
        // innermost is small enough to be a captioned picture.
        let html = (0..<100).map { "<figure><img src=\"https://x.example/\($0).png\">" }.joined() + "<figcaption>Last</figcaption>"
        let post = try #require(try PostScanner().scan(data: Data(html.utf8), displayPath: "f.html", baseFolder: nil).first)
        #expect(post.images.count == 100)
        #expect(post.images.last?.caption == "Last")
        #expect(post.images.dropLast().allSatisfy { $0.caption == nil })
        // Below the cap the structure is flattened: every image is still there.
        let deep = (0..<1_000).map { "<figure><img src=\"https://x.example/\($0).png\">" }.joined()
        #expect(try PostScanner().scan(data: Data(deep.utf8), displayPath: "g.html", baseFolder: nil).first?.images.count == 1_000)
    }
}
