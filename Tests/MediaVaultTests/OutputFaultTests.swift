import ArchiveStore
import Foundation
import GRDB
import Testing
import TestSupport

/// Output never costs data: the real binary with a real closed pipe and real signals, against
/// a loopback CDN whose answers are slow enough to be interrupted.
@Suite(.serialized) struct OutputFaultTests {
    /// The URLs of `cdn` that the catalog maps to an object.
    static func cataloguedURLs(_ cdn: SlowCDN) throws -> Set<String> {
        let catalog = try Catalog(readingFile: cdn.archive.appendingPathComponent("catalog.sqlite"))
        return Set(try catalog.database.read { try String.fetchAll($0, sql: "SELECT url FROM url_object") })
    }

    /// Runs `verify --json` and checks the archive has no damage and no orphan (every stored object is catalogued).
    static func expectConsistent(_ cdn: SlowCDN, allowingTemporaryFiles: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verify = try EndToEndTests.run(["verify", "--archive", cdn.archive.path, "--json"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)", sourceLocation: sourceLocation)
        let problems = verify.lines.filter { $0["type"] as? String == "problem" }
        let allowed: Set<String> = allowingTemporaryFiles ? ["tmp"] : []
        #expect(problems.filter { !allowed.contains($0["kind"] as? String ?? "") }.isEmpty, "\(problems)", sourceLocation: sourceLocation)
    }

    @Test func mirrorIntoHeadKeepsArchivingAndExitsFive() throws {
        let cdn = try SlowCDN(count: 6, delay: 0.3)
        defer { cdn.tearDown() }
        // What the issue reproduced: `mirror --json | head -1` died of SIGPIPE before its catalog rows.
        let quoted = ([EndToEndTests.binary.path] + cdn.mirrorArguments(["--json", "--jobs", "2"])).map { "'\($0)'" }.joined(separator: " ")
        let shell = try EndToEndTests.run(["-c", "set -o pipefail; \(quoted) | head -1"], executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(shell.status == 5, "\(shell.stderr)")
        #expect(shell.stdout.split(separator: "\n").count == 1)
        #expect(shell.lines.first?["type"] as? String == "fetched")
        #expect(shell.stderr.contains("cannot write to stdout (EPIPE"), "\(shell.stderr)")
        // Every image was still fetched and catalogued, and nothing is left orphaned.
        #expect(try Self.cataloguedURLs(cdn) == Set(cdn.urls))
        try Self.expectConsistent(cdn)
    }

    @Test func aStdoutClosedFromTheStartStillGivesAFullArchive() throws {
        let cdn = try SlowCDN(count: 3, delay: 0)
        defer { cdn.tearDown() }
        let mirror = try BinaryProcess(cdn.mirrorArguments(["--json"]), closedStdout: true)
        #expect(mirror.wait() == 5, "\(mirror.stderr)")
        #expect(try Self.cataloguedURLs(cdn) == Set(cdn.urls))
        try Self.expectConsistent(cdn)
        // A failure outranks the cut output's 5 only when it is worse: scan of a missing file is 3, cut makes it 5.
        let scan = try BinaryProcess(["scan", cdn.post.path, "/no/such/post.md", "--json"], closedStdout: true)
        #expect(scan.wait() == 5, "\(scan.stderr)")
        #expect(scan.stderr.contains("/no/such/post.md"))
        // And the same run with a reader exits 3, so the 5 above comes from the closed pipe.
        #expect(try EndToEndTests.run(["scan", cdn.post.path, "/no/such/post.md", "--json"]).status == 3)
    }

    @Test func sigintStopsGracefullyWithTheCatalogWritten() throws {
        let cdn = try SlowCDN(count: 12, delay: 0.4)
        defer { cdn.tearDown() }
        let mirror = try BinaryProcess(cdn.mirrorArguments(["--json", "--jobs", "1"]))
        #expect(mirror.waitForLine(type: "fetched"), "\(mirror.stderr)")
        mirror.send(SIGINT)
        #expect(mirror.wait() == 130, "\(mirror.stderr)")
        let summary = try #require(mirror.lines.last)
        #expect(summary["type"] as? String == "summary")
        #expect(summary["interrupted"] as? String == "SIGINT")
        let fetched = try #require(summary["fetched"] as? Int)
        let notStarted = try #require(summary["not_started"] as? Int)
        #expect(fetched >= 1 && notStarted >= 1 && fetched + notStarted == cdn.urls.count, "\(summary)")
        #expect(mirror.stderr.contains("stopped by SIGINT: \(fetched) fetched"), "\(mirror.stderr)")
        // What was reported fetched is catalogued, nothing else; the archive verifies clean.
        let reported = Set(mirror.lines.filter { $0["type"] as? String == "fetched" }.compactMap { $0["url"] as? String })
        #expect(try Self.cataloguedURLs(cdn) == reported)
        try Self.expectConsistent(cdn)
        // The next run fetches exactly the rest.
        let rest = try EndToEndTests.run(cdn.mirrorArguments(["--json"]))
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(rest.lines.last?["fetched"] as? Int == notStarted)
        #expect(try Self.cataloguedURLs(cdn) == Set(cdn.urls))
    }

    @Test func aSecondSigtermAbortsAtOnceAndTheArchiveStaysConsistent() throws {
        let cdn = try SlowCDN(count: 12, delay: 1.5)
        defer { cdn.tearDown() }
        let mirror = try BinaryProcess(cdn.mirrorArguments(["--json", "--jobs", "2"]))
        #expect(mirror.waitForLine(type: "fetched"), "\(mirror.stderr)")
        mirror.send(SIGTERM)
        usleep(100_000)
        mirror.send(SIGTERM)
        let started = Date()
        #expect(mirror.wait() == 143, "\(mirror.stderr)")
        // At once: not after the transfers in flight (each takes 1.5 s).
        #expect(Date().timeIntervalSince(started) < 1.0)
        #expect(mirror.stderr.contains("SIGTERM again \(try SignalTests.fromThisProcess): stopping at once"), "\(mirror.stderr)")
        // Bytes go before rows: at worst temp files (a notice) and objects the next run adopts.
        let verify = try EndToEndTests.run(["verify", "--archive", cdn.archive.path, "--json"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.lines.last?["damage"] as? Int == 0)
        let rest = try EndToEndTests.run(cdn.mirrorArguments(["--json"]))
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(try Self.cataloguedURLs(cdn) == Set(cdn.urls))
        try Self.expectConsistent(cdn)
    }
}
