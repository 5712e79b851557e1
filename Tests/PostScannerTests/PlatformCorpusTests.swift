import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Scores the scanner on the labelled platform files of `corpus/platforms` (WordPress, Ghost,
/// Medium, JSON Feed, RSS/Atom, Jekyll): every labelled image found, with its caption, and none
/// of the `not_images` (pixels, flare buttons, icons) reported.
@Suite struct PlatformCorpusTests {
    struct Label: Decodable {
        struct Item: Decodable {
            var item: String?
            var images: [Image]
            var cover: String?
        }
        struct Image: Decodable {
            var url: String
            var caption: String?
            var variants: [String]
        }
        var post: String
        var items: [Item]
        var not_images: [String]
    }

    /// The running score, printed at the end.
    struct Score {
        var labelled = 0, found = 0, extra = 0, captionsRight = 0, variantsFound = 0, variantsLabelled = 0
        var itemsRight = 0, items = 0, coversRight = 0, notImagesReported = 0
        var problems: [String] = []
    }

    @Test(.sharedData("corpus/platforms")) func platformCorpusMatchesLabels() throws {
        let corpus = try SharedData.url("corpus/platforms")
        let lines = try String(contentsOf: corpus.appendingPathComponent("labels.jsonl"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.isEmpty }
        let labels = try lines.map { try JSONDecoder().decode(Label.self, from: Data($0.utf8)) }
        #expect(labels.count >= 20)
        var score = Score()
        let scanner = PostScanner()
        for label in labels {
            let file = corpus.appendingPathComponent("posts").appendingPathComponent(label.post)
            let posts = try scanner.scan(fileAt: file, displayPath: label.post)
            compare(posts, with: label, into: &score)
        }
        for problem in score.problems { print(problem) }
        print("platform corpus score: images \(score.found)/\(score.labelled) found, \(score.extra) extra, "
              + "captions \(score.captionsRight)/\(score.labelled), variants \(score.variantsFound)/\(score.variantsLabelled), "
              + "items \(score.itemsRight)/\(score.items), covers \(score.coversRight)/\(score.items), "
              + "not-images reported \(score.notImagesReported)")
        #expect(score.found == score.labelled, "image recall below 100%")
        #expect(score.captionsRight == score.labelled, "captions below 100%")
        #expect(score.notImagesReported == 0, "a tracking pixel, button or icon was taken for an image")
        #expect(score.itemsRight == score.items, "posts of an export or feed missing, extra or out of order")
        // The one known miss: jekyll-003's `image` is shown only through a Liquid include (no cover by its label).
        let coverProblems = score.problems.filter { $0.contains(": cover ") }
        #expect(coverProblems.allSatisfy { $0.hasPrefix("jekyll-003.md") }, "covers: \(coverProblems)")
    }

    private func compare(_ posts: [ScannedPost], with label: Label, into score: inout Score) {
        score.items += label.items.count
        if posts.count != label.items.count {
            score.problems.append("\(label.post): \(posts.count) posts != \(label.items.count) labelled items")
        }
        for (offset, item) in label.items.enumerated() {
            guard offset < posts.count else { score.labelled += item.images.count; continue }
            let post = posts[offset]
            if item.item == nil || post.title == item.item { score.itemsRight += 1 } else {
                score.problems.append("\(label.post) #\(offset + 1): title \(post.title ?? "nil") != \(item.item ?? "nil")")
            }
            if post.cover?.trimmedWhitespace() == item.cover { score.coversRight += 1 } else {
                score.problems.append("\(label.post) #\(offset + 1): cover \(post.cover ?? "nil") != \(item.cover ?? "nil")")
            }
            let body = post.images.filter { $0.occurrences > 0 }
            let wanted = item.images.map(\.url)
            score.labelled += wanted.count
            for image in item.images {
                score.variantsLabelled += image.variants.count
                guard let mine = body.first(where: { $0.src == image.url }) else {
                    score.problems.append("\(label.post) #\(offset + 1): missing \(image.url)")
                    continue
                }
                score.found += 1
                score.variantsFound += image.variants.filter(mine.variants.contains).count
                if mine.caption == image.caption { score.captionsRight += 1 } else {
                    score.problems.append("\(label.post) #\(offset + 1): caption of …\(image.url.suffix(40)): \(mine.caption ?? "nil") != \(image.caption ?? "nil")")
                }
            }
            for mine in body where !wanted.contains(mine.src) {
                if label.not_images.contains(mine.src) || label.not_images.contains(mine.url ?? "") {
                    score.notImagesReported += 1
                    score.problems.append("\(label.post) #\(offset + 1): not an image: \(mine.src)")
                } else {
                    score.extra += 1
                    score.problems.append("\(label.post) #\(offset + 1): extra \(mine.src)")
                }
            }
        }
    }
}
