import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// `forget` records tombstones that later mirror runs honour; `prune` finds what nothing
/// references, reports it, and with `--yes` moves it to `quarantine/`.
@Suite struct ForgetPruneTests {
    @Test func aForgottenURLIsNeverFetchedAgainAndPruneQuarantinesItsObject() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let one = "https://open.test/1.png", two = "https://open.test/2.png"
        try cdn.writePost("a.md", page: nil, urls: [one, two])
        #expect(await cdn.mirror().status == ExitStatus.success)

        // A dry run says what it would do and writes nothing.
        let plan = RecordingOutput()
        #expect(ForgetJob(archive: cdn.archive, dryRun: true).run(argument: one, output: plan) == ExitStatus.success)
        #expect(plan.of("forgotten").first?["urls"] == .array([.string(one)]))
        #expect(try cdn.catalog().object(forURL: one) != nil)

        #expect(ForgetJob(archive: cdn.archive).run(argument: one, output: RecordingOutput()) == ExitStatus.success)
        #expect(try cdn.catalog().object(forURL: one) == nil)
        #expect(try cdn.catalog().object(forURL: two) != nil)

        // The next mirror skips it without a request.
        try cdn.server.clearLog()
        let again = await cdn.mirror()
        #expect(again.status == ExitStatus.success)
        #expect(again.output.record("skipped", url: one)?.string("reason") == "forgotten")
        #expect(!(try cdn.server.requestLog()).contains { $0.path == "/1.png" })

        // prune: a dry run lists the object and its thumbnail with their sizes and moves nothing.
        let sha = try FetchCDN.sha256(ofImage: 1)
        let object = cdn.archive.appendingPathComponent("objects/\(sha.prefix(2))/\(sha).png")
        let dry = RecordingOutput()
        #expect(Pruner(archive: cdn.archive).run(output: dry) == ExitStatus.success)
        #expect(Set(dry.of("pruned").compactMap { $0.string("sha256") }) == [sha])
        #expect(dry.of("pruned").compactMap { $0.string("kind") }.sorted() == ["object", "thumbnail"])
        let objectBytes = try #require(try FileManager.default.attributesOfItem(atPath: object.path)[.size] as? Int)
        #expect(dry.of("pruned").first { $0.string("kind") == "object" }?["bytes"] == .int(Int64(objectBytes)))
        #expect(dry.diagnostics.contains { $0.contains("would remove 1 object(s) and 1 thumbnail(s)") })
        #expect(FileManager.default.fileExists(atPath: object.path))

        let yes = RecordingOutput()
        #expect(Pruner(archive: cdn.archive, apply: true).run(output: yes) == ExitStatus.success)
        #expect(!FileManager.default.fileExists(atPath: object.path))
        let quarantined = cdn.archive.appendingPathComponent("quarantine/objects/\(sha.prefix(2))/\(sha).png")
        #expect(try SHA256Hasher.hash(fileAt: quarantined).sha256 == sha)
        #expect(try cdn.catalog().objects(sha256Prefix: sha).isEmpty)
        // The archive verifies clean, and nothing is left to prune.
        #expect(await Verifier(archive: cdn.archive).run(output: RecordingOutput()) == ExitStatus.success)
        let after = RecordingOutput()
        #expect(Pruner(archive: cdn.archive).run(output: after) == ExitStatus.success)
        #expect(after.of("pruned").isEmpty)
        try cdn.expectOnlyGoodObjects()
    }

    @Test func aForgottenPostKeepsTheImageAnotherPostShowsAndAForgottenHashIsNeverStored() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let one = "https://open.test/1.png", two = "https://open.test/2.png"
        let forgottenPost = try cdn.writePost("a.md", page: nil, urls: [one, two])
        try cdn.writePost("b.md", page: nil, urls: [two])
        #expect(await cdn.mirror().status == ExitStatus.success)

        let output = RecordingOutput()
        #expect(ForgetJob(archive: cdn.archive).run(argument: forgottenPost.path, output: output) == ExitStatus.success)
        let line = try #require(output.of("forgotten").first)
        #expect(line.string("kind") == "post")
        #expect(line["urls"] == .array([.string(one)]), "2.png is still shown by b.md")
        #expect(try cdn.catalog().object(forURL: two) != nil)
        let again = await cdn.mirror()
        #expect(again.output.of("skipped").filter { $0.string("reason") == "forgotten" && $0.string("post")?.hasSuffix("a.md") == true }.count == 2)
        #expect(try cdn.catalog().object(forURL: one) == nil, "the forgotten post's only image is not fetched again")

        // Forget the object by a hash prefix: its URLs go too, and the same bytes from a new URL are not stored.
        let sha = try FetchCDN.sha256(ofImage: 2)
        #expect(ForgetJob(archive: cdn.archive).run(argument: String(sha.prefix(12)), output: RecordingOutput()) == ExitStatus.success)
        try FileManager.default.copyItem(at: try FetchCDN.images[1], to: cdn.root.appendingPathComponent("open.test/copy-of-2.png"))
        try cdn.writePost("c.md", page: nil, urls: ["https://open.test/copy-of-2.png"])
        let third = await cdn.mirror()
        #expect(third.status == ExitStatus.success)
        #expect(third.output.record("skipped", url: "https://open.test/copy-of-2.png")?.string("reason") == "forgotten")
        #expect(third.output.record("skipped", url: two)?.string("reason") == "forgotten")
        #expect(try cdn.catalog().object(forURL: "https://open.test/copy-of-2.png") == nil)

        let prune = RecordingOutput()
        #expect(Pruner(archive: cdn.archive).run(output: prune) == ExitStatus.success)
        #expect(Set(prune.of("pruned").compactMap { $0.string("sha256") }) == [try FetchCDN.sha256(ofImage: 1), sha])
        // Something unknown is "not found".
        #expect(ForgetJob(archive: cdn.archive).run(argument: "no-such-post.md", output: RecordingOutput()) == ExitStatus.notFound)
    }
}
