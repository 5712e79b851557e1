import ChildProcess
import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// Inputs and selection: host globs, a size window and `--since` leave images out as
/// `skipped` (never requested when the reason is known before), and inputs come from stdin or a list.
@Suite struct SelectionTests {
    @Test func filtersSkipImagesWithTheirReasonAndWithoutARequest() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        func post(_ name: String, date: String, urls: [String]) throws {
            let body = urls.map { "<p><img src=\"\($0)\"></p>" }.joined(separator: "\n")
            try "---\ntitle: \(name)\ndate: \(date)\n---\n<div>\n\(body)\n</div>\n"
                .write(to: cdn.posts.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try post("old.md", date: "2020-01-01 10:00:00", urls: ["https://open.test/1.png"])
        try post("new.md", date: "2024-06-01", urls: ["https://open.test/2.png", "https://open.test/5.png",
                                                        "https://guarded.test/3.png", "https://needref.test/4.png"])
        let sizes = try [2, 5].map { try FileManager.default.attributesOfItem(atPath: try FetchCDN.images[$0 - 1].path)[.size] as! Int }
        let (small, large) = sizes[0] < sizes[1] ? ("https://open.test/2.png", "https://open.test/5.png") : ("https://open.test/5.png", "https://open.test/2.png")
        var options = cdn.options()
        options.selection.since = "2023-01-01"
        options.selection.includeHosts = ["open.*", "NEEDREF.test"]
        options.selection.excludeHosts = ["needref.t?st"]
        options.selection.minBytes = Int64(sizes.min()! + 1)
        try cdn.server.clearLog()
        let (status, output) = await cdn.mirror(options)
        #expect(status == ExitStatus.success, "\(output.of("failed").map(\.jsonLine))")
        #expect(output.record("skipped", url: "https://open.test/1.png")?.string("reason") == "date-filter")
        #expect(output.record("skipped", url: "https://guarded.test/3.png")?.string("reason") == "host-filter")
        #expect(output.record("skipped", url: "https://needref.test/4.png")?.string("reason") == "host-filter", "exclude wins over include")
        #expect(output.record("skipped", url: small)?.string("reason") == "size-filter")
        #expect(output.record("fetched", url: large) != nil)
        #expect(output.records.last?["skipped"] == .int(4))
        // Host and date filters act before any request; the size filter after the download.
        let paths = Set(try cdn.server.requestLog().map { "\($0.host)\($0.path)" })
        #expect(paths == ["open.test/2.png", "open.test/5.png"], "\(paths)")
        #expect(try cdn.catalog().allObjects().count == 1)
        try cdn.expectOnlyGoodObjects()
    }

    @Test func postDatesAsGeneratorsAndFeedsWriteThem() {
        #expect(Selection.day(of: "2024-05-01T10:00:00+08:00") == "2024-05-01")
        #expect(Selection.day(of: "2021-12-31 09:07:31") == "2021-12-31")
        #expect(Selection.day(of: "Wed, 01 May 2024 10:00:00 +0000") == "2024-05-01")
        #expect(Selection.day(of: "yesterday") == nil)
        var selection = Selection()
        selection.since = "2024-01-01"
        #expect(selection.reason(forPostDate: "2023-12-31") == "date-filter")
        #expect(selection.reason(forPostDate: "2024-01-01") == nil)
        #expect(selection.reason(forPostDate: nil) == nil, "undated posts are kept")
        #expect(Selection.parseDay("2024-13-01") == nil)
    }

    @Test func inputsFromStdinAndFromAListFile() throws {
        let folder = try TestPaths.makeTemporaryFolder("inputs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = TestPaths.repositoryRoot.appendingPathComponent("Examples/posts/sample-post.md").path
        let other = TestPaths.repositoryRoot.appendingPathComponent("Examples/posts/douban-001.md").path
        // stdin: `find … | mediavault scan -`
        let output = try ChildProcess.run(EndToEndTests.binary.path, arguments: ["scan", "-", "--json"],
                                          input: Data("\(sample)\n\n# a comment\n\(other)\n".utf8), stderr: .null)
        #expect(output.termination == .exit(0))
        let stdout = output.stdoutText
        let posts = stdout.split(separator: "\n").filter { $0.contains(#""type":"post""#) }
        #expect(posts.count == 2 && posts[0].contains("sample-post.md") && posts[1].contains("douban-001.md"), "\(posts)")
        // --input-file, beside a named input.
        let list = folder.appendingPathComponent("inputs.txt")
        try "# posts to scan\n\(other)\n".write(to: list, atomically: true, encoding: .utf8)
        let listed = try EndToEndTests.run(["scan", sample, "--input-file", list.path, "--json"])
        #expect(listed.status == 0)
        #expect(listed.lines.filter { $0["type"] as? String == "post" }.count == 2)
        // No input at all, or an unreadable list: usage errors.
        #expect(try EndToEndTests.run(["scan"]).status == 64)
        let missing = try EndToEndTests.run(["mirror", "--input-file", folder.appendingPathComponent("none.txt").path, "--dry-run"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--input-file"))
        // The size window needs the archive.
        #expect(try EndToEndTests.run(["mirror", sample, "--download-only", folder.path, "--min-bytes", "1k"]).status == 64)
    }

    @Test func anArticlePageURLIsAnInputLikeAFeed() throws {
        let root = try TestPaths.makeTemporaryFolder("page-input")
        let archive = try TestPaths.makeTemporaryFolder("page-archive")
        defer { for folder in [root, archive] { try? FileManager.default.removeItem(at: folder) } }
        let site = root.appendingPathComponent("blog.test")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("2024"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("img"), withIntermediateDirectories: true)
        let image = try #require(try ExampleCDN.fixtureImages().first { $0.pathExtension == "jpg" })
        try FileManager.default.copyItem(at: image, to: site.appendingPathComponent("img/a.jpg"))
        try """
            <!doctype html><html><head><title>A page</title></head><body><article><h1>A page</h1>
            <figure><img src="../img/a.jpg"><figcaption>The harbour at dawn</figcaption></figure></article></body></html>
            """.write(to: site.appendingPathComponent("2024/post.html"), atomically: true, encoding: .utf8)
        let server = try FixtureServer.start(manifests: [], hosts: nil, root: root)
        defer { server.stop() }
        let network = server.connectToBoth(host: "blog.test").flatMap { ["--connect-to", $0] } + ["--cacert", server.caCertificate.path]
        let run = try EndToEndTests.run(["mirror", "https://blog.test/2024/post.html", "--archive", archive.path, "--json"] + network)
        #expect(run.status == 0, "\(run.stderr)")
        // The relative image resolves against the page's URL.
        #expect(run.lines.contains { $0["type"] as? String == "fetched" && $0["url"] as? String == "https://blog.test/img/a.jpg" }, "\(run.stdout)")
        let caption = try EndToEndTests.run(["caption", "https://blog.test/img/a.jpg", "--archive", archive.path])
        #expect(caption.stdout.contains("The harbour at dawn"), "\(caption.stdout)")
    }
}
