import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Scores the scanner on the real site trees of `corpus/sites/`: every labelled image found,
/// its caption, and the file on disk it resolves to (or a missing file reported as such).
@Suite struct SiteCorpusTests {
    /// Counts over every site.
    struct Score {
        var labelled = 0, found = 0, captions = 0, files = 0, extra = 0, notImagesFound = 0
        var covers = 0, coversRight = 0, posts = 0, postsRight = 0
        var problems: [String] = []
        var pending: [String] = []
    }

    @Test(.sharedData("corpus/sites")) func everySiteMatchesItsLabels() throws {
        let sites = try SiteCorpus.load(SharedData.url("corpus/sites"))
        #expect(sites.count >= 6)
        let parent = try TestPaths.makeTemporaryFolder("site-corpus")
        defer { try? FileManager.default.removeItem(at: parent) }
        var score = Score()
        for site in sites {
            let root = try site.workingCopy(in: parent)
            try check(site, root: root, into: &score)
            // The folder above a site root (a theme repository around its exampleSite) adds no post.
            let above = parent.appendingPathComponent(site.name).standardizedFileURL.path
            let posts = InputWalker.expand([above]).items.map { String($0.path.dropFirst(root.standardizedFileURL.path.count + 1)) }
            if posts.sorted() != site.labels.map(\.post).sorted() { score.problems.append("\(site.name): walking \(above) reads \(posts)") }
        }
        for problem in score.problems { print(problem) }
        for note in score.pending { print("labelled non-image taken for an image: \(note)") }
        print("site corpus score: images \(score.found)/\(score.labelled) found, captions \(score.captions)/\(score.labelled), "
              + "local files \(score.files)/\(score.labelled) right, covers \(score.coversRight)/\(score.covers), "
              + "posts \(score.postsRight)/\(score.posts) with the right site and generator, \(score.extra) extra images, "
              + "\(score.notImagesFound) labelled non-images taken for images")
        #expect(score.labelled > 0)
        #expect(score.problems.isEmpty)
        #expect(score.notImagesFound == 0, "tracking pixels and other labelled non-images are not images")
    }

    /// Scans one site the way `mirror SITE` walks it and compares each post with its label.
    private func check(_ site: SiteCorpus, root: URL, into score: inout Score) throws {
        let rootPath = root.standardizedFileURL.path
        let scanner = PostScanner()
        var posts: [String: ScannedPost] = [:]
        try InputWalker.walk([rootPath], found: { item in
            for post in try scanner.scan(filePath: item.path, displayPath: item.relativePath) { posts[item.relativePath] = post }
        }, failed: { score.problems.append("\(site.name): \($0)") })
        let labelled = Set(site.labels.map(\.post))
        for path in posts.keys.sorted() where !labelled.contains(path) {
            score.problems.append("\(site.name): \(path) read as a post (code, theme or build output?)")
        }
        for label in site.labels {
            score.posts += 1
            guard let post = posts[label.post] else {
                score.problems.append("\(site.name): \(label.post) not found by the walk")
                continue
            }
            if post.siteRoot == rootPath, post.generator == site.info.generatorName { score.postsRight += 1 } else {
                score.problems.append("\(site.name)/\(label.post): site \(post.siteRoot ?? "nil") \(post.generator ?? "nil"), wanted \(rootPath) \(site.info.generatorName)")
            }
            compare(label, with: post, site: site.name, root: rootPath, into: &score)
        }
    }

    private func compare(_ label: SiteCorpus.Label, with post: ScannedPost, site: String, root: String, into score: inout Score) {
        let name = "\(site)/\(label.post)"
        let body = post.images.filter { $0.occurrences > 0 }
        for image in label.images {
            score.labelled += 1
            guard let mine = body.first(where: { $0.src == image.ref }) else {
                score.problems.append("\(name): image \(image.ref) not found (got \(body.map(\.src)))")
                continue
            }
            score.found += 1
            if mine.caption == image.caption { score.captions += 1 } else {
                score.problems.append("\(name): caption of \(image.ref): \(mine.caption ?? "nil") != \(image.caption ?? "nil")")
            }
            let local = mine.url.flatMap(URL.init(string:)).flatMap { $0.isFileURL ? $0.standardizedFileURL.path : nil }
            let right: Bool
            if let file = image.file {
                right = local == root + "/" + file && !mine.missingFile
            } else {
                // Remote, or a local reference to a file that is not there: reported as missing.
                right = local == nil ? !image.ref.hasPrefix("/") && ImageURL.hasScheme(image.ref) : mine.missingFile
            }
            if right { score.files += 1 } else {
                score.problems.append("\(name): \(image.ref) resolved to \(local ?? mine.url ?? "nil") (missing: \(mine.missingFile)), wanted \(image.file ?? "no file")")
            }
        }
        let refs = Set(label.images.map(\.ref))
        for extra in body where !refs.contains(extra.src) {
            if label.notImages?.contains(extra.src) == true {
                score.notImagesFound += 1
                score.pending.append("\(name): \(extra.src)")
            } else {
                score.extra += 1
                score.problems.append("\(name): extra image \(extra.src)")
            }
        }
        if let cover = label.cover, let file = cover.file {
            score.covers += 1
            let covers = post.images.filter(\.isCover).compactMap { $0.url.flatMap(URL.init(string:))?.standardizedFileURL.path }
            if covers == [root + "/" + file] { score.coversRight += 1 } else {
                score.problems.append("\(name): cover \(covers) != \(file)")
            }
        } else if post.images.contains(where: \.isCover) {
            score.problems.append("\(name): a cover was found where the label has none")
        }
    }
}
