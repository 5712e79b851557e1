import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// `mirror --download-only DIR`: the same Referer handling and checks as the archive, the images
/// as plain files under DIR/<host>/<path>, and no archive at all.
@Suite struct DownloadOnlyTests {
    private func options(_ cdn: FetchCDN, folder: URL) -> MirrorOptions {
        var options = cdn.options()
        options.downloadOnly = folder
        return options
    }

    private func files(under folder: URL) -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder.path)
        return (walker?.allObjects as? [String] ?? []).filter {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }.sorted()
    }

    @Test func eachHotlinkClassIsSavedAsAPlainFileAndNoArchiveIsMade() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let folder = cdn.root.appendingPathComponent("plain")
        try cdn.writePost("foreign.md", page: "https://blog.example/2024/post.html", urls: [
            "https://open.test/1.png", "https://guarded.test/2.png", "https://needref.test/3.png?v=2",
        ])
        try cdn.writePost("own.md", page: "https://blog.ownsite.test/2024/post.html", urls: ["https://ownsite.test/4.png"])
        let (status, output) = await cdn.mirror(options(cdn, folder: folder))
        #expect(status == ExitStatus.success, "\(output.of("failed").map(\.jsonLine))")
        #expect(files(under: folder) == ["guarded.test/2.png", "needref.test/3.png?v=2", "open.test/1.png", "ownsite.test/4.png"])
        for (path, image) in [("open.test/1.png", 1), ("guarded.test/2.png", 2), ("needref.test/3.png?v=2", 3), ("ownsite.test/4.png", 4)] {
            #expect(try Data(contentsOf: folder.appendingPathComponent(path)) == Data(contentsOf: FetchCDN.images[image - 1]), "\(path)")
        }
        // The fallbacks were the archive's: the guarded host refused the blog's Referer first.
        let guarded = try #require(output.record("fetched", url: "https://guarded.test/2.png"))
        #expect(guarded["referers_tried"] == .array([.string("https://blog.example/"), .null]))
        #expect(guarded.string("path") == folder.appendingPathComponent("guarded.test/2.png").path)
        #expect(guarded["sha256"] == .null)  // no host here has placeholder digests: nothing is hashed
        // No archive anywhere: the options' archive folder is untouched.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cdn.archive.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".mediavault-partial").path))

        // A second run finds every file and asks the server nothing.
        try cdn.server.clearLog()
        let (again, rerun) = await cdn.mirror(options(cdn, folder: folder))
        #expect(again == ExitStatus.success)
        #expect(rerun.of("skipped").count == 4 && rerun.of("skipped").allSatisfy { $0.string("reason") == "exists" })
        #expect(try cdn.server.requestLog().isEmpty)
    }

    @Test func twoURLsOfOneRunWithOneFileNameNeverOverwriteEachOther() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let folder = cdn.root.appendingPathComponent("plain")
        // The same host and path over HTTPS and HTTP: two URLs, one file name (open.test/1.png).
        try cdn.writePost("both.md", page: "https://blog.example/2024/both.html", urls: [
            "https://open.test/1.png", "http://open.test/1.png",
        ])
        let (status, output) = await cdn.mirror(options(cdn, folder: folder))
        #expect(status == ExitStatus.success, "\(output.records.map(\.jsonLine))")
        let fetched = output.of("fetched")
        let existing = output.of("skipped").filter { $0.string("reason") == "exists" }
        #expect(fetched.count == 1 && existing.count == 1, "one saved, the other told the name was taken: \(output.records.map(\.jsonLine))")
        #expect(files(under: folder) == ["open.test/1.png"])
        #expect(existing.first?.string("path") == folder.appendingPathComponent("open.test/1.png").path)
    }

    @Test func placeholdersAndBadAnswersLeaveNoFile() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let folder = cdn.root.appendingPathComponent("plain")
        let config = cdn.root.appendingPathComponent("config.yml")
        try "hosts:\n  wx.test:\n    placeholders: [\(try cdn.placeholderSHA256())]\n".write(to: config, atomically: true, encoding: .utf8)
        try cdn.writePost("mixed.md", page: nil, urls: [
            "https://wx.test/5.png", "https://open.test/gone.png", "https://open.test/6.png?__html=1",
        ])
        var options = options(cdn, folder: folder)
        options.configFile = config
        let (status, output) = await cdn.mirror(options)
        #expect(status == ExitStatus.partialFailure)
        // The placeholder was refused and the next Referer gave the real picture, hashed because
        // the host has digests to compare with.
        #expect(try Data(contentsOf: folder.appendingPathComponent("wx.test/5.png")) == Data(contentsOf: FetchCDN.images[4]))
        #expect(output.record("fetched", url: "https://wx.test/5.png")?.string("sha256") == (try FetchCDN.sha256(ofImage: 5)))
        #expect(output.record("failed", url: "https://open.test/gone.png")?.string("reason") == "http-404")
        #expect(output.record("failed", url: "https://open.test/6.png?__html=1")?.string("reason") == "not-an-image")
        #expect(files(under: folder) == ["wx.test/5.png"])
    }

    /// Without configured digests the placeholder is found by its content key: the same bytes
    /// for several URLs of the host, other bytes for another Referer.
    @Test func theSameBytesForManyURLsAreRefusedWithoutHashing() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let folder = cdn.root.appendingPathComponent("plain")
        let urls = (1...4).map { "https://wx.test/\($0).png" }
        try cdn.writePost("wx.md", page: nil, urls: urls)
        let (status, output) = await cdn.mirror(options(cdn, folder: folder))
        #expect(status == ExitStatus.success, "\(output.of("failed").map(\.jsonLine)) \(output.diagnostics)")
        for number in 1...4 {
            #expect(try Data(contentsOf: folder.appendingPathComponent("wx.test/\(number).png")) == Data(contentsOf: FetchCDN.images[number - 1]))
        }
        #expect(files(under: folder).count == 4)
    }

    @Test(arguments: [
        ("https://img.example/a/b.jpg", "img.example/a/b.jpg"),
        ("https://IMG.example:8443/a.jpg", "img.example:8443/a.jpg"),
        ("https://img.example/a.jpg?w=640&h=1", "img.example/a.jpg?w=640&h=1"),
        ("https://img.example/%E5%9B%BE%E7%89%87.png", "img.example/图片.png"),
        ("https://img.example/a%2Fb.png", "img.example/a%2Fb.png"),
        ("https://img.example/x/../../etc/passwd", "img.example/x/etc/passwd"),
        ("https://img.example/dir/", "img.example/dir/index"),
        ("https://img.example", "img.example/index"),
        ("https://img.example/a.jpg!cmspl", "img.example/a.jpg!cmspl"),
        ("file:///home/me/posts/p.jpg", "local/home/me/posts/p.jpg"),
    ])
    func fileNamesFollowTheURL(url: String, path: String) {
        #expect(PlainFileName.relativePath(for: url) == path)
    }

    /// The byte-level fast path gives what URLComponents gives, wherever it answers at all.
    @Test func theFastPathAgreesWithURLComponents() {
        let urls = ["https://img.example/a/b.jpg", "https://IMG.example:8443/a.jpg", "http://h.example:80/x/y.png?a=1&b=/c",
                    "https://h.example/a.jpg?", "https://h.example/a.jpg!cmspl@s_2", "https://h.example/dir/", "https://h.example",
                    "https://h.example/%E5%9B%BE.png", "https://[::1]:8080/a.png", "https://h.example/./a.png", "https://u@h.example/a.png",
                    "https://h.example/a b.png", "https://h.example/a.png#top", "http://127.0.0.1:18080/img/5.jpg"]
        var answered = 0
        for url in urls {
            guard let fast = PlainFileName.simplePath(for: url) else { continue }
            answered += 1
            #expect(fast == PlainFileName.componentsPath(for: url), "\(url)")
        }
        #expect(answered >= 5)
    }

    @Test func longNamesAreCutAndStayApart() throws {
        let first = try #require(PlainFileName.relativePath(for: "https://h.example/" + String(repeating: "a", count: 400) + "1.jpg"))
        let second = try #require(PlainFileName.relativePath(for: "https://h.example/" + String(repeating: "a", count: 400) + "2.jpg"))
        #expect(first != second)
        #expect(first.split(separator: "/").allSatisfy { $0.utf8.count <= PlainFileName.maxComponentBytes })
    }

    @Test func itCannotBeCombinedWithArchiveOptions() throws {
        let run = try EndToEndTests.run(["mirror", "posts", "--download-only", "/tmp/x", "--no-thumbnails"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--download-only"))
    }
}
