import Foundation
import Testing
@testable import MediaVault
import PostScanner
import TestSupport

/// The heart of `localize`: a site of each kind, with its images on the loopback CDN, is
/// mirrored and localized, then built by its real generator and every built page is loaded in
/// headless Chromium with every host but 127.0.0.1 unresolvable: every `<img>`, every `srcset`
/// candidate and every picture's link (to its full size) must decode. Hexo needs npm, which the test machines cannot reach: its
/// check (LocalizeTests) is on the files Hexo publishes and the root-relative paths.
@Suite(.serialized) struct LocalizeGeneratorTests {
    @Test(LocalizeBuild.available(.hugo)) func hugoBuiltPagesShowEveryImageOffline() async throws { try await check(.hugo) }
    @Test(LocalizeBuild.available(.jekyll)) func jekyllBuiltPagesShowEveryImageOffline() async throws { try await check(.jekyll) }
    @Test(LocalizeBuild.available(.pelican)) func pelicanBuiltPagesShowEveryImageOffline() async throws { try await check(.pelican) }
    @Test(LocalizeBuild.available(.mkdocs)) func mkdocsBuiltPagesShowEveryImageOffline() async throws { try await check(.mkdocs) }

    /// Mirror, localize, build with the real generator, load every page offline.
    private func check(_ kind: LocalizeSites.Kind) async throws {
        // Reached without the tools only with CI=true, where that is a failure.
        try #require(LocalizeBuild.skipReason(kind) == nil, "\(LocalizeBuild.skipReason(kind) ?? "") (CI=true requires it)")
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let root = cdn.posts.appendingPathComponent(kind.rawValue)
        let posts = try LocalizeSites.write(kind, at: root)
        var options = cdn.options()
        options.thumbnails = false
        let mirrored = RecordingOutput()
        _ = await MirrorJob(options: options).run(inputs: [root.path], output: mirrored)
        #expect(mirrored.of("failed").isEmpty, "\(mirrored.records.map(\.jsonLine))")
        let output = RecordingOutput()
        let status = try await Localizer(siteRoot: root.path, archive: cdn.archive).run(mode: .write, output: output)
        #expect(status == 0, "\(output.records.map(\.jsonLine)) \(output.diagnostics)")
        for post in posts { #expect(try !String(contentsOfFile: post, encoding: .utf8).contains("](https://"), "\(post) still has a remote Markdown image") }

        let (serve, path, built) = try LocalizeBuild.build(kind, root: root)
        let server = try LocalizeBuild.Server(folder: serve)
        defer { server.stop() }
        let pages = LocalizeBuild.pages(in: built, path: path)
        #expect(!pages.isEmpty)
        let probes = try LocalizeBuild.probe(pages: pages, server: server, serve: serve)

        // The network really is off: the CDN image cannot load in this browser.
        #expect(probes.first { $0.page == "control" }?.width == 0)
        let shown = probes.filter { $0.page != "control" }
        // Each post page shows its images (Pelican's index, category and author pages show them too).
        let postPages = Set(shown.map(\.page))
        #expect(postPages.count >= posts.count, "pages with images: \(postPages.sorted()) of \(pages)")
        #expect(shown.filter { $0.kind == "element" }.count >= 2 * posts.count, "\(shown)")
        #expect(shown.filter { $0.kind == "srcset" }.count >= 2 * posts.count)
        // The picture's link to its full size opens the local file too.
        #expect(shown.filter { $0.kind == "link" }.count >= posts.count, "\(shown)")
        let broken = shown.filter { $0.width == 0 }
        #expect(broken.isEmpty, "\(kind): not decoded: \(broken.map { "\($0.page) \($0.kind) \($0.url)" })")
        #expect(shown.allSatisfy { $0.url.hasPrefix("http://127.0.0.1:\(server.port)/") }, "\(shown.map(\.url))")

        if kind == .hugo, let page = pages.first(where: { $0.contains("harbour-walk") }) {
            // One picture for a person to look at (described in the README and the report).
            let shot = cdn.posts.deletingLastPathComponent().appendingPathComponent("localize-\(kind.rawValue)-screenshot.png")
            _ = try LocalizeBuild.chromium(["--screenshot=\(shot.path)"], url: "http://127.0.0.1:\(server.port)\(page)")
            #expect(FileManager.default.fileExists(atPath: shot.path))
            if let keep = ProcessInfo.processInfo.environment["MEDIAVAULT_KEEP_SCREENSHOT"] {
                try? FileManager.default.removeItem(atPath: keep)
                try FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: keep))
            }
            try? FileManager.default.removeItem(at: shot)
        }
    }
}
