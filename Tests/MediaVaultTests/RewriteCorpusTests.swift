import Foundation
import Testing
@testable import MediaVault
import PostScanner
import TestSupport

/// The rewriter can only replace what the source map locates: on the 93 real posts of the corpus,
/// every image the scanner finds must have a spliceable place in the source (an `<img>`/`<source>`
/// attribute, a Markdown destination or a front-matter cover line).
struct RewriteCorpusTests {
    @Test(.sharedData("corpus/posts")) func everyScannedImageHasASourceSite() throws {
        let posts = try SharedData.url("corpus/posts")
        var images = 0
        var located = 0
        var missing: [String] = []
        for item in InputWalker.expand([posts.path]).items {
            let text = String(decoding: try Data(contentsOf: item.file), as: UTF8.self)
            for post in try PostScanner().scan(fileAt: item.file, displayPath: item.displayPath) {
                let map = try PostSourceMap(text: text, path: item.displayPath, postURL: post.url, folder: item.file.deletingLastPathComponent())
                var sites = Set<String>()
                for element in map.elements where element.tag != "a" {  // a link is no place of an image
                    for attribute in element.attributes {
                        let values = PostSourceMap.srcsetAttributes.contains(attribute.name) ? PostSplicer.srcsetURLs(attribute.value) : [attribute.value]
                        for value in values { if let url = map.resolve(value) { sites.insert(url) } }
                    }
                }
                for image in map.markdownImages { if let url = map.resolve(image.url) { sites.insert(url) } }
                for cover in map.covers { if let url = map.resolve(cover.value) { sites.insert(url) } }
                try checkSplicing(text, map: map, path: item.displayPath)
                for image in post.images where !image.isPlaceholder {
                    guard let url = image.url else { continue }
                    images += 1
                    if sites.contains(url) { located += 1 } else { missing.append("\(item.displayPath): \(url)") }
                }
            }
        }
        print("RewriteCorpusTests: \(located)/\(images) scanned images have a source site")
        #expect(images > 300)
        #expect(missing.isEmpty, "\(missing.prefix(10))")
    }

    /// Splices a marker into every located value; mapping the result again must find exactly the
    /// markers, in order (a range off by one byte would break a quote or a tag and show here).
    private func checkSplicing(_ text: String, map: PostSourceMap, path: String) throws {
        var edits: [PostSplicer.Edit] = []
        var expected: [String] = []
        for (n, attribute) in map.elements.flatMap(\.attributes).enumerated() {
            edits.append(.init(range: attribute.valueRange, text: "m/\(n).jpg"))
            expected.append("m/\(n).jpg")
        }
        for (n, image) in map.markdownImages.enumerated() { edits.append(.init(range: image.destinationRange, text: "md/\(n).jpg")) }
        let spliced = String(decoding: PostSplicer.apply(edits, to: Array(text.utf8)), as: UTF8.self)
        let again = try PostSourceMap(text: spliced, path: path, postURL: nil, folder: nil)
        #expect(again.elements.flatMap(\.attributes).map(\.value) == expected, "\(path)")
        #expect(again.markdownImages.map(\.url) == map.markdownImages.indices.map { "md/\($0).jpg" }, "\(path)")
    }
}
