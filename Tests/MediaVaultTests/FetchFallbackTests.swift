import ArchiveStore
import Foundation
import GRDB
import PostScanner
import Testing
@testable import MediaVault
import TestSupport

/// An image whose original is gone (a `data-orig-file`, a srcset's largest size, a forum's
/// `zoomfile` that 404s) is archived as the picture the post shows, fetched from its `src`
/// or lazy picture, under the image's URL, and found by every URL the post used for it.
@Suite struct FetchFallbackTests {
    @Test func aDeadOriginalIsArchivedAsThePictureThePostShows() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let post = try Self.writePost("""
        ---
        title: Fallbacks
        url: https://open.test/blog/p/
        ---
        <div><p><img src="https://open.test/1.png" data-orig-file="https://open.test/originals/1.png"></p>
        <p style="text-align:center">Dead original</p>
        <p><img src="/2.png" srcset="/2.png 1x, /big/2.png 2x"></p>
        <p><img src="https://open.test/missing-small.png" data-orig-file="https://open.test/3.png"></p>
        <p><img src="https://open.test/gone.png" data-orig-file="https://open.test/originals/gone.png"></p></div>
        """, on: cdn)
        let (status, output) = await cdn.mirror(inputs: [post])
        #expect(status == ExitStatus.partialFailure, "only the image with nothing left fails: \(output.diagnostics)")

        // The original failed, so the shown picture's bytes are archived under the original's URL.
        let first = try #require(output.record("fetched", url: "https://open.test/originals/1.png"), "\(output.records)")
        #expect(first.string("fallback") == "https://open.test/1.png")
        #expect(first.string("sha256") == (try FetchCDN.sha256(ofImage: 1)))
        let second = try #require(output.record("fetched", url: "https://open.test/big/2.png"), "\(output.records)")
        #expect(second.string("fallback") == "https://open.test/2.png", "a relative src resolved against the post")
        #expect(second.string("sha256") == (try FetchCDN.sha256(ofImage: 2)))
        // An original that answers is fetched alone: its small copy is never asked for.
        let third = try #require(output.record("fetched", url: "https://open.test/3.png"))
        #expect(third.string("fallback") == nil)
        let requested = try cdn.server.requestLog().map(\.path)
        #expect(!requested.contains("/missing-small.png"), "\(requested)")
        // Both gone: one failure, the original's reason, with both URLs said.
        let failed = try #require(output.record("failed", url: "https://open.test/originals/gone.png"), "\(output.records)")
        #expect(failed.string("reason") == "http-404")
        let message = failed.string("message") ?? ""
        #expect(message.contains("originals/gone.png") && message.contains("https://open.test/gone.png"), "\(message)")

        // The catalog: the image's URL maps to the shown picture's bytes, whose URL is its final URL;
        // the history has the original's 404 and then the fallback's 200.
        let catalog = try cdn.catalog()
        let mappings = try catalog.urlMappings(sha256: try FetchCDN.sha256(ofImage: 1))
        #expect(mappings.map(\.url) == ["https://open.test/originals/1.png"], "no second mapping for the fallback's own URL")
        #expect(mappings.first?.finalUrl == "https://open.test/1.png")
        let statuses = try await cdn.fetches("https://open.test/originals/1.png").map(\.status)
        #expect(statuses.first == 404 && statuses.last == 200, "\(statuses)")

        // caption finds it by the original's URL and by the picture's own.
        let lookup = CaptionLookup(archive: cdn.archive)
        for query in ["https://open.test/originals/1.png", "https://open.test/1.png"] {
            let found = RecordingOutput()
            #expect(lookup.run(query: query, output: found) == ExitStatus.success, "\(query): \(found.diagnostics)")
            #expect(found.of("caption").map { $0.string("caption") } == ["Dead original"], "\(query)")
        }
        // The relative `src` too, by the URL it resolved to.
        let shown = RecordingOutput()
        #expect(lookup.run(query: "https://open.test/2.png", output: shown) == ExitStatus.success, "\(shown.diagnostics)")
        #expect(shown.of("caption").first?.string("sha256") == (try FetchCDN.sha256(ofImage: 2)))

        // verify --repair brings a lost copy back from where its bytes came from: the original still fails.
        let sha = try FetchCDN.sha256(ofImage: 1)
        let folder = cdn.archive.appendingPathComponent("objects/\(sha.prefix(2))")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix(sha) })
        try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        var repairer = Repairer(archive: cdn.archive)
        repairer.connectTo = cdn.options().connectTo
        repairer.caCertificate = cdn.server.caCertificate.path
        let repair = RecordingOutput()
        #expect(await repairer.run(output: repair) == ExitStatus.success, "\(repair.records.map(\.jsonLine))")
        let repaired = repair.of("repaired").first { $0.string("sha256") == sha }
        #expect(repaired?.string("detail")?.contains("re-fetched from https://open.test/1.png") == true, "\(repair.records.map(\.jsonLine))")

        // A re-run finds both archived and asks for neither again.
        try cdn.server.clearLog()
        let again = await cdn.mirror(inputs: [post])
        #expect(again.output.record("skipped", url: "https://open.test/originals/1.png")?.string("reason") == "archived")
        #expect(again.output.record("skipped", url: "https://open.test/big/2.png")?.string("reason") == "archived")
        let asked = try cdn.server.requestLog().map(\.path)
        #expect(!asked.contains("/1.png") && !asked.contains("/2.png") && !asked.contains("/originals/1.png"), "\(asked)")
    }

    @Test func aPlainFolderKeepsThePictureThePostShowsUnderTheOriginalsName() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let post = try Self.writePost("""
        ---
        title: Fallbacks
        ---
        <p><img src="https://open.test/none.gif" zoomfile="https://open.test/attachment/5.png" file="https://open.test/5.png"></p>
        """, on: cdn)
        let folder = try TestPaths.makeTemporaryFolder("fallback-plain")
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = cdn.options()
        options.downloadOnly = folder
        let (status, output) = await cdn.mirror(options, inputs: [post])
        #expect(status == ExitStatus.success, "\(output.diagnostics)")
        let line = try #require(output.record("fetched", url: "https://open.test/attachment/5.png"), "\(output.records)")
        #expect(line.string("fallback") == "https://open.test/5.png", "the lazy picture, not the placeholder src")
        let saved = try #require(line.string("path"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: saved)) == (try Data(contentsOf: try FetchCDN.images[4])))
        #expect(!(try cdn.server.requestLog().map(\.path)).contains("/none.gif"))

        // Text output says it under the fetched line.
        let other = try TestPaths.makeTemporaryFolder("fallback-text")
        defer { try? FileManager.default.removeItem(at: other) }
        let network = FetchCDN.hosts.keys.flatMap { cdn.server.connectToBoth(host: $0) }.flatMap { ["--connect-to", $0] }
        let text = try EndToEndTests.run(["mirror", post.path, "--download-only", other.path, "--cacert", cdn.server.caCertificate.path] + network)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("that URL failed; kept the picture the post shows: https://open.test/5.png"), "\(text.stdout)")
    }

    @Test func aFallbackOnAnExcludedHostIsNeverAskedFor() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let post = cdn.posts.appendingPathComponent("p.md")
        try "---\ntitle: Excluded\n---\n<p><img src=\"https://open.test/1.png\" data-orig-file=\"https://needref.test/originals/1.png\"></p>\n"
            .write(to: post, atomically: true, encoding: .utf8)
        var options = cdn.options()
        options.selection.excludeHosts = ["open.test"]
        let (status, output) = await cdn.mirror(options, inputs: [post])
        #expect(status == ExitStatus.partialFailure, "\(output.records.map(\.jsonLine))")
        #expect(output.record("failed", url: "https://needref.test/originals/1.png")?.string("reason") == "http-404")
        #expect(!(try cdn.server.requestLog()).contains { $0.host == "open.test" }, "the excluded host got a request")
    }

    @Test func withOriginalsTheFullSizeOriginalIsAskedForFirst() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        // Weibo's original (`large/`) exists; Zhihu's (`_r`) does not; the WordPress original is
        // larger than --max-bytes allows, its copy is not.
        let files: [(path: String, image: Int)] = [("wx1.sinaimg.cn/large/006a.png", 4), ("wx1.sinaimg.cn/mw690/006a.png", 1),
                                                   ("pic1.zhimg.com/v2-b_720w.png", 2),
                                                   ("open.test/wp-content/uploads/c.png", 6), ("open.test/wp-content/uploads/c-300x200.png", 3)]
        try Self.serve(files, on: cdn)
        let post = try Self.writePost("""
        ---
        title: Originals
        ---
        <p><img src="https://wx1.sinaimg.cn/mw690/006a.png"></p>
        <p><img src="https://pic1.zhimg.com/v2-b_720w.png?source=8673f162"></p>
        <p><img src="https://open.test/wp-content/uploads/c-300x200.png"></p>
        """, on: cdn)
        let sizes = try (1...6).map { try Data(contentsOf: try FetchCDN.images[$0 - 1]).count }
        try #require(sizes.dropLast().allSatisfy { $0 < sizes[5] }, "the test needs image 6 the largest: \(sizes)")
        // Asked for in the configuration file (`originals: true`), as `--originals` asks.
        let config = cdn.posts.deletingLastPathComponent().appendingPathComponent("originals-\(UUID().uuidString.prefix(8)).yml")
        try "originals: true\n".write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        var options = cdn.options()
        options.configFile = config
        options.selection.maxBytes = Int64(sizes[5] - 1)  // every image but the WordPress original
        let (status, output) = await cdn.mirror(options, inputs: [post])
        #expect(status == ExitStatus.success, "\(output.records.map(\.jsonLine))")

        let weibo = try #require(output.record("fetched", url: "https://wx1.sinaimg.cn/mw690/006a.png"), "\(output.records.map(\.jsonLine))")
        #expect(weibo.string("original") == "https://wx1.sinaimg.cn/large/006a.png")
        #expect(weibo.string("sha256") == (try FetchCDN.sha256(ofImage: 4)), "the original's bytes")
        let zhihu = try #require(output.record("fetched", url: "https://pic1.zhimg.com/v2-b_720w.png?source=8673f162"))
        #expect(zhihu.string("original") == nil && zhihu.string("fallback") == nil)
        #expect(zhihu.string("sha256") == (try FetchCDN.sha256(ofImage: 2)), "no original: the copy shown")
        let wordpress = try #require(output.record("fetched", url: "https://open.test/wp-content/uploads/c-300x200.png"))
        #expect(wordpress.string("sha256") == (try FetchCDN.sha256(ofImage: 3)), "the original is over --max-bytes: the copy shown")
        let asked = try cdn.server.requestLog().map { $0.host + $0.path }
        #expect(asked.contains("pic1.zhimg.com/v2-b_r.png?source=8673f162"), "the original was asked for: \(asked)")
        #expect(!asked.contains("wx1.sinaimg.cn/mw690/006a.png"), "the copy is not asked for once the original came")

        // The catalog keeps the image under the URL the post shows, its original as final URL.
        let mappings = try cdn.catalog().urlMappings(sha256: try FetchCDN.sha256(ofImage: 4))
        #expect(mappings.map(\.url) == ["https://wx1.sinaimg.cn/mw690/006a.png"])
        #expect(mappings.first?.finalUrl == "https://wx1.sinaimg.cn/large/006a.png")
        // caption finds it by the original's URL too.
        let found = RecordingOutput()
        #expect(CaptionLookup(archive: cdn.archive).run(query: "https://wx1.sinaimg.cn/large/006a.png", output: found) == ExitStatus.success)
        #expect(found.of("caption").first?.string("sha256") == (try FetchCDN.sha256(ofImage: 4)), "\(found.records.map(\.jsonLine))")

        // Without --originals the copy shown is fetched, and nothing else.
        let other = try FetchCDN()
        defer { other.tearDown() }
        try Self.serve(files, on: other)
        let plain = await other.mirror(inputs: [post])
        #expect(plain.output.record("fetched", url: "https://wx1.sinaimg.cn/mw690/006a.png")?.string("sha256") == (try FetchCDN.sha256(ofImage: 1)))
        #expect(!(try other.server.requestLog()).contains { $0.path.contains("large") || $0.path.contains("_r.") })
    }

    @Test func withOriginalsTheFullSizeFileThePostLinksToIsAskedForFirst() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        // The first thumbnail's full-size file exists; the second's is gone (404), so the copy
        // shown is archived; the third links to its own page, which is no image file.
        try Self.serve([("open.test/full/a.png", 5), ("open.test/thumb/a.png", 1), ("open.test/thumb/b.png", 2), ("open.test/thumb/c.png", 3),
                        ("open.test/full/d.png", 6), ("open.test/thumb/d.png", 4)], on: cdn)
        let post = try Self.writePost("""
        ---
        title: Linked
        ---
        <p><a href="https://open.test/full/a.png"><img src="https://open.test/thumb/a.png"></a></p>
        <p><a href="https://open.test/full/b.png"><img src="https://open.test/thumb/b.png"></a></p>
        <p><a href="https://open.test/c.html"><img src="https://open.test/thumb/c.png"></a></p>

        [![d](https://open.test/thumb/d.png)](https://open.test/full/d.png)
        """, on: cdn)
        var options = cdn.options()
        options.originals = true
        options.rewriteTo = cdn.posts.deletingLastPathComponent().appendingPathComponent("offline-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: options.rewriteTo!) }
        let (status, output) = await cdn.mirror(options, inputs: [post])
        #expect(status == ExitStatus.success, "\(output.records.map(\.jsonLine))")

        // The offline copy: each link to a full size that was archived opens the local file, as
        // the picture shows it; the link to a page stays. The links are not counted as images.
        let rewritten = try #require(output.of("rewritten").first, "\(output.records.map(\.jsonLine))")
        #expect(rewritten.int("images") == 4, "\(rewritten.jsonLine)")
        let copy = try String(contentsOfFile: try #require(rewritten.string("path")), encoding: .utf8)
        let map = try PostSourceMap(text: copy, path: "p.md", postURL: nil, folder: nil)
        let hrefs = map.elements.filter { $0.tag == "a" }.compactMap { $0.attributes.first?.value }
        let srcs = map.elements.filter { $0.tag == "img" }.compactMap { $0.attributes.first { $0.name == "src" }?.value }
        #expect(hrefs.count == 3 && Array(hrefs.prefix(2)) == Array(srcs.prefix(2)) && hrefs[0].hasPrefix("media/"), "\(hrefs) \(srcs)")
        #expect(hrefs[2] == "https://open.test/c.html" && copy.contains(#"data-original-href="https://open.test/full/a.png""#), "\(copy)")
        #expect(map.markdownLinks.map(\.url) == map.markdownImages.map(\.url) && map.markdownLinks.first?.url.hasPrefix("media/") == true,
                "the Markdown link opens the file its picture shows: \(copy)")
        #expect(copy.contains("<!-- original: https://open.test/full/d.png -->"), "\(copy)")

        let first = try #require(output.record("fetched", url: "https://open.test/thumb/a.png"), "\(output.records.map(\.jsonLine))")
        #expect(first.string("original") == "https://open.test/full/a.png")
        #expect(first.string("sha256") == (try FetchCDN.sha256(ofImage: 5)), "the full size's bytes")
        let second = try #require(output.record("fetched", url: "https://open.test/thumb/b.png"))
        #expect(second.string("sha256") == (try FetchCDN.sha256(ofImage: 2)), "the full size is gone: the copy shown")
        let asked = try cdn.server.requestLog().map(\.path)
        #expect(asked.contains("/full/b.png") && !asked.contains("/thumb/a.png") && !asked.contains("/c.html"), "\(asked)")
        // caption finds the picture by the file it links to.
        let found = RecordingOutput()
        #expect(CaptionLookup(archive: cdn.archive).run(query: "https://open.test/full/b.png", output: found) == ExitStatus.success)
        #expect(found.of("caption").first?.string("sha256") == (try FetchCDN.sha256(ofImage: 2)), "\(found.records.map(\.jsonLine))")
    }

    @Test func aStopBetweenAnOriginalAndTheURLKeepsTheOriginalsRequestInTheHistory() throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        try Self.serve([("open.test/thumb/a.png", 1)], on: cdn)  // its full size is gone (404)
        let post = try Self.writePost("""
        ---
        title: Stopped
        ---
        <p><a href="https://open.test/full/a.png"><img src="https://open.test/thumb/a.png"></a></p>
        """, on: cdn)
        let network = cdn.server.connectToBoth(host: "open.test").flatMap { ["--connect-to", $0] } + ["--cacert", cdn.server.caCertificate.path]
        // The real binary, paced: SIGINT arrives after the original failed, before the URL is asked for.
        let mirror = try BinaryProcess(["mirror", post.path, "--archive", cdn.archive.path, "--originals", "--no-thumbnails", "--json"] + network,
                                       environment: ["MEDIAVAULT_FAULT_PACE": "0.3"])
        #expect(mirror.waitForStderr("fault: inside the original of https://open.test/thumb/a.png failed"), "\(mirror.stderr)")
        mirror.send(SIGINT)
        #expect(mirror.wait() == 130, "\(mirror.stderr)")
        #expect(mirror.lines.last?["not_started"] as? Int == 1, "\(mirror.stdout)")
        let asked = try cdn.server.requestLog().map(\.path)
        #expect(asked.contains("/full/a.png") && !asked.contains("/thumb/a.png"), "\(asked)")

        let catalog = try Catalog(readingFile: cdn.archive.appendingPathComponent("catalog.sqlite"))
        let history = try catalog.database.read {
            try Row.fetchAll($0, sql: "SELECT request_url, status FROM fetch WHERE url = ?", arguments: ["https://open.test/thumb/a.png"])
        }
        #expect(history.map { "\($0["request_url"] as String? ?? "") \($0["status"] as Int? ?? 0)" } == ["https://open.test/full/a.png 404"], "\(history)")
    }

    @Test func theOriginalsKeyIsParsedAndAMistakeNamesIt() throws {
        #expect(try MirrorConfig.parse("originals: yes\n", file: "c.yml").originals)
        #expect(try !MirrorConfig.parse("user_agent: x\n", file: "c.yml").originals)
        let error = try #require(throws: ConfigError.self) { try MirrorConfig.parse("originals: sometimes\n", file: "c.yml") }
        #expect(error.key == "originals" && error.line == 1 && error.description.contains("sometimes is not true or false"), "\(error)")
    }

    /// Writes `text` as the post `p.md` of `cdn`'s posts folder.
    static func writePost(_ text: String, on cdn: FetchCDN) throws -> URL {
        let post = cdn.posts.appendingPathComponent("p.md")
        try text.write(to: post, atomically: true, encoding: .utf8)
        return post
    }

    /// Serves, at `path` on `cdn`, a copy of its image `image` (1 to 6) for each file.
    static func serve(_ files: [(path: String, image: Int)], on cdn: FetchCDN) throws {
        for file in files {
            let target = cdn.root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: try FetchCDN.images[file.image - 1], to: target)
        }
    }
}
