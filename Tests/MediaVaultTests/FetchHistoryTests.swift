import Foundation
import GRDB
import Testing
@testable import MediaVault
import TestSupport

/// The fetch history of failed requests is written to the real SQLite catalog; when the
/// catalog refuses the write (provoked by a trigger that aborts it), mirror says so on stderr
/// with the URL and SQLite's error, counts it in the summary, and archives everything else.
@Suite struct FetchHistoryTests {
    @Test func aRefusedHistoryWriteIsSaidNamedAndCounted() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        // A first run makes the catalog (and archives one image).
        try cdn.writePost("a.md", page: nil, urls: ["https://open.test/1.png"])
        let first = await cdn.mirror()
        #expect(first.status == ExitStatus.success)
        #expect(first.output.of("summary").first?["history_not_recorded"] == nil, "nothing lost, nothing said")

        // From now on SQLite aborts every history row of a request that failed.
        let queue = try DatabaseQueue(path: cdn.archive.appendingPathComponent("catalog.sqlite").path)
        try await queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_failed_fetches BEFORE INSERT ON fetch WHEN NEW.status >= 400
                BEGIN SELECT RAISE(ABORT, 'history refused by the test trigger'); END
                """)
        }
        try queue.close()
        try cdn.writePost("b.md", page: nil, urls: ["https://open.test/missing.png", "https://open.test/2.png"])
        let second = await cdn.mirror()

        #expect(second.status == ExitStatus.partialFailure, "the 404 fails as before")
        #expect(second.output.of("fetched").map { $0.string("url") } == ["https://open.test/2.png"], "the good image is archived")
        let warnings = second.output.diagnostics.filter { $0.contains("the catalog did not record") }
        #expect(warnings.count == 1, "\(second.output.diagnostics)")
        #expect(warnings.first?.hasPrefix("warning: https://open.test/missing.png:") == true, "\(warnings)")
        #expect(warnings.first?.contains("history refused by the test trigger") == true, "SQLite's own error: \(warnings)")
        let summary = try #require(second.output.of("summary").first)
        #expect(summary["history_not_recorded"] == .int(1), "\(summary)")

        // Only the refused rows are missing: the fetched image's history is there.
        let rows = try await cdn.fetches("https://open.test/2.png")
        #expect(rows.count >= 1 && rows.allSatisfy { $0.status == 200 })
        #expect(try await cdn.fetches("https://open.test/missing.png").isEmpty)

        // verify --repair re-fetching an object whose URL now fails: the refused history is said too.
        let sha = try FetchCDN.sha256(ofImage: 2)
        let folder = cdn.archive.appendingPathComponent("objects/\(sha.prefix(2))")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix(sha) })
        try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        try FileManager.default.removeItem(at: cdn.root.appendingPathComponent("open.test/2.png"))  // now 404
        var repairer = Repairer(archive: cdn.archive)
        repairer.connectTo = cdn.options().connectTo
        repairer.caCertificate = cdn.server.caCertificate.path
        let output = RecordingOutput()
        #expect(await repairer.run(output: output) == ExitStatus.damage)
        let repairWarnings = output.diagnostics.filter { $0.contains("the catalog did not record the repair's failed request(s)") }
        #expect(repairWarnings.count == 1 && repairWarnings.first?.hasPrefix("warning: https://open.test/2.png:") == true, "\(output.diagnostics)")
    }
}
