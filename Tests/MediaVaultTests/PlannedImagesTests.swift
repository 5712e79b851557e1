import ArchiveStore
import ChildProcess
import Fetcher
import Foundation
import GRDB
import Testing
@testable import MediaVault
import TestSupport

/// A run keeps 16 bytes per distinct URL in memory and each `ImageWork` in a journal on disk:
/// a URL is still handed over once, and the end of the run (the placeholder repair, the
/// uncatalogued report) still finds what fetching or naming an image takes.
@Suite struct PlannedImagesTests {
    /// Also when the journal's file cannot be made (its folder is missing): the records then stay in memory.
    @Test(arguments: [true, false])
    func aURLIsPlannedOnceAndLookedUpWithItsFirstPost(onDisk: Bool) {
        let journal = onDisk ? PlanJournal() : PlanJournal(folder: "/nonexistent-\(UUID().uuidString)")
        let planned = PlannedImages(journal: journal)
        // Enough long records for several journal writes and reads, and records straddling them.
        let filler = String(repeating: "x", count: 300)
        let count = 3 * SpillFile.readSize / 350
        for number in 0..<count {
            let url = "https://img.example/\(number).jpg?\(filler)"
            #expect(planned.insert(url))
            planned.remember(ImageWork(url: url, page: number % 2 == 0 ? nil : "https://blog.example/\(number).html",
                                       policy: number % 3 == 0 ? .noReferrer : .strictOriginWhenCrossOrigin, post: "post\(number).md"))
        }
        #expect(journal.inMemory == !onDisk)
        #expect(!planned.insert("https://img.example/7.jpg?\(filler)"))
        #expect(planned.count == count)
        let wanted = [0, 1, count / 2, count - 1].map { "https://img.example/\($0).jpg?\(filler)" }
        let found = planned.lookup(wanted + ["https://img.example/never.jpg"])
        #expect(found.count == 4)
        for number in [0, 1, count / 2, count - 1] {
            let item = found["https://img.example/\(number).jpg?\(filler)"]
            #expect(item?.page == (number % 2 == 0 ? nil : "https://blog.example/\(number).html"))
            #expect(item?.policy == (number % 3 == 0 ? .noReferrer : .strictOriginWhenCrossOrigin))
            #expect(item?.post == "post\(number).md")
        }
        #expect(planned.lookup(["https://img.example/never.jpg"]).isEmpty)
    }

    /// The first post's batch hands the image over; a post read hundreds of posts later (after
    /// several hand-overs, the image long fetched) only adds its reference.
    @Test func aURLRepeatedInALaterBatchIsFetchedOnceAndBothPostsReferToIt() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let shared = "https://open.test/1.png"
        try cdn.writePost("a.md", page: nil, urls: [shared])
        for number in 0..<(OpenArchive.postBatch + 20) {
            try cdn.writePost(String(format: "m%04d.md", number), page: nil, urls: ["https://open.test/2.png?n=\(number)"])
        }
        try cdn.writePost("z.md", page: nil, urls: [shared, "https://open.test/3.png"])
        let (status, output) = await cdn.mirror()
        #expect(status == ExitStatus.success, "\(output.of("failed").map(\.jsonLine))")
        #expect(output.records.filter { $0.string("url") == shared }.map(\.type) == ["fetched"],
                "\(output.records.filter { $0.string("url") == shared }.map(\.jsonLine))")
        #expect(output.of("fetched").count == OpenArchive.postBatch + 22)
        #expect(try cdn.server.requestLog().filter { $0.host == "open.test" && $0.path == "/1.png" }.count == 1)
        let posts = try await cdn.catalog().database.read { db in
            try String.fetchAll(db, sql: "SELECT post.path FROM image_ref JOIN post ON post.id = image_ref.post_id WHERE image_ref.url = ? ORDER BY post.path",
                                arguments: [shared])
        }
        #expect(posts.count == 2 && posts[0].hasSuffix("a.md") && posts[1].hasSuffix("z.md"), "\(posts)")
    }

    /// The URL fetched again by the repair is the one the run planned: its line names its first post.
    @Test(arguments: [false, true])
    func theRepairFetchesAPlannedURLAgainUnderItsFirstPost(downloadOnly: Bool) async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let placeholder = try cdn.placeholderSHA256()
        try cdn.writePost("a.md", page: nil, urls: ["https://wx.test/1.png", "https://wx.test/2.png"])
        try cdn.writePost("b.md", page: nil, urls: ["https://wx.test/2.png", "https://wx.test/1.png"])
        var options = cdn.options()
        options.jobs = 1  // one URL is accepted with the placeholder, the other proves it one
        if downloadOnly { options.downloadOnly = cdn.root.appendingPathComponent("plain") }
        let (status, output) = await cdn.mirror(options)
        #expect(status == ExitStatus.success, "\(output.of("failed").map(\.jsonLine))")
        // Into an archive the line names the placeholder's SHA-256; into plain files (nothing
        // hashed) its content key.
        let repaired = output.of("fetched").filter { downloadOnly ? $0.string("replaces") != nil : $0.string("replaces") == placeholder }
        #expect(repaired.count == 1, "\(output.records.map(\.jsonLine))")
        #expect(repaired.first?.string("post")?.hasSuffix("a.md") == true, "\(repaired.map(\.jsonLine))")
        let number = repaired.first?.string("url") == "https://wx.test/1.png" ? 1 : 2
        if downloadOnly {
            let file = cdn.root.appendingPathComponent("plain/wx.test/\(number).png")
            #expect(try Data(contentsOf: file) == Data(contentsOf: FetchCDN.images[number - 1]))
        } else {
            #expect(repaired.first?.string("sha256") == (try FetchCDN.sha256(ofImage: number)))
        }
    }

    /// Rows the catalog refuses after the image's `fetched` line: the run reports the image
    /// again as failed (`storage`), naming the post that showed it.
    @Test func anImageTheCatalogRefusesIsReportedFailedWithItsPost() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        // The first run makes the archive; then its catalog refuses one URL's row.
        #expect(await cdn.mirror().status == ExitStatus.success)
        let queue = try DatabaseQueue(path: cdn.archive.appendingPathComponent("catalog.sqlite").path)
        try await queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_one BEFORE INSERT ON url_object WHEN NEW.url LIKE '%/2.png'
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """)
        }
        try queue.close()
        try cdn.writePost("a.md", page: nil, urls: ["https://open.test/1.png", "https://open.test/2.png"])
        let (status, output) = await cdn.mirror()
        #expect(status == ExitStatus.partialFailure)
        let failed = output.record("failed", url: "https://open.test/2.png")
        #expect(failed?.string("reason") == "storage", "\(output.records.map(\.jsonLine))")
        #expect(failed?.string("message")?.contains("refused by the test") == true)
        let post = try #require(output.record("fetched", url: "https://open.test/1.png")?.string("post"))
        #expect(post.hasSuffix("a.md"))
        #expect(failed?.string("post") == post)
    }

    /// A dry run fetches nothing, so nothing reads its plan back: it keeps no journal, and a big
    /// one (4,000 URLs, past the 256 KB a spill file holds in memory) writes nothing to TMPDIR,
    /// which is often memory (tmpfs). A file made there, even one unlinked at once, would change
    /// the folder's modification time.
    @Test func aDryRunWritesNoJournalToTheTemporaryFolder() throws {
        let root = try TestPaths.makeTemporaryFolder("dry-run-journal")
        defer { try? FileManager.default.removeItem(at: root) }
        let posts = root.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        for post in 0..<40 {
            let images = (0..<100).map { "<p><img src=\"https://cdn.example/\(post)/\($0).jpg\"></p>" }.joined(separator: "\n")
            try "---\ntitle: post \(post)\n---\n\(images)\n".write(to: posts.appendingPathComponent("post\(post).md"), atomically: true, encoding: .utf8)
        }
        let temporary = try WatchedFolder(root.appendingPathComponent("tmp"))
        let run = try ChildProcess.run(EndToEndTests.binary.path, arguments: ["mirror", posts.path, "--dry-run", "--json"],
                                       environment: temporary.asTMPDIR())
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText.components(separatedBy: "\"type\":\"planned\"").count - 1 == 4_000)
        #expect(try temporary.modified() == WatchedFolder.past, "something was made in TMPDIR during the dry run")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.url.path).isEmpty)
    }

    /// A run's spill files go beside its downloads (the archive's tmp/, the download folder's
    /// partial folder), never to TMPDIR, which is often memory: 1,000 long URLs (404s, so no
    /// body) spill the plan journal past the 256 KB kept in memory. The files are unlinked as
    /// soon as they are made, so TMPDIR's modification time tells whether one was made there.
    @Test(arguments: [false, true])
    func aRunsSpillFilesGoBesideItsDownloadsNotToTMPDIR(downloadOnly: Bool) throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let downloads = cdn.root.appendingPathComponent("downloads")
        try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)
        // Long URLs (~260 bytes), so that 1,000 of them fill more than the 256 KB.
        let long = String(repeating: "a-long-folder-name/", count: 12)
        for post in 0..<10 {
            try cdn.writePost("p\(post).md", page: nil, urls: (0..<100).map { "http://open.test/gone/\(long)\(post)-\($0).png" })
        }
        let config = cdn.root.appendingPathComponent("config.yml")
        try "connections_per_host: 8\n".write(to: config, atomically: true, encoding: .utf8)
        let temporary = try WatchedFolder(cdn.root.appendingPathComponent("tmpdir"))
        var environment = temporary.asTMPDIR()
        // SQLite's own temporary files (the catalog's staging table) follow SQLITE_TMPDIR before
        // TMPDIR: kept apart, so TMPDIR shows only what mediavault itself makes there.
        environment["SQLITE_TMPDIR"] = cdn.root.path
        let network = FetchCDN.hosts.keys.flatMap { cdn.server.connectToBoth(host: $0) }.flatMap { ["--connect-to", $0] }
            + ["--cacert", cdn.server.caCertificate.path]
        let destination = downloadOnly ? ["--download-only", downloads.path] : ["--archive", cdn.archive.path]
        let run = try ChildProcess.run(EndToEndTests.binary.path,
                                       arguments: ["mirror", cdn.posts.path, "--json", "--config", config.path] + destination + network,
                                       environment: environment)
        #expect(run.status == ExitStatus.partialFailure, "\(run.stderrText.suffix(2000))")
        #expect(run.stdoutText.components(separatedBy: "\"reason\":\"http-404\"").count - 1 == 1_000)
        // (With the journal made in TMPDIR instead, both cases fail here: 1,000 such URLs do spill.)
        #expect(try temporary.modified() == WatchedFolder.past, "something was made in TMPDIR")
    }
}

/// A new folder dated in the past: a file made in it, even one unlinked at once, changes its
/// modification time, so a test can tell that a run made nothing there.
private struct WatchedFolder {
    /// The date the folder is given (2000-01-01).
    static let past = Date(timeIntervalSince1970: 946_684_800)
    let url: URL

    /// Makes `url` and dates it `past`.
    init(_ url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.modificationDate: Self.past], ofItemAtPath: url.path)
    }

    /// This process's environment with TMPDIR pointing here.
    func asTMPDIR() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = url.path
        return environment
    }

    /// The folder's modification time now.
    func modified() throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
    }
}
