import ArchiveStore
import ChildProcess
import Foundation
import GRDB
import Testing
import TestSupport

/// Every long verb stops gracefully on SIGINT/SIGTERM: the real binary, real signals. The
/// fault injection `MEDIAVAULT_FAULT_PACE` makes each unit of work (a post file, a fan-out
/// folder, a page, an object) take a known time, so the signal lands in the middle of the run
/// on any machine; the test waits for the pace's notice on stderr before it signals.
@Suite(.serialized) struct SignalTests {
    /// `count` local posts, each showing its own PNG (a fixture image with a distinct trailer,
    /// so each is an object of its own), mirrored by the binary into a fresh archive.
    final class Bench {
        let root: URL
        let posts: URL
        let archive: URL
        let count: Int

        init(posts count: Int, mirror: Bool = true) throws {
            self.count = count
            root = try TestPaths.makeTemporaryFolder("signals")
            posts = root.appendingPathComponent("posts")
            archive = root.appendingPathComponent("archive")
            try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
            let png = try Data(contentsOf: try FetchCDN.images[0])
            for index in 1...count {
                try (png + Data("trailer \(index)".utf8)).write(to: posts.appendingPathComponent("img\(index).png"))
                try "---\ntitle: Post \(index)\n---\n![Picture \(index)](img\(index).png)\n"
                    .write(to: posts.appendingPathComponent("post\(index).md"), atomically: true, encoding: .utf8)
            }
            guard mirror else { return }
            let run = try EndToEndTests.run(["mirror", posts.path, "--archive", archive.path, "--no-thumbnails", "--json"])
            #expect(run.status == 0 && run.lines.last?["fetched"] as? Int == count, "\(run.stderr)")
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        var at: [String] { ["--archive", archive.path] }
    }

    /// Starts the binary paced by `pace` seconds a unit, lets it work `after` seconds once the
    /// pace is announced, sends `signal`, and returns the process after its exit and the status.
    static func interrupt(_ arguments: [String], pace: Double, after: Double = 0.3, signal: Int32 = SIGINT) throws -> (BinaryProcess, Int32) {
        let process = try BinaryProcess(arguments + ["--json"], environment: ["MEDIAVAULT_FAULT_PACE": String(pace)])
        #expect(process.waitForStderr("fault: pacing"), "\(process.stderr)")
        usleep(useconds_t(after * 1_000_000))
        process.send(signal)
        return (process, process.wait())
    }

    /// The summary of a stopped run: last, schema-valid with the rest, naming the signal.
    static func summary(_ process: BinaryProcess, _ signal: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(try OutputContractTests.invalidLines(process.stdout).isEmpty, sourceLocation: sourceLocation)
        let summary = try #require(process.lines.last, sourceLocation: sourceLocation)
        #expect(summary["type"] as? String == "summary" && summary["interrupted"] as? String == signal, "\(summary)", sourceLocation: sourceLocation)
        #expect(process.stderr.contains("stopped by \(signal)"), "\(process.stderr)", sourceLocation: sourceLocation)
        return summary
    }

    /// How a notice names this test process as a signal's sender: "from pid 1234 (name)".
    static var fromThisProcess: String {
        get throws {
            let comm = try String(contentsOfFile: "/proc/self/comm", encoding: .utf8).trimmingCharacters(in: .newlines)
            return "from pid \(getpid()) (\(comm))"
        }
    }

    @Test func scanStopsBetweenFilesWithEveryListedPostWhole() throws {
        let bench = try Bench(posts: 40, mirror: false)
        let (scan, status) = try Self.interrupt(["scan", bench.posts.path], pace: 0.1)
        #expect(status == 130, "\(scan.stderr)")
        let summary = try Self.summary(scan, "SIGINT")
        let posts = try #require(summary["posts"] as? Int)
        #expect(posts >= 1 && posts < bench.count, "\(summary)")
        // Every post listed has its post line and its image line: none is cut in half.
        #expect(scan.lines.filter { $0["type"] as? String == "post" }.count == posts)
        #expect(scan.lines.filter { $0["type"] as? String == "image" }.count == posts)
    }

    @Test func verifyStopsBetweenFoldersAndKeepsWhatItRehashed() throws {
        let bench = try Bench(posts: 24)
        // A slice covering everything records each object found intact: the part done before the stop is kept.
        let (verify, status) = try Self.interrupt(["verify", "--read-data-subset", "1/1"] + bench.at, pace: 0.02, after: 0.5, signal: SIGTERM)
        #expect(status == 143, "\(verify.stderr)")
        let summary = try Self.summary(verify, "SIGTERM")
        let objects = try #require(summary["objects"] as? Int), hashed = try #require(summary["hashed"] as? Int)
        #expect(objects < bench.count && hashed == objects && summary["damage"] as? Int == 0, "\(summary)")
        let catalog = try Catalog(readingFile: bench.archive.appendingPathComponent("catalog.sqlite"))
        #expect(try catalog.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM object_verified") } == hashed)
        // The archive is whole, and a verify that is left alone checks all of it.
        let full = try EndToEndTests.run(["verify", "--json"] + bench.at)
        #expect(full.status == 0 && full.lines.last?["objects"] as? Int == bench.count, "\(full.stdout)")
    }

    @Test func aSecondSignalStopsVerifyAtOnce() throws {
        let bench = try Bench(posts: 4)
        let verify = try BinaryProcess(["verify", "--json"] + bench.at, environment: ["MEDIAVAULT_FAULT_PACE": "2"])
        #expect(verify.waitForStderr("fault: pacing"), "\(verify.stderr)")
        verify.send(SIGINT)
        #expect(verify.waitForStderr("SIGINT \(try Self.fromThisProcess): starting no new work"), "\(verify.stderr)")
        let started = Date()
        verify.send(SIGINT)
        #expect(verify.wait() == 130)
        #expect(Date().timeIntervalSince(started) < 1.5, "not after the 2 s unit in flight")
        #expect(verify.stderr.contains("SIGINT again \(try Self.fromThisProcess): stopping at once"), "\(verify.stderr)")
    }

    @Test func theStopNoticeNamesTheProcessThatSentTheSignal() throws {
        let bench = try Bench(posts: 4)
        let verify = try BinaryProcess(["verify", "--json"] + bench.at, environment: ["MEDIAVAULT_FAULT_PACE": "1"])
        #expect(verify.waitForStderr("fault: pacing"), "\(verify.stderr)")
        // Sent by another process than this one: a shell whose builtin kill signals and exits. It
        // stays a zombie, whose name /proc still shows, until the wait below reaps it.
        let sender = try ChildProcess("/bin/sh", arguments: ["-c", "kill -INT \"$1\"", "sh", String(verify.process.pid)])
        #expect(verify.waitForStderr("SIGINT from pid \(sender.pid) (sh): starting no new work"), "sender \(sender.pid): \(verify.stderr)")
        #expect(sender.wait(timeout: 10) == .exit(0))
        // The stop itself is as before: the unit in flight finishes, the run says so and exits 130.
        #expect(verify.wait() == 130, "\(verify.stderr)")
        _ = try Self.summary(verify, "SIGINT")
    }

    @Test func exportStoppedLeavesNoBag() throws {
        let bench = try Bench(posts: 20)
        let bag = bench.root.appendingPathComponent("bag")
        let (export, status) = try Self.interrupt(["export", "--bagit", bag.path] + bench.at, pace: 0.1)
        #expect(status == 130, "\(export.stderr)")
        let summary = try Self.summary(export, "SIGINT")
        #expect((summary["objects"] as? Int ?? bench.count) < bench.count, "\(summary)")
        #expect(!FileManager.default.fileExists(atPath: bag.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: bench.root.path).filter { $0.contains(".partial") }.isEmpty)
        #expect(!export.lines.contains { $0["type"] as? String == "bag" })
    }

    @Test func galleryStopsBetweenPages() throws {
        let bench = try Bench(posts: 20)
        let out = bench.root.appendingPathComponent("gallery")
        let (gallery, status) = try Self.interrupt(["gallery", "--out", out.path, "--page-size", "1"] + bench.at, pace: 0.1)
        #expect(status == 130, "\(gallery.stderr)")
        let summary = try Self.summary(gallery, "SIGINT")
        let pages = try #require(summary["pages"] as? Int)
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".html") }
        #expect(pages >= 1 && pages < bench.count && written.count == pages, "\(summary) \(written)")
    }

    @Test func pruneStoppedBeforeABatchRemovesNothingAndTheArchiveStaysClean() throws {
        let bench = try Bench(posts: 12)
        for index in 1...bench.count {
            let forget = try EndToEndTests.run(["forget", bench.posts.appendingPathComponent("post\(index).md").path] + bench.at)
            #expect(forget.status == 0, "\(forget.stderr)")
        }
        // The dry run lists one object per unit: stopped part-way, it lists some and moves none.
        let (listing, status) = try Self.interrupt(["prune"] + bench.at, pace: 0.1)
        #expect(status == 130, "\(listing.stderr)")
        let listed = try #require(try Self.summary(listing, "SIGINT")["objects"] as? Int)
        #expect(listed >= 1 && listed < bench.count)
        // --yes stopped before its first batch removes nothing: no row gone without its file moved.
        let (prune, pruned) = try Self.interrupt(["prune", "--yes"] + bench.at, pace: 1, after: 0.2, signal: SIGTERM)
        #expect(pruned == 143, "\(prune.stderr)")
        #expect(try Self.summary(prune, "SIGTERM")["objects"] as? Int == 0)
        let verify = try EndToEndTests.run(["verify", "--json"] + bench.at)
        #expect(verify.status == 0 && verify.lines.last?["objects"] as? Int == bench.count, "\(verify.stdout)")
        #expect(!verify.lines.contains { $0["type"] as? String == "problem" }, "\(verify.stdout)")
        // Run again to the end, it removes all; still clean.
        let again = try EndToEndTests.run(["prune", "--yes", "--json"] + bench.at)
        #expect(again.status == 0 && again.lines.last?["objects"] as? Int == bench.count, "\(again.stdout)")
        let after = try EndToEndTests.run(["verify", "--json"] + bench.at)
        #expect(after.status == 0 && !after.lines.contains { $0["type"] as? String == "problem" }, "\(after.stdout)")
    }

    @Test func localizeStopsBetweenPostsAndWritesEachWhole() throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let site = cdn.posts.appendingPathComponent("hugo")
        let posts = try LocalizeSites.write(.hugo, at: site)
        let originals = try posts.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let options = cdn.options()
        let network = options.connectTo.flatMap { ["--connect-to", $0] } + ["--cacert", try #require(options.caCertificate)]
        let at = ["--archive", cdn.archive.path]
        let mirror = try EndToEndTests.run(["mirror", site.path, "--no-thumbnails", "--json"] + at + network)
        #expect(mirror.status == 0, "\(mirror.stderr)")
        // One post written in the first second, the stop lands during the second one's pace.
        let (localize, status) = try Self.interrupt(["localize", site.path] + at, pace: 1, after: 1.3)
        #expect(status == 130, "\(localize.stderr)")
        let summary = try Self.summary(localize, "SIGINT")
        #expect(summary["posts"] as? Int == 1, "\(summary)")
        let now = try posts.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(zip(now, originals).filter { $0 != $1 }.count == 1, "one post rewritten, the other untouched")
        #expect(localize.lines.filter { $0["type"] as? String == "localized" }.count == 1)
    }

    @Test func mirrorStoppedWhileScanningRecordsWhatItReadAndStartsNothingNew() throws {
        let bench = try Bench(posts: 40, mirror: false)
        let (mirror, status) = try Self.interrupt(["mirror", bench.posts.path, "--no-thumbnails"] + bench.at, pace: 0.1)
        #expect(status == 130, "\(mirror.stderr)")
        let summary = try Self.summary(mirror, "SIGINT")
        let notStarted = try #require(summary["not_started"] as? Int), fetched = try #require(summary["fetched"] as? Int)
        // Fetching overlaps the scan: each image of a post read before the stop was either
        // fetched (it started before the signal) or not started; later posts were not read.
        let catalog = try Catalog(readingFile: bench.archive.appendingPathComponent("catalog.sqlite"))
        let (posts, unreferenced) = try catalog.database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM url_object WHERE url NOT IN (SELECT url FROM image_ref WHERE url IS NOT NULL)") ?? -1)
        }
        #expect(posts >= 1 && posts < bench.count && fetched + notStarted == posts, "\(summary), \(posts) posts recorded")
        #expect(unreferenced == 0, "every object catalogued is named by a post the catalog has")
        // The archive is consistent, and the same command then does the rest.
        let verify = try EndToEndTests.run(["verify", "--json"] + bench.at)
        #expect(verify.status == 0, "\(verify.stdout)")
        let rest = try EndToEndTests.run(["mirror", bench.posts.path, "--no-thumbnails", "--json"] + bench.at)
        #expect(rest.status == 0 && rest.lines.last?["fetched"] as? Int == bench.count - fetched, "\(rest.stdout.suffix(300))")
        #expect(rest.lines.last?["skipped"] as? Int == fetched, "\(rest.stdout.suffix(300))")
    }

    @Test func repairStoppedBetweenFixesFinishesTheFixInFlightAndLeavesTheRest() throws {
        let bench = try Bench(posts: 8)
        let objects = bench.archive.appendingPathComponent("objects")
        let files = FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "png" } ?? []
        #expect(files.count == bench.count)
        for file in files { try FileManager.default.removeItem(at: file) }
        // Paced, with a pause (10 paces: 0.6 s) inside each fix after its stop check: SIGINT lands while fix 2 is in flight.
        let repair = try BinaryProcess(["verify", "--repair", "--json"] + bench.at, environment: ["MEDIAVAULT_FAULT_PACE": "0.06"])
        #expect(repair.waitForStderr("fault: inside repair 2 of \(bench.count)"), "\(repair.stderr)")
        repair.send(SIGINT)
        let status = repair.wait()
        #expect(status == 130, "\(repair.stderr)")
        let summary = try Self.summary(repair, "SIGINT")
        // Fix 2 finished although the signal came during it; fix 3 and later never started.
        let repaired = repair.lines.filter { $0["type"] as? String == "repaired" }
        #expect(repaired.count == 2 && summary["repaired"] as? Int == 2, "\(repair.stdout)")
        #expect(!repair.stderr.contains("fault: inside repair 3 of"), "\(repair.stderr)")
        let left = repair.lines.filter { $0["type"] as? String == "problem" }
        #expect(left.count == bench.count - 2 && summary["unfixed"] as? Int == bench.count - 2, "\(summary)")
        // The two repaired objects are back, whole (their bytes hash to their names); the others are still missing.
        let back = try Set(repaired.map { try #require($0["sha256"] as? String) })
        for sha in back {
            let folder = objects.appendingPathComponent(String(sha.prefix(2)))
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix(sha) }, "object \(sha) is back")
            #expect(try SHA256Hasher.hash(fileAt: folder.appendingPathComponent(name)).sha256 == sha)
        }
        let verify = try EndToEndTests.run(["verify", "--json"] + bench.at)
        let missing = Set(verify.lines.filter { $0["type"] as? String == "problem" && $0["kind"] as? String == "missing" }.compactMap { $0["sha256"] as? String })
        #expect(missing.count == bench.count - 2 && missing.isDisjoint(with: back), "\(verify.stdout.suffix(600))")
        // The next run repairs exactly the rest.
        let again = try EndToEndTests.run(["verify", "--repair", "--json"] + bench.at)
        #expect(again.status == 0 && again.lines.last?["repaired"] as? Int == bench.count - 2, "\(again.stdout.suffix(400))")
        #expect(try EndToEndTests.run(["verify"] + bench.at).status == 0)
    }

    @Test func repairStoppedLeavesTheProblemsForTheNextRun() throws {
        let bench = try Bench(posts: 8)
        let objects = bench.archive.appendingPathComponent("objects")
        let files = FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "png" } ?? []
        #expect(files.count == bench.count)
        for file in files { try FileManager.default.removeItem(at: file) }
        // Stopped while it looks for problems (a pace per fan-out folder): nothing is repaired, every problem is printed.
        let (repair, status) = try Self.interrupt(["verify", "--repair"] + bench.at, pace: 0.05, after: 0.5)
        #expect(status == 130, "\(repair.stderr)")
        let summary = try Self.summary(repair, "SIGINT")
        #expect(summary["repaired"] as? Int == 0 && summary["unfixed"] as? Int == repair.lines.filter { $0["type"] as? String == "problem" }.count)
        // The next run repairs all of it: the local images are copied again.
        let again = try EndToEndTests.run(["verify", "--repair", "--json"] + bench.at)
        #expect(again.status == 0 && again.lines.last?["repaired"] as? Int == bench.count, "\(again.stdout.suffix(400))")
        #expect(try EndToEndTests.run(["verify"] + bench.at).status == 0)
    }
}
