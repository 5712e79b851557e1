import ArchiveStore
import Foundation
import GRDB
import Testing
@testable import MediaVault
import TestSupport

/// `mirror` fetches while later posts are still being scanned: the first input's images are
/// archived before the last input has even arrived, a URL is fetched once however many posts
/// show it, and a kill while both halves run leaves a catalog that verify finds clean.
@Suite(.serialized) struct OverlapTests {
    /// A feed of `items` (link, image URLs), each item a post.
    static func feed(_ items: [(link: String, images: [String])]) -> String {
        let entries = items.map { item in
            let body = item.images.map { "<p><img src=\"\($0)\"></p>" }.joined()
            return "<item><title>\(item.link)</title><link>\(item.link)</link><description><![CDATA[\(body)]]></description></item>"
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\(entries.joined())</channel></rss>"
    }

    /// Every URL the catalog maps to an object that no recorded post names (must be none).
    static func unreferencedURLs(_ catalog: Catalog) throws -> [String] {
        try catalog.database.read { db in
            try String.fetchAll(db, sql: "SELECT url FROM url_object WHERE url NOT IN (SELECT url FROM image_ref WHERE url IS NOT NULL)")
        }
    }

    @Test func theFirstFeedsImagesAreFetchedWhileTheLastFeedIsStillOnItsWay() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let site = cdn.root.appendingPathComponent("open.test")
        try Self.feed([("https://open.test/a.html", ["https://open.test/1.png"]), ("https://open.test/b.html", ["https://open.test/2.png"])])
            .write(to: site.appendingPathComponent("fast.xml"), atomically: true, encoding: .utf8)
        // The last feed shows 1.png again (fetched, or in flight, by the time it arrives) and a new one.
        try Self.feed([("https://open.test/c.html", ["https://open.test/1.png", "https://open.test/3.png"])])
            .write(to: site.appendingPathComponent("slow.xml"), atomically: true, encoding: .utf8)
        // 10 s: this job's tasks share Swift's cooperative pool with every test running beside it,
        // and on a loaded machine (two busy loops and a build beside the suite) its first image
        // request came ~7 s after the start; with 3 s the test failed there.
        let slowFeed = "https://open.test/slow.xml?__delay=10"
        let output = RecordingOutput()
        let status = await MirrorJob(options: cdn.options()).run(inputs: ["https://open.test/fast.xml", slowFeed], output: output)
        #expect(status == ExitStatus.success, "\(output.diagnostics)")

        let log = try cdn.server.requestLog()
        let slow = try #require(log.first { $0.path == "/slow.xml?__delay=10" })
        for image in ["/1.png", "/2.png"] {
            let request = try #require(log.first { $0.path == image }, "\(log)")
            // Requested before the last feed's answer ended: a scan-first run cannot even start it
            // by then. (When it ended is left to the load of the machine.)
            #expect(request.started < slow.time, "\(image) was requested before the last feed arrived (\(request.started) vs \(slow.time))")
        }
        // One request per distinct URL, though two posts show 1.png.
        #expect(log.filter { $0.path == "/1.png" }.count == 1)
        #expect(Set(output.of("fetched").compactMap { $0.string("url") }) == ["https://open.test/1.png", "https://open.test/2.png", "https://open.test/3.png"])
        // The later post still references the image in the catalog.
        let catalog = try cdn.catalog()
        let posts = try catalog.captions(sha256: try FetchCDN.sha256(ofImage: 1)).compactMap(\.postUrl)
        #expect(Set(posts) == ["https://open.test/a.html", "https://open.test/c.html"])
        #expect(try Self.unreferencedURLs(catalog).isEmpty)
    }

    @Test func aHandOffOfOneStillFetchesEachURLOnceAndRecordsEveryPost() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        // 12 posts, each showing two of six images: every URL is met again while it is waiting,
        // in flight or done, and the scanner waits at the hand-off at almost every image.
        for index in 0..<12 {
            try cdn.writePost(String(format: "p%02d.md", index), page: "https://blog.example/\(index).html",
                              urls: ["https://open.test/\(index % 6 + 1).png", "https://open.test/\((index + 1) % 6 + 1).png"])
        }
        var options = cdn.options()
        options.handOffBound = 1
        options.jobs = 1
        let (status, output) = await cdn.mirror(options)
        #expect(status == ExitStatus.success, "\(output.diagnostics)")
        #expect(output.of("fetched").count == 6)
        let log = try cdn.server.requestLog()
        for number in 1...6 { #expect(log.filter { $0.path == "/\(number).png" }.count == 1, "\(number).png") }
        let catalog = try cdn.catalog()
        let (posts, references) = try await catalog.database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? -1, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM image_ref") ?? -1)
        }
        #expect(posts == 12 && references == 24)
        #expect(try Self.unreferencedURLs(catalog).isEmpty)
        // Each image is shown by the four posts that name it (posts 1, 2, 7 and 8 show 3.png).
        let shown = try catalog.captions(sha256: try FetchCDN.sha256(ofImage: 3)).map(\.post)
        #expect(Set(shown).count == 4, "\(shown)")
    }

    @Test func aDryRunThroughTheHandOffPlansEachDistinctURLOnceAndRequestsNothing() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        for index in 0..<6 {
            try cdn.writePost("d\(index).md", page: "https://blog.example/\(index).html",
                              urls: ["https://open.test/\(index % 3 + 1).png", "https://open.test/\(index % 3 + 2).png"])
        }
        var options = cdn.options()
        options.dryRun = true
        options.handOffBound = 1
        let (status, output) = await cdn.mirror(options)
        #expect(status == ExitStatus.success, "\(output.diagnostics)")
        let planned = output.of("planned").compactMap { $0.string("url") }
        #expect(planned.sorted() == (1...4).map { "https://open.test/\($0).png" })
        #expect(try cdn.server.requestLog().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cdn.archive.appendingPathComponent("catalog.sqlite").path))
    }

    @Test func aKillWhileScanningAndFetchingLeavesACleanCatalogAndTheRerunFinishes() throws {
        let bench = try SignalTests.Bench(posts: 40, mirror: false)
        // Paced, the scan takes about 40 × 0.05 s: the first images are archived long before its end.
        let mirror = try BinaryProcess(["mirror", bench.posts.path, "--no-thumbnails", "--json"] + bench.at,
                                       environment: ["MEDIAVAULT_FAULT_PACE": "0.05"])
        #expect(mirror.waitForLine(type: "fetched"), "\(mirror.stderr)")
        usleep(300_000)
        mirror.send(SIGKILL)
        _ = mirror.wait()
        #expect(!mirror.lines.contains { $0["type"] as? String == "summary" }, "killed before its end")

        let catalog = try Catalog(readingFile: bench.archive.appendingPathComponent("catalog.sqlite"))
        let posts = try catalog.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM post") ?? -1 }
        #expect(posts < bench.count, "the scan was still going when the kill came")
        #expect(try Self.unreferencedURLs(catalog).isEmpty, "no object whose post the catalog lacks")
        let verify = try EndToEndTests.run(["verify", "--json"] + bench.at)
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(!verify.lines.contains { ["missing", "corrupt", "catalog"].contains($0["kind"] as? String) }, "\(verify.stdout)")

        let rest = try EndToEndTests.run(["mirror", bench.posts.path, "--no-thumbnails", "--json"] + bench.at)
        let summary = try #require(rest.lines.last)
        #expect(rest.status == 0 && (summary["fetched"] as? Int ?? 0) + (summary["skipped"] as? Int ?? 0) == bench.count, "\(summary)")
        let after = try EndToEndTests.run(["verify", "--json"] + bench.at)
        #expect(after.status == 0 && after.lines.last?["objects"] as? Int == bench.count, "\(after.stdout)")
    }

    @Test func sigintWhileScanningAndFetchingFinishesTheTransfersInFlightAndCountsTheRestNotStarted() throws {
        let cdn = try SlowCDN(count: 20, delay: 0.4)
        defer { cdn.tearDown() }
        let posts = cdn.root.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        for (index, url) in cdn.urls.enumerated() {
            try "---\ntitle: Slow \(index)\nurl: https://blog.example/\(index).html\n---\n<p><img src=\"\(url)\"></p>\n"
                .write(to: posts.appendingPathComponent(String(format: "p%02d.md", index)), atomically: true, encoding: .utf8)
        }
        let arguments = ["mirror", posts.path, "--archive", cdn.archive.path, "--no-thumbnails"] + cdn.networkArguments
        // 0.1 s per post file: the scan takes about 2 s; each image takes 0.4 s to answer.
        let (mirror, status) = try SignalTests.interrupt(arguments, pace: 0.1, after: 0.5)
        #expect(status == 130, "\(mirror.stderr)")
        let summary = try SignalTests.summary(mirror, "SIGINT")
        let fetched = try #require(summary["fetched"] as? Int), notStarted = try #require(summary["not_started"] as? Int)
        let catalog = try Catalog(readingFile: cdn.archive.appendingPathComponent("catalog.sqlite"))
        let recorded = try catalog.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM post") ?? -1 }
        // Images were already being fetched while the scan went on; those in flight were finished.
        #expect(fetched >= 1 && recorded < cdn.urls.count && fetched + notStarted == recorded, "\(summary), \(recorded) posts recorded")
        #expect(try Self.unreferencedURLs(catalog).isEmpty)
        let requested = try cdn.server.requestLog().filter { $0.path.hasSuffix(".jpg?__delay=0.4") }
        #expect(requested.count == fetched, "no transfer started after the signal was left unfinished: \(requested.count) requests")

        let rest = try EndToEndTests.run(arguments + ["--json"])
        #expect(rest.status == 0 && rest.lines.last?["fetched"] as? Int == cdn.urls.count - fetched, "\(rest.stdout.suffix(300))")
        let verify = try EndToEndTests.run(["verify", "--json", "--archive", cdn.archive.path])
        #expect(verify.status == 0 && verify.lines.last?["objects"] as? Int == cdn.urls.count, "\(verify.stdout)")
    }
}
