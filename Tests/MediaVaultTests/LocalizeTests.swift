import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import PostScanner
import TestSupport

/// `localize` on a small generated site of each generator, after a real `mirror` from the
/// loopback CDN: every archived reference points at a file the generator serves (checked
/// against the scanner's own resolver and the bytes served by the CDN), only those lines
/// change, a second run changes nothing, `--undo` gives back the original bytes, a post edited
/// after the plan is refused, and an image that was never archived stays remote and is listed.
@Suite(.serialized) struct LocalizeTests {
    /// Mirrors a fresh site of `kind` and returns the CDN, the site root and the original posts.
    private func mirroredSite(_ kind: LocalizeSites.Kind, withMissing: Bool = true) async throws
        -> (cdn: FetchCDN, root: URL, originals: [String: Data]) {
        let cdn = try FetchCDN()
        let root = cdn.posts.appendingPathComponent(kind.rawValue)
        let posts = try LocalizeSites.write(kind, at: root, withMissing: withMissing)
        var options = cdn.options()
        options.thumbnails = false
        let output = RecordingOutput()
        _ = await MirrorJob(options: options).run(inputs: [root.path], output: output)
        #expect(output.of("fetched").count >= 2, "\(kind): \(output.records.map(\.jsonLine)) \(output.diagnostics)")
        var originals: [String: Data] = [:]
        for post in posts { originals[post] = try Data(contentsOf: URL(fileURLWithPath: post)) }
        return (cdn, root, originals)
    }

    /// Writes a Hexo site named `name` whose post ends with `text`, mirrors it (no thumbnails) and
    /// returns the site, the post and the post's text before localize.
    private func mirroredHexoPost(appending text: String, named name: String, on cdn: FetchCDN) async throws -> (root: URL, post: String, before: String) {
        let root = cdn.posts.appendingPathComponent(name)
        let post = try #require(try LocalizeSites.write(.hexo, at: root).first)
        let before = try String(contentsOfFile: post, encoding: .utf8) + text
        try Data(before.utf8).write(to: URL(fileURLWithPath: post))
        var options = cdn.options()
        options.thumbnails = false
        _ = await MirrorJob(options: options).run(inputs: [root.path], output: RecordingOutput())
        return (root, post, before)
    }

    /// Runs localize in `mode` and returns its output and status.
    private func localize(_ root: URL, archive: URL, _ mode: Localizer.Mode) async throws -> (Int32, RecordingOutput) {
        let output = RecordingOutput()
        let status = try await Localizer(siteRoot: root.path, archive: archive).run(mode: mode, output: output)
        return (status, output)
    }

    @Test(arguments: LocalizeSites.Kind.allCases)
    func everyArchivedReferenceReachesAServedCopyOfItsImage(kind: LocalizeSites.Kind) async throws {
        let (cdn, root, originals) = try await mirroredSite(kind)
        defer { cdn.tearDown() }
        let site = try #require(Site.detect(root: root.path))
        let served = try (1...6).map { try Data(contentsOf: FetchCDN.images[$0 - 1]) }

        let (status, output) = try await localize(root, archive: cdn.archive, .write)
        #expect(status == 3, "the never-archived image is left remote: \(output.diagnostics)")
        let remote = output.of("remote")
        #expect(remote.compactMap { $0.string("url") }.allSatisfy { $0 == "https://open.test/gone.png" } && remote.count == originals.count,
                "\(remote.map(\.jsonLine))")
        #expect(output.of("localized").count == originals.count)

        for (post, before) in originals {
            let after = try String(contentsOfFile: post, encoding: .utf8)
            #expect(!after.contains("](https://open.test/1.png"), "\(post): \(after)")
            #expect(after.contains("https://open.test/gone.png"))
            // Every local reference written resolves, by the scanner's rules, to a copy of the CDN's bytes.
            let written = try Self.references(in: after)
            // Two body images and the 2x candidate, and the cover where the post has one (Pelican's and MkDocs' have none).
            #expect(written.count >= (kind == .pelican || kind == .mkdocs ? 3 : 4), "\(post): \(after)")
            for reference in written {
                let file = try #require(site.file(for: reference, inPost: post), "\(reference) in \(post)")
                #expect(file.exists, "\(reference) → \(file.path) (\(file.rule))")
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
                #expect(served.contains(bytes), "\(file.path) is not one of the served images")
            }
            // Only the lines with references changed (plus a cover's kept-original line).
            let oldLines = String(decoding: before, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let newLines = after.split(separator: "\n", omittingEmptySubsequences: false)
            let removed = oldLines.filter { !newLines.contains($0) }
            #expect(removed.allSatisfy { $0.contains("https://open.test/") }, "\(removed)")
            #expect(newLines.contains("Intro paragraph that stays as it is.") && newLines.contains("Closing paragraph."))
        }

        // Hexo publishes `source/` minus `_`-prefixed folders: the files are there, at the root-relative path.
        if kind == .hexo {
            let placed = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("source/images/archived").path)
            // 1.png, 3.png (the 2x candidate the mirror chose for the <img>) and the cover 4.png.
            #expect(placed.count == 3 && placed.allSatisfy { $0.hasPrefix("harbour-walk-") }, "\(placed)")
            let text = try String(contentsOfFile: try #require(originals.keys.first), encoding: .utf8)
            for name in placed { #expect(text.contains("/blog/images/archived/\(name)"), "\(name) not referenced root-relative under root /blog") }
        }

        // A second run is a no-op; undo restores every post byte for byte.
        let snapshot = try originals.keys.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let (_, again) = try await localize(root, archive: cdn.archive, .write)
        #expect(again.of("localized").isEmpty && again.of("placed").isEmpty, "\(again.records.map(\.jsonLine))")
        #expect(again.of("remote").compactMap { $0.string("url") } == remote.compactMap { $0.string("url") }, "only the never-archived image is still remote")
        #expect(try originals.keys.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == snapshot)
        let (undoStatus, undone) = try await localize(root, archive: cdn.archive, .undo)
        #expect(undoStatus == 0 && undone.of("restored").count == originals.count, "\(undone.diagnostics)")
        for (post, before) in originals { #expect(try Data(contentsOf: URL(fileURLWithPath: post)) == before, "\(post) not restored exactly") }
    }

    @Test func dryRunPrintsADiffAndWritesNothing() async throws {
        let (cdn, root, originals) = try await mirroredSite(.jekyll)
        defer { cdn.tearDown() }
        let (_, output) = try await localize(root, archive: cdn.archive, .dryRun)
        let diff = try #require(output.of("diff").first?.string("diff"))
        #expect(diff.contains("--- a/_posts/2024-03-04-harbour-walk.md") && diff.contains("-[![The harbour](https://open.test/1.png \"Harbour\")](https://open.test/1.png)"), "\(diff)")
        #expect(diff.contains("+[![The harbour](/blog/images/archived/harbour-walk-"), "\(diff)")
        #expect(output.of("place").count == 3)
        for (post, before) in originals { #expect(try Data(contentsOf: URL(fileURLWithPath: post)) == before) }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("images").path))
    }

    @Test func aPostEditedAfterThePlanIsRefused() async throws {
        let (cdn, root, originals) = try await mirroredSite(.pelican)
        defer { cdn.tearDown() }
        let localizer = try Localizer(siteRoot: root.path, archive: cdn.archive)
        let output = RecordingOutput()
        let plans = try await localizer.plan(mode: .write, output: output)
        let post = try #require(originals.keys.first)
        let edited = Data((String(decoding: originals[post]!, as: UTF8.self) + "\nA line the author added.\n").utf8)
        try edited.write(to: URL(fileURLWithPath: post))
        #expect(localizer.apply(plans, mode: .write, output: output) == 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: post)) == edited)
        #expect(output.diagnostics.contains { $0.contains("changed since it was read") }, "\(output.diagnostics)")
    }

    @Test func mirrorRewriteToWritesALocalizedCopyOfADetectedSite() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let root = cdn.posts.appendingPathComponent("hugo")
        let posts = try LocalizeSites.write(.hugo, at: root)
        let originals = try posts.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let copy = cdn.archive.deletingLastPathComponent().appendingPathComponent("localized-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: copy) }
        var options = cdn.options()
        options.thumbnails = false
        options.rewriteTo = copy
        let output = RecordingOutput()
        let status = await MirrorJob(options: options).run(inputs: [root.path], output: output)
        #expect(status == 0, "\(output.records.map(\.jsonLine)) \(output.diagnostics)")
        #expect(output.of("summary").count == 1 && output.records.last?.type == "summary")
        #expect(output.of("localized").count == posts.count && output.of("rewritten").isEmpty)
        // The original site is untouched; the copy is the whole site (layouts and configuration too), localized.
        #expect(try posts.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == originals)
        #expect(FileManager.default.fileExists(atPath: copy.appendingPathComponent("layouts/_default/single.html").path))
        let site = try #require(Site.detect(root: copy.path))
        for post in posts {
            let copied = copy.path + post.dropFirst(root.path.count)
            let text = try String(contentsOfFile: copied, encoding: .utf8)
            #expect(!text.contains("](https://open.test"), "\(text)")
            for reference in try Self.references(in: text) {
                let file = try #require(site.file(for: reference, inPost: copied))
                #expect(file.exists && file.path.hasPrefix(copy.path + "/"), "\(reference) → \(file.path)")
            }
        }
    }

    @Test func addDimensionsGivesImgTheArchivedSizeAndUndoRemovesIt() async throws {
        let (cdn, root, originals) = try await mirroredSite(.jekyll, withMissing: false)
        defer { cdn.tearDown() }
        var localizer = try Localizer(siteRoot: root.path, archive: cdn.archive)
        localizer.addDimensions = true
        #expect(await localizer.run(mode: .write, output: RecordingOutput()) == 0)
        let post = try #require(originals.keys.first)
        let text = try String(contentsOfFile: post, encoding: .utf8)
        // The <img> shows 3.png (its 2x candidate, the one mirrored): FetchCDN draws image n at (40 + 8n) × (30 + 4n).
        #expect(text.contains(#" width="64" height="42" "#), "\(text)")
        let (status, undone) = try await localize(root, archive: cdn.archive, .undo)
        #expect(status == 0, "\(undone.diagnostics)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: post)) == originals[post])
    }

    @Test func hexoAssetFolderPlacesFilesBesideThePostUnderItsPermalink() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let root = cdn.posts.appendingPathComponent("hexo-assets")
        let post = try #require(try LocalizeSites.write(.hexo, at: root).first)
        let config = root.appendingPathComponent("_config.yml")
        try Data(try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "post_asset_folder: false", with: "post_asset_folder: true").utf8).write(to: config)
        var options = cdn.options()
        options.thumbnails = false
        _ = await MirrorJob(options: options).run(inputs: [root.path], output: RecordingOutput())
        let (status, output) = try await localize(root, archive: cdn.archive, .write)
        #expect(status == 0, "\(output.diagnostics)")
        // Hexo publishes source/_posts/harbour-walk/ at the permalink :year/:month/:day/:title/ under root /blog.
        let placed = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("source/_posts/harbour-walk").path)
        #expect(placed.count == 3, "\(placed)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("source/images").path))
        let text = try String(contentsOfFile: post, encoding: .utf8)
        let site = try #require(Site.detect(root: root.path))
        for name in placed {
            let reference = "/blog/2024/03/04/harbour-walk/\(name)"
            #expect(text.contains(reference), "\(text)")
            // The scanner's own Hexo rules find the file behind that URL.
            #expect(site.file(for: reference, inPost: post)?.path == root.appendingPathComponent("source/_posts/harbour-walk/\(name)").path)
        }
    }

    @Test func aMarkdownImageInsideAnHTMLBlockIsLocalizedAndRestored() async throws {
        // `<figure>` then `![…](…)` with no blank line: CommonMark keeps it raw HTML, the scanner reads the image.
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let block = "\n<figure>\n![Lighthouse](https://open.test/6.png)\n<figcaption>The lighthouse</figcaption>\n</figure>\n"
        let (root, post, before) = try await mirroredHexoPost(appending: block, named: "hexo-html-block", on: cdn)
        let (status, output) = try await localize(root, archive: cdn.archive, .write)
        #expect(status == 0, "\(output.diagnostics)")
        let after = try String(contentsOfFile: post, encoding: .utf8)
        #expect(!after.contains("](https://open.test/6.png)"), "\(after)")
        let site = try #require(Site.detect(root: root.path))
        let served = try Data(contentsOf: FetchCDN.images[5])
        let line = try #require(after.split(separator: "\n").first { $0.hasPrefix("![Lighthouse](") })
        let reference = String(line.dropFirst("![Lighthouse](".count).prefix { $0 != ")" })
        let file = try #require(site.file(for: reference, inPost: post), "\(reference)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == served)
        let (undoStatus, _) = try await localize(root, archive: cdn.archive, .undo)
        #expect(undoStatus == 0)
        #expect(try String(contentsOfFile: post, encoding: .utf8) == before)
    }

    @Test func aLinkToTheFullSizeOpensTheLocalFileAndUndoRestoresIt() async throws {
        // A thumbnail linked to its full size (not fetched without --originals: the link is one of
        // the picture's URLs in the catalog), Blogger's link to the image it fetches and a text
        // link to an archived image point at the local file; a link to a page stays.
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let links = """

            <p><a href="https://open.test/full/5.png"><img src="https://open.test/5.png"></a></p>
            <p><a imageanchor="1" href='https://open.test/6.png'><img src="https://open.test/s320/6.png"></a></p>
            <p><a href="https://open.test/about.html"><img src="https://open.test/2.png"></a></p>
            <p>The <a href="https://open.test/5.png">photo alone</a>.</p>

            In Markdown: [the photo](https://open.test/5.png) and [![Again](https://open.test/1.png)](https://open.test/1.png "Open").

            """
        let (root, post, before) = try await mirroredHexoPost(appending: links, named: "hexo-links", on: cdn)
        let (status, output) = try await localize(root, archive: cdn.archive, .write)
        #expect(status == 0, "\(output.diagnostics)")
        let after = try String(contentsOfFile: post, encoding: .utf8)
        let site = try #require(Site.detect(root: root.path))
        let map = try PostSourceMap(text: after, path: post, postURL: nil, folder: nil)
        let hrefs = map.elements.filter { $0.tag == "a" }.compactMap { $0.attributes.first { $0.name == "href" }?.value }
        #expect(hrefs.count == 4 && hrefs[2] == "https://open.test/about.html", "\(hrefs)")
        for (href, image) in zip([hrefs[0], hrefs[1], hrefs[3]], [5, 6, 5]) {
            let file = try #require(site.file(for: href, inPost: post), "\(href)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == (try Data(contentsOf: FetchCDN.images[image - 1])), "\(href)")
        }
        #expect(after.contains(#"data-original-href="https://open.test/full/5.png""#) && after.contains("data-original-href='https://open.test/6.png'"), "\(after)")
        let markdownLinks = map.markdownLinks.map(\.url).suffix(2)  // the post's own picture link comes first
        #expect(markdownLinks.count == 2 && markdownLinks.allSatisfy { !$0.hasPrefix("https:") }, "\(markdownLinks)")
        for (link, image) in zip(markdownLinks, [5, 1]) {
            let file = try #require(site.file(for: link, inPost: post), "\(link)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == (try Data(contentsOf: FetchCDN.images[image - 1])), "\(link)")
        }
        let (undoStatus, _) = try await localize(root, archive: cdn.archive, .undo)
        #expect(undoStatus == 0)
        #expect(try String(contentsOfFile: post, encoding: .utf8) == before)
    }

    @Test func aGeneratorWithoutAKnownPublicFolderIsRefusedByName() throws {
        let root = try TestPaths.makeTemporaryFolder("localize-eleventy")
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("export default function(c) {}\n".utf8).write(to: root.appendingPathComponent("eleventy.config.js"))
        let archive = root.appendingPathComponent("archive")
        #expect {
            try Localizer(siteRoot: root.path, archive: archive)
        } throws: { error in
            let text = "\(error)"
            return text.contains("eleventy sites are not localized yet") && text.contains("astro") && text.contains("hexo")
        }
    }

    @Test func markersSurviveOddOriginals() throws {
        // A destination with `--` cannot sit in an HTML comment as it is: it is encoded and decoded back.
        let raw = "https://x.test/a--b%20c.png"
        let keeper = LocalizeMarkers.markdownKeeper(raw)
        #expect(!keeper.dropFirst(4).dropLast(3).contains("--"))
        let encoded = keeper.dropFirst(LocalizeMarkers.markdownEncoded.count).dropLast(LocalizeMarkers.markdownEnd.count)
        #expect(LocalizeMarkers.decode(String(encoded)) == raw)
        #expect(LocalizeMarkers.frontMatterKeeper(key: "cover", raw: "it's.png", indent: "", toml: false) == "cover_original_encoded: 'it%27s.png'\n")
    }

    /// Local image references written by localize (Markdown destinations, src/srcset values, cover values).
    static func references(in text: String) throws -> [String] {
        let pattern = #"(?:\]\(|src="|, |cover: |image: |cover = "|Image: '?)((?:\{static\})?/?[^ "()'>\n]*archived/[^ "()'>\n]+|harbour-walk-[^ "()'>\n]+|plain-page-[^ "()'>\n]+)"#
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
    }
}
