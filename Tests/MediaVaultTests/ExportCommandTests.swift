import Foundation
import Testing
import TestSupport

/// The built binary's `mirror --rewrite-to`, `gallery` and `export` verbs: exit codes and JSON Lines.
@Suite(.serialized) struct ExportCommandTests {
    @Test func rewriteGalleryAndExportThroughTheBinary() throws {
        let root = try TestPaths.makeTemporaryFolder("e2e-offline")
        defer { try? FileManager.default.removeItem(at: root) }
        let archive = root.appendingPathComponent("Archive").path
        let network = try ExampleCDN.connectTo.flatMap { ["--connect-to", $0] } + ["--cacert", ExampleCDN.server.caCertificate.path]

        let offline = root.appendingPathComponent("offline")
        let mirror = try EndToEndTests.run(["mirror", ExampleCDN.posts.path, "--archive", archive, "--rewrite-to", offline.path, "--json"] + network)
        #expect(mirror.status == 0, "\(mirror.stderr)")
        #expect(mirror.lines.last?["type"] as? String == "summary")
        let rewritten = mirror.lines.filter { $0["type"] as? String == "rewritten" }
        #expect(rewritten.count == 5)
        #expect(rewritten.allSatisfy { ($0["failed"] as? [Any])?.isEmpty == true })
        #expect(FileManager.default.fileExists(atPath: offline.appendingPathComponent("sample-post.md").path))

        let dryRun = try EndToEndTests.run(["mirror", ExampleCDN.posts.path, "--dry-run", "--rewrite-to", offline.path])
        #expect(dryRun.status == 64, "--rewrite-to needs the archive")

        let gallery = try EndToEndTests.run(["gallery", "--archive", archive, "--out", root.appendingPathComponent("gallery").path, "--json"])
        #expect(gallery.status == 0, "\(gallery.stderr)")
        #expect(gallery.lines.first?["type"] as? String == "gallery")
        #expect(gallery.lines.last?["type"] as? String == "summary")

        let bag = root.appendingPathComponent("bag")
        let export = try EndToEndTests.run(["export", "--archive", archive, "--bagit", bag.path, "--json"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.lines.first?["type"] as? String == "bag")
        #expect(FileManager.default.fileExists(atPath: bag.appendingPathComponent("bagit.txt").path))
        let again = try EndToEndTests.run(["export", "--archive", archive, "--bagit", bag.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("not empty"))

        let noArchive = try EndToEndTests.run(["gallery", "--archive", root.appendingPathComponent("none").path, "--out", root.path])
        #expect(noArchive.status == 2)
        #expect(noArchive.stderr.contains("run `mediavault mirror` first"))
    }
}
