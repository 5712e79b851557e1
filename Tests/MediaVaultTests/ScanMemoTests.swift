import ArchiveStore
import Foundation
import GRDB
@testable import MediaVault
import PostScanner
import Testing
import TestSupport

/// A re-run does not open a post file whose size and modification time are unchanged: the
/// catalog's memo of what it yielded stands in for the parse, with the same output lines.
@Suite struct ScanMemoTests {
    /// Well before any run, so no file counts as modified too recently to trust (`FileStamp.isRacy`).
    static let old = Date(timeIntervalSince1970: 1_700_000_000)

    /// A folder of posts naming local images `img1.png`… beside them, their mtimes set to `old`.
    private func makePosts(_ posts: [String: String]) throws -> URL {
        let folder = try TestPaths.makeTemporaryFolder("memo-posts")
        let images = try ExampleCDN.fixtureImages().filter { $0.pathExtension == "png" || $0.pathExtension == "jpg" }
        try #require(images.count >= 3)
        for (index, image) in images.prefix(3).enumerated() {
            try FileManager.default.copyItem(at: image, to: folder.appendingPathComponent("img\(index + 1).png"))
        }
        for (name, text) in posts { try write(text, to: folder.appendingPathComponent(name), modified: Self.old) }
        return folder
    }

    private func write(_ text: String, to file: URL, modified: Date) throws {
        try text.write(to: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file.path)
    }

    private func mirror(_ posts: URL, into archive: URL) async throws -> (Int32, RecordingOutput) {
        let output = RecordingOutput()
        let status = try await MirrorJob(options: ExampleCDN.options(archive: archive)).run(inputs: [posts.path], output: output)
        return (status, output)
    }

    /// `type post url reason` of every image line, in order.
    private func imageLines(_ output: RecordingOutput) -> [String] {
        output.records.filter { ["fetched", "skipped", "failed"].contains($0.type) }.map { record in
            [record.type, record.string("post") ?? "-", (record.string("url") ?? "-").split(separator: "/").last.map(String.init) ?? "-",
             record.string("reason") ?? "-"].joined(separator: " ")
        }
    }

    @Test func anUnchangedPostIsNotReadAndATouchedOneIsParsedAgain() async throws {
        let posts = try makePosts(["a.md": "---\ntitle: A\n---\n<img src=\"img1.png\">\n", "b.md": "<img src=\"img2.png\">\n"])
        let archive = try TestPaths.makeTemporaryFolder("memo-archive")
        defer { for folder in [posts, archive] { try? FileManager.default.removeItem(at: folder) } }
        let a = posts.appendingPathComponent("a.md")
        let (first, firstOutput) = try await mirror(posts, into: archive)
        #expect(first == ExitStatus.success)
        #expect(imageLines(firstOutput).sorted() == ["fetched \(a.path) img1.png -", "fetched \(posts.path)/b.md img2.png -"])

        // Same size, same modification time, other bytes: a parse would find img3.png instead.
        try write("---\ntitle: A\n---\n<img src=\"img3.png\">\n", to: a, modified: Self.old)
        let (second, secondOutput) = try await mirror(posts, into: archive)
        #expect(second == ExitStatus.success)
        #expect(imageLines(secondOutput).sorted() == ["skipped \(a.path) img1.png archived", "skipped \(posts.path)/b.md img2.png archived"],
                "the remembered posts stand in for the unchanged files")

        // Touched (only the time changes): parsed again, and the new image is found.
        try FileManager.default.setAttributes([.modificationDate: Self.old.addingTimeInterval(10)], ofItemAtPath: a.path)
        let (third, thirdOutput) = try await mirror(posts, into: archive)
        #expect(third == ExitStatus.success)
        #expect(imageLines(thirdOutput).sorted() == ["fetched \(a.path) img3.png -", "skipped \(posts.path)/b.md img2.png archived"])
        let catalog = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite"))
        #expect(try catalog.scannedFile(path: a.path)?.mtimeNs == Int64(Self.old.timeIntervalSince1970 + 10) * 1_000_000_000)
    }

    @Test func anEditedPostPicksUpItsNewImage() async throws {
        let posts = try makePosts(["a.md": "<img src=\"img1.png\">\n"])
        let archive = try TestPaths.makeTemporaryFolder("memo-archive")
        defer { for folder in [posts, archive] { try? FileManager.default.removeItem(at: folder) } }
        let a = posts.appendingPathComponent("a.md")
        _ = try await mirror(posts, into: archive)
        // The same modification time: the size alone says the file changed.
        try write("<img src=\"img1.png\">\n<img src=\"img2.png\">\n", to: a, modified: Self.old)
        let (status, output) = try await mirror(posts, into: archive)
        #expect(status == ExitStatus.success)
        #expect(imageLines(output) == ["skipped \(a.path) img1.png archived", "fetched \(a.path) img2.png -"])
        let catalog = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite"))
        #expect(try catalog.captions(sha256: #require(output.of("fetched").first?.string("sha256"))).map(\.post) == [a.path],
                "the edited post's new reference is recorded")
    }

    @Test func aSiteImageAddedLaterIsFoundThoughThePostIsUnchanged() async throws {
        // A Hexo site: `/images/x.png` names source/images/x.png, and a missing one is refused
        // before any read (`missing-file`), so a memo that kept "missing" would keep failing.
        let site = try TestPaths.makeTemporaryFolder("memo-site")
        let archive = try TestPaths.makeTemporaryFolder("memo-archive")
        defer { for folder in [site, archive] { try? FileManager.default.removeItem(at: folder) } }
        let images = site.appendingPathComponent("source/images"), postsFolder = site.appendingPathComponent("source/_posts")
        for folder in [images, postsFolder] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try "title: memo\n".write(to: site.appendingPathComponent("_config.yml"), atomically: false, encoding: .utf8)
        let png = try #require(try ExampleCDN.fixtureImages().first { $0.pathExtension == "png" })
        try FileManager.default.copyItem(at: png, to: images.appendingPathComponent("one.png"))
        try write("---\ntitle: A\n---\n![](/images/one.png)\n![](/images/later.png)\n", to: postsFolder.appendingPathComponent("a.md"), modified: Self.old)

        let (first, firstOutput) = try await mirror(site, into: archive)
        #expect(first == ExitStatus.partialFailure)
        #expect(imageLines(firstOutput).contains { $0.hasPrefix("failed") && $0.hasSuffix("later.png missing-file") }, "\(imageLines(firstOutput))")
        try FileManager.default.copyItem(at: png, to: images.appendingPathComponent("later.png"))
        let (second, secondOutput) = try await mirror(site, into: archive)
        #expect(second == ExitStatus.success)
        #expect(imageLines(secondOutput).contains { $0.hasPrefix("fetched") && $0.contains("later.png") },
                "the reference that named a missing file is resolved again: \(imageLines(secondOutput))")
    }

    @Test func aGalleryOfAFolderFindsAFileAddedLaterThoughThePostIsUnchanged() async throws {
        // A Hugo bundle whose gallery shows `images/*`: its images are the folder's, not the post's.
        let site = try TestPaths.makeTemporaryFolder("memo-gallery")
        let archive = try TestPaths.makeTemporaryFolder("memo-archive")
        defer { for folder in [site, archive] { try? FileManager.default.removeItem(at: folder) } }
        let bundle = site.appendingPathComponent("content/posts/trip")
        try FileManager.default.createDirectory(at: bundle.appendingPathComponent("images"), withIntermediateDirectories: true)
        try "baseURL = \"https://example.org/\"\n".write(to: site.appendingPathComponent("hugo.toml"), atomically: false, encoding: .utf8)
        let images = try ExampleCDN.fixtureImages().filter { $0.pathExtension == "png" || $0.pathExtension == "jpg" }
        try #require(images.count >= 2)
        try FileManager.default.copyItem(at: images[0], to: bundle.appendingPathComponent("images/one.\(images[0].pathExtension)"))
        try write("---\ntitle: Trip\n---\n{{< gallery match=\"images/*\" >}}\n", to: bundle.appendingPathComponent("index.md"), modified: Self.old)

        let (first, firstOutput) = try await mirror(site, into: archive)
        #expect(first == ExitStatus.success)
        #expect(imageLines(firstOutput).filter { $0.hasPrefix("fetched") }.count == 1, "\(imageLines(firstOutput))")
        try FileManager.default.copyItem(at: images[1], to: bundle.appendingPathComponent("images/two.\(images[1].pathExtension)"))
        let (second, secondOutput) = try await mirror(site, into: archive)
        #expect(second == ExitStatus.success)
        #expect(imageLines(secondOutput).contains { $0.hasPrefix("fetched") && $0.contains("two.") },
                "the gallery's new file is found: \(imageLines(secondOutput))")
    }

    @Test func aChangedSiteSettingParsesTheUnchangedPostsAgain() async throws {
        // A Hexo site served under `/` first: `/blog/images/one.png` is source/blog/images/one.png.
        // Served under `root: /blog/`, the same reference is source/images/one.png, other bytes.
        let site = try TestPaths.makeTemporaryFolder("memo-site")
        let archive = try TestPaths.makeTemporaryFolder("memo-archive")
        defer { for folder in [site, archive] { try? FileManager.default.removeItem(at: folder) } }
        let nested = site.appendingPathComponent("source/blog/images"), images = site.appendingPathComponent("source/images")
        let postsFolder = site.appendingPathComponent("source/_posts")
        for folder in [nested, images, postsFolder] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let pictures = try ExampleCDN.fixtureImages().filter { $0.pathExtension == "png" }
        try #require(pictures.count >= 2)
        try FileManager.default.copyItem(at: pictures[0], to: nested.appendingPathComponent("one.png"))
        try FileManager.default.copyItem(at: pictures[1], to: images.appendingPathComponent("one.png"))
        let config = site.appendingPathComponent("_config.yml")
        try write("title: memo\n", to: config, modified: Self.old)
        try write("---\ntitle: A\n---\n![](/blog/images/one.png)\n", to: postsFolder.appendingPathComponent("a.md"), modified: Self.old)

        let (first, firstOutput) = try await mirror(site, into: archive)
        #expect(first == ExitStatus.success)
        #expect(firstOutput.of("fetched").compactMap { $0.string("url") } == [nested.appendingPathComponent("one.png").absoluteString])

        // The post is untouched; only the site's configuration changes.
        try write("title: memo\nroot: /blog/\n", to: config, modified: Self.old.addingTimeInterval(5))
        let (second, secondOutput) = try await mirror(site, into: archive)
        #expect(second == ExitStatus.success)
        #expect(secondOutput.of("fetched").compactMap { $0.string("url") } == [images.appendingPathComponent("one.png").absoluteString],
                "the post is parsed again and its reference resolved with the new root: \(imageLines(secondOutput))")

        // Nothing changed since: the memo stands in again.
        let (third, thirdOutput) = try await mirror(site, into: archive)
        #expect(third == ExitStatus.success)
        #expect(imageLines(thirdOutput).map { $0.hasPrefix("skipped") && $0.hasSuffix("archived") } == [true])
        let memo = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite"))
            .scannedFile(path: postsFolder.appendingPathComponent("a.md").path)
        #expect(try #require(memo).yield.contains(#require(Site.detect(root: site.path)).settingsStamp()))
    }

    @Test func theSettingsStampFollowsConfigurationFilesOnly() throws {
        let site = try TestPaths.makeTemporaryFolder("memo-stamp")
        defer { try? FileManager.default.removeItem(at: site) }
        try FileManager.default.createDirectory(at: site.appendingPathComponent("content/posts"), withIntermediateDirectories: true)
        try "baseURL = 'https://a.example/'\n".write(to: site.appendingPathComponent("hugo.toml"), atomically: false, encoding: .utf8)
        let stamp = { try #require(Site.detect(root: site.path)).settingsStamp() }
        let before = try stamp()
        #expect(try stamp() == before, "the same files give the same stamp")
        try "# A page\n".write(to: site.appendingPathComponent("content/posts/a.md"), atomically: false, encoding: .utf8)
        try "readme\n".write(to: site.appendingPathComponent("README.md"), atomically: false, encoding: .utf8)
        #expect(try stamp() == before, "posts and other files are not settings")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("config/_default"), withIntermediateDirectories: true)
        try "[params]\n".write(to: site.appendingPathComponent("config/_default/params.toml"), atomically: false, encoding: .utf8)
        let withFolder = try stamp()
        #expect(withFolder != before, "a file in config/ is a setting")
        try "baseURL = 'https://b.example/'\n".write(to: site.appendingPathComponent("hugo.toml"), atomically: false, encoding: .utf8)
        #expect(try stamp() != withFolder, "an edited configuration file changes the stamp")
    }

    @Test func theSettingsStampFollowsSubstacksCSVAndObsidiansAttachmentSetting() throws {
        let site = try TestPaths.makeTemporaryFolder("memo-stamp-csv")
        defer { try? FileManager.default.removeItem(at: site) }
        try FileManager.default.createDirectory(at: site.appendingPathComponent("posts"), withIntermediateDirectories: true)
        try "post_id,is_published,title\n1.a,true,A\n".write(to: site.appendingPathComponent("posts.csv"), atomically: false, encoding: .utf8)
        let substack = { try #require(Site.detect(root: site.path)).settingsStamp() }
        let before = try substack()
        try "post_id,is_published,title\n1.a,true,A new title\n".write(to: site.appendingPathComponent("posts.csv"), atomically: false, encoding: .utf8)
        #expect(try substack() != before, "a Substack export's posts.csv is a setting (titles and drafts)")

        let vault = try TestPaths.makeTemporaryFolder("memo-stamp-vault")
        defer { try? FileManager.default.removeItem(at: vault) }
        try FileManager.default.createDirectory(at: vault.appendingPathComponent(".obsidian"), withIntermediateDirectories: true)
        try "{}\n".write(to: vault.appendingPathComponent(".obsidian/app.json"), atomically: false, encoding: .utf8)
        let obsidian = { try #require(Site.detect(root: vault.path)).settingsStamp() }
        let first = try obsidian()
        try "{\"active\": 1}\n".write(to: vault.appendingPathComponent(".obsidian/workspace.json"), atomically: false, encoding: .utf8)
        #expect(try obsidian() == first, "Obsidian's workspace changes on every use and is no setting")
        try "{\"attachmentFolderPath\": \"media\"}\n".write(to: vault.appendingPathComponent(".obsidian/app.json"), atomically: false, encoding: .utf8)
        #expect(try obsidian() != first, "the attachment folder is a setting")
    }

    @Test func theSettingsStampFollowsConfigurationKeptInDotFoldersButNotTheirCaches() throws {
        let site = try TestPaths.makeTemporaryFolder("memo-stamp-dot")
        defer { try? FileManager.default.removeItem(at: site) }
        try FileManager.default.createDirectory(at: site.appendingPathComponent(".vitepress/cache/deps"), withIntermediateDirectories: true)
        try "export default { base: '/a/' }\n".write(to: site.appendingPathComponent(".vitepress/config.mts"), atomically: false, encoding: .utf8)
        let stamp = { try #require(Site.detect(root: site.path)).settingsStamp() }
        let before = try stamp()
        try "cached\n".write(to: site.appendingPathComponent(".vitepress/cache/deps/x.js"), atomically: false, encoding: .utf8)
        #expect(try stamp() == before, "a build's cache is not a setting")
        try "export default { base: '/bb/' }\n".write(to: site.appendingPathComponent(".vitepress/config.mts"), atomically: false, encoding: .utf8)
        #expect(try stamp() != before, "VitePress's configuration is a setting")

        // Hugo's image render hook decides whether assets/ is published; a layout for pages does not.
        let hugo = try TestPaths.makeTemporaryFolder("memo-stamp-hugo-hook")
        defer { try? FileManager.default.removeItem(at: hugo) }
        for folder in ["content", "layouts/_default/_markup"] {
            try FileManager.default.createDirectory(at: hugo.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try "baseURL = 'https://a.example/'\n".write(to: hugo.appendingPathComponent("hugo.toml"), atomically: false, encoding: .utf8)
        let hugoStamp = { try #require(Site.detect(root: hugo.path)).settingsStamp() }
        let plain = try hugoStamp()
        try "<html>{{ .Content }}</html>\n".write(to: hugo.appendingPathComponent("layouts/_default/single.html"), atomically: false, encoding: .utf8)
        #expect(try hugoStamp() == plain, "a page layout is no setting")
        try "{{ with resources.Get .Destination }}<img src=\"{{ .RelPermalink }}\">{{ end }}\n"
            .write(to: hugo.appendingPathComponent("layouts/_default/_markup/render-image.html"), atomically: false, encoding: .utf8)
        #expect(try hugoStamp() != plain, "an image render hook is a setting")
    }

    @Test func recheckParsesEveryFile() async throws {
        let posts = try makePosts(["a.md": "<img src=\"img1.png\">\n"])
        let archive = try TestPaths.makeTemporaryFolder("memo-archive")
        defer { for folder in [posts, archive] { try? FileManager.default.removeItem(at: folder) } }
        _ = try await mirror(posts, into: archive)
        try write("<img src=\"img3.png\">\n", to: posts.appendingPathComponent("a.md"), modified: Self.old)
        var options = try ExampleCDN.options(archive: archive)
        options.recheck = true
        let output = RecordingOutput()
        _ = await MirrorJob(options: options).run(inputs: [posts.path], output: output)
        #expect(imageLines(output).contains { $0.hasPrefix("fetched") && $0.contains("img3.png") }, "--recheck trusts no memo")
    }

    @Test func aFileOverALowerSizeLimitIsRefusedDespiteItsMemo() async throws {
        let posts = try makePosts(["a.md": "<img src=\"img1.png\">\n"])
        let archive = try TestPaths.makeTemporaryFolder("memo-archive")
        defer { for folder in [posts, archive] { try? FileManager.default.removeItem(at: folder) } }
        _ = try await mirror(posts, into: archive)
        var options = try ExampleCDN.options(archive: archive)
        options.maxPostBytes = 8
        let output = RecordingOutput()
        let status = await MirrorJob(options: options).run(inputs: [posts.path], output: output)
        #expect(status == ExitStatus.partialFailure)
        #expect(output.diagnostics.contains { $0.contains("a.md") }, "\(output.diagnostics)")
        #expect(imageLines(output).isEmpty)
    }

    @Test func linesFromTheMemoEqualThoseOfAFullRerun() async throws {
        // The example posts (several generators' conventions, captions, covers, shared images) from the fixture CDN.
        let posts = try TestPaths.makeTemporaryFolder("memo-examples")
        let archive = try TestPaths.makeTemporaryFolder("memo-archive")
        defer { for folder in [posts, archive] { try? FileManager.default.removeItem(at: folder) } }
        for file in try FileManager.default.contentsOfDirectory(atPath: ExampleCDN.posts.path) {
            let copy = posts.appendingPathComponent(file)
            try FileManager.default.copyItem(at: ExampleCDN.posts.appendingPathComponent(file), to: copy)
            try FileManager.default.setAttributes([.modificationDate: Self.old], ofItemAtPath: copy.path)
        }
        let (first, firstOutput) = try await mirror(posts, into: archive)
        #expect(first == ExitStatus.success, "\(firstOutput.diagnostics)")
        let file = archive.appendingPathComponent("catalog.sqlite")
        let remembered = try await DatabaseQueue(path: file.path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM scanned_file") }
        #expect(remembered == 5, "one memo per post file")

        let (_, fromMemo) = try await mirror(posts, into: archive)
        try await DatabaseQueue(path: file.path).write { try $0.execute(sql: "DELETE FROM scanned_file") }
        let (_, parsed) = try await mirror(posts, into: archive)
        #expect(fromMemo.of("skipped").count > 10)
        #expect(fromMemo.records.map(\.jsonLine) == parsed.records.map(\.jsonLine))
        #expect(fromMemo.diagnostics == parsed.diagnostics)
    }

    @Test func theMemoTextGivesBackEveryFieldOfTheScannedPosts() throws {
        let scanner = PostScanner()
        var checked = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: ExampleCDN.posts.path).sorted() {
            let path = ExampleCDN.posts.appendingPathComponent(file).path
            var posts = try scanner.scan(filePath: path, displayPath: "posts/\(file)")
            posts[0].warnings = ["a tag left open", ""]  // fields the examples leave empty
            posts[0].images[0].rule = "hexo: source/_posts/<slug>/"
            posts[0].images[0].missingFile = true
            posts[0].images[0].fallback = "https://cdn.example/shown.jpg"
            posts[0].images[0].linked = "https://cdn.example/full-size.jpg"
            let text = try #require(ScanMemoCoding.encode(posts, displayPath: "posts/\(file)"))
            #expect(try ScanMemoCoding.decode(text, displayPath: "posts/\(file)") == posts)
            #expect(try ScanMemoCoding.decode(text, displayPath: "elsewhere/\(file)") == nil, "another display path: parse again")
            let inSite = try #require(ScanMemoCoding.encode(posts, displayPath: "posts/\(file)", settings: "0123456789abcdef"))
            #expect(try ScanMemoCoding.decode(inSite, displayPath: "posts/\(file)", settings: "0123456789abcdef") == posts)
            #expect(try ScanMemoCoding.decode(inSite, displayPath: "posts/\(file)", settings: "fedcba9876543210") == nil,
                    "the site's settings changed: parse again")
            checked += posts.flatMap(\.images).count
        }
        #expect(checked > 20)
    }

    @Test func aDamagedMemoIsRefusedNotTrusted() throws {
        let post = ScannedPost(path: "a.md", title: "夜景", images: [ImageRef(index: 0, url: "https://x/a.jpg", src: "a.jpg")])
        let text = try #require(ScanMemoCoding.encode([post], displayPath: "a.md"))
        for cut in [text.utf8.count - 1, text.utf8.count / 2, 12] {
            let damaged = String(decoding: Array(text.utf8).prefix(cut), as: UTF8.self)
            #expect(throws: ScanMemoCoding.Malformed.self) { try ScanMemoCoding.decode(damaged, displayPath: "a.md") }
        }
        let format = ScanMemoCoding.format, scanner = ScanMemoCoding.scanner
        #expect(throws: ScanMemoCoding.Malformed.self) {
            try ScanMemoCoding.decode("\(format.utf8.count):\(format)" + "\(scanner.utf8.count):\(scanner)" + "4:a.md" + "~" + "2:-1", displayPath: "a.md")
        }
        #expect(ScanMemoCoding.encode([ScannedPost(path: "a\u{0}b")], displayPath: "a.md") == nil, "NUL cannot be kept as text")
        #expect(try ScanMemoCoding.decode("9:mv-scan-0" + "4:a.md" + "1:0", displayPath: "a.md") == nil, "an older layout is ignored")
    }

    @Test func postsParsedByAnotherBuildAreParsedAgain() throws {
        let post = ScannedPost(path: "a.md", title: "Harbour", images: [ImageRef(index: 0, url: "https://x/a.jpg", src: "a.jpg")])
        let text = try #require(ScanMemoCoding.encode([post], displayPath: "a.md", scanner: "build-1"))
        #expect(try ScanMemoCoding.decode(text, displayPath: "a.md", scanner: "build-1")?.first?.title == "Harbour")
        #expect(try ScanMemoCoding.decode(text, displayPath: "a.md", scanner: "build-2") == nil, "an upgrade may read the file differently")
        #expect(try ScanMemoCoding.decode(text, displayPath: "a.md") == nil, "this build is neither")
    }

    @Test func theBuildIDIsTheLinkersNoteOfTheRunningExecutable() throws {
        let id = try #require(BuildIdentity.current, "the test executable has a GNU build ID (the linker's default here)")
        // Found again independently: the note header (name size 4, type 3) and "GNU\0" before the ID's bytes.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/proc/self/exe")))
        let marker: [UInt8] = [0x04, 0, 0, 0, 0x14, 0, 0, 0, 0x03, 0, 0, 0, 0x47, 0x4E, 0x55, 0]
        let at = try #require(bytes.indices.dropLast(36).first { bytes[$0] == 0x04 && bytes[$0 ..< $0 + 16].elementsEqual(marker) })
        #expect(id == bytes[(at + 16) ..< (at + 36)].map { String(format: "%02x", $0) }.joined())
        let folder = try TestPaths.makeTemporaryFolder("not-elf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("a.txt")
        try Data("not an executable".utf8).write(to: text)
        #expect(BuildIdentity.buildID(ofExecutableAt: text.path) == nil)
    }
}
