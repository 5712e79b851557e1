import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// The Liquid forms of Jekyll references in `corpus/platforms/jekyll-*` (captures rendered with
/// `markdownify`, `| absolute_url`, `{% include figure %}` fed by front matter, galleries from
/// front-matter arrays, `{% raw %}` examples): every labelled image, as written, with its caption.
@Suite struct JekyllLiquidCorpusTests {
    struct Label: Decodable {
        struct Item: Decodable { var images: [Image] }
        struct Image: Decodable { var url: String; var caption: String? }
        var post: String
        var items: [Item]
        var notImages: [String]
        enum CodingKeys: String, CodingKey { case post, items, notImages = "not_images" }
    }

    @Test(.sharedData("corpus/platforms")) func jekyllPostsMatchTheirLabels() throws {
        let platforms = try SharedData.url("corpus/platforms")
        let labels = try String(contentsOf: platforms.appendingPathComponent("labels.jsonl"), encoding: .utf8)
            .split(separator: "\n").filter { $0.contains("\"jekyll-") }
            .map { try JSONDecoder().decode(Label.self, from: Data($0.utf8)) }
        #expect(labels.count >= 5)
        var labelled = 0, found = 0, captions = 0
        var problems: [String] = []
        for label in labels {
            let post = try #require(try PostScanner().scan(fileAt: platforms.appendingPathComponent("posts/" + label.post), displayPath: label.post).first)
            let body = post.images.filter { $0.occurrences > 0 }
            let wanted = label.items.flatMap(\.images)
            labelled += wanted.count
            if body.map(\.src) != wanted.map(\.url) { problems.append("\(label.post): images \(body.map(\.src)) != \(wanted.map(\.url))") }
            for image in wanted {
                guard let mine = body.first(where: { $0.src == image.url }) else { continue }
                found += 1
                if mine.caption == image.caption { captions += 1 } else {
                    problems.append("\(label.post): caption of \(image.url): \(mine.caption ?? "nil") != \(image.caption ?? "nil")")
                }
            }
            for notImage in label.notImages where body.contains(where: { $0.src == notImage }) { problems.append("\(label.post): \(notImage) is not an image") }
        }
        for problem in problems { print(problem) }
        print("jekyll liquid score: images \(found)/\(labelled) found, captions \(captions)/\(labelled)")
        #expect(problems.isEmpty)
    }
}
