import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Compares the scanner with the hand-checked labels of the real-post corpus.
@Suite struct CorpusTests {
    struct Label: Decodable {
        struct Image: Decodable {
            var url: String
            var caption: String?
            var variants: [String]?
        }
        var post: String
        var images: [Image]
        var cover: String?
    }

    @Test(.sharedData("corpus")) func corpusMatchesLabels() throws {
        let corpus = try SharedData.url("corpus")
        let lines = try String(contentsOf: corpus.appendingPathComponent("labels.jsonl"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.isEmpty }
        let labels = try lines.map { try JSONDecoder().decode(Label.self, from: Data($0.utf8)) }
        var labelled = 0, found = 0, extra = 0, captionsRight = 0, variantsRight = 0, coversRight = 0, orderRight = 0
        var problems: [String] = []
        let scanner = PostScanner()
        for label in labels {
            let file = corpus.appendingPathComponent("posts").appendingPathComponent(label.post)
            let post = try #require(try scanner.scan(fileAt: file, displayPath: label.post).first)
            // Label images are the body's <img> elements: leave out a cover the body does not show.
            let body = post.images.filter { $0.occurrences > 0 }
            labelled += label.images.count
            let wanted = label.images.map(\.url)
            let got = body.map(\.src)
            found += wanted.filter(got.contains).count
            extra += got.filter { !wanted.contains($0) }.count
            if got == wanted { orderRight += 1 } else { problems.append("\(label.post): images \(got) != \(wanted)") }
            if post.cover == label.cover { coversRight += 1 } else { problems.append("\(label.post): cover \(post.cover ?? "nil") != \(label.cover ?? "nil")") }
            for image in label.images {
                guard let mine = body.first(where: { $0.src == image.url }) else { continue }
                if mine.caption == image.caption { captionsRight += 1 } else {
                    problems.append("\(label.post): caption of …\(image.url.suffix(30)): \(mine.caption ?? "nil") != \(image.caption ?? "nil")")
                }
                if mine.variants == (image.variants ?? []) { variantsRight += 1 } else {
                    problems.append("\(label.post): variants of …\(image.url.suffix(30)): \(mine.variants) != \(image.variants ?? [])")
                }
            }
            if let cover = label.cover, !post.images.contains(where: { $0.isCover && $0.src == cover }) {
                problems.append("\(label.post): no image marked as cover \(cover)")
            }
        }
        for problem in problems { print(problem) }
        print("corpus score: images \(found)/\(labelled) found, \(extra) extra, image lists in order \(orderRight)/\(labels.count), captions \(captionsRight)/\(labelled), variants \(variantsRight)/\(labelled), covers \(coversRight)/\(labels.count)")
        #expect(problems.isEmpty)
    }
}
