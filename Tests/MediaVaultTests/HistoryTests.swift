import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// History, not overwrite: `--recheck` that finds new bytes adds an observation and keeps the
/// old object; `caption URL` shows the current image and names the earlier one.
@Suite struct HistoryTests {
    @Test func recheckAddsToTheHistoryAndCaptionNamesTheEarlierCapture() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let url = "https://open.test/5.png"
        try cdn.writePost("a.md", page: nil, urls: [url])
        #expect(await cdn.mirror().status == ExitStatus.success)
        let old = try FetchCDN.sha256(ofImage: 5), new = try FetchCDN.sha256(ofImage: 6)

        var recheck = cdn.options()
        recheck.recheck = true
        #expect(await cdn.mirror(recheck).status == ExitStatus.success)  // 304: unchanged
        let served = cdn.root.appendingPathComponent("open.test/5.png")
        try FileManager.default.removeItem(at: served)
        try FileManager.default.copyItem(at: try FetchCDN.images[5], to: served)
        #expect(await cdn.mirror(recheck).output.record("fetched", url: url)?.string("sha256") == new)

        // Every answer is kept, in order: fetched, unchanged, fetched (new bytes).
        let catalog = try cdn.catalog()
        let history = try catalog.history(url: url)
        #expect(history.map(\.event) == ["fetched", "unchanged", "fetched"])
        #expect(history.map(\.sha256) == [old, old, new])
        #expect(history.map(\.status) == [200, 304, 200])
        // The old bytes stay in the archive.
        let oldObject = try #require(try catalog.objects(sha256Prefix: old).first)
        #expect(FileManager.default.fileExists(atPath: cdn.archive.appendingPathComponent(oldObject.relativePath).path))

        let output = RecordingOutput()
        #expect(CaptionLookup(archive: cdn.archive).run(query: url, output: output) == ExitStatus.success)
        let line = try #require(output.of("caption").first)
        #expect(line.string("sha256") == new)
        #expect(line["earlier"] == .array([.string(old)]))
        #expect(output.diagnostics.contains { $0.contains("showed other images before") && $0.contains(String(old.prefix(12))) })
        // Looked up by its hash, the old capture still names its URL and post.
        let byHash = RecordingOutput()
        #expect(CaptionLookup(archive: cdn.archive).run(query: old, output: byHash) == ExitStatus.success)
        #expect(byHash.of("caption").first?.string("sha256") == old)
        // An earlier capture is still referenced: prune keeps it.
        let prune = RecordingOutput()
        #expect(Pruner(archive: cdn.archive).run(output: prune) == ExitStatus.success)
        #expect(prune.of("pruned").isEmpty, "\(prune.records.map(\.jsonLine))")
    }
}
