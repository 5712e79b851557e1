import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

@Suite(.serialized) struct RepairTests {
    @Test func repairRefetchesRebuildsAdoptsAndLeavesACleanArchive() async throws {
        let archive = try TestPaths.makeTemporaryFolder("repair")
        defer { try? FileManager.default.removeItem(at: archive) }
        let sample = ExampleCDN.posts.appendingPathComponent("sample-post.md").path
        #expect(try await MirrorJob(options: ExampleCDN.options(archive: archive)).run(inputs: [sample], output: RecordingOutput()) == 0)
        let catalogFile = archive.appendingPathComponent("catalog.sqlite")
        let objects = try Catalog(readingFile: catalogFile).allObjects()
        #expect(objects.count == 4)

        // Delete one object, flip a byte of another, delete a thumbnail, add an orphan and a temp file.
        try FileManager.default.removeItem(at: archive.appendingPathComponent(objects[0].relativePath))
        let corrupt = archive.appendingPathComponent(objects[1].relativePath)
        chmod(corrupt.path, 0o644)
        var bytes = try Data(contentsOf: corrupt)
        bytes[bytes.count / 2] ^= 0xff
        try bytes.write(to: corrupt)
        let thumbnail = try #require(objects[2].thumbnail)
        try FileManager.default.removeItem(at: archive.appendingPathComponent(thumbnail))
        let stranger = try #require(LookupTestArchive.photos.last)
        let (orphanSha, _) = try SHA256Hasher.hash(fileAt: stranger)
        let orphan = archive.appendingPathComponent("objects/\(orphanSha.prefix(2))/\(orphanSha).jpg")
        try FileManager.default.createDirectory(at: orphan.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: stranger, to: orphan)
        try Data("partial".utf8).write(to: archive.appendingPathComponent("tmp/x.part"))
        // An object from before perceptual hashes existed.
        try await Catalog(file: catalogFile).database.write { db in
            try db.execute(sql: "UPDATE object SET phash = NULL WHERE sha256 = ?", arguments: [objects[3].sha256])
        }

        let before = RecordingOutput()
        #expect(await Verifier(archive: archive).run(output: before) == ExitStatus.damage)
        #expect(before.of("summary").first?.string("repair") == "mediavault verify --repair --archive \(archive.path)")

        var repairer = Repairer(archive: archive)
        repairer.connectTo = try ExampleCDN.connectTo
        repairer.caCertificate = try ExampleCDN.server.caCertificate.path
        let output = RecordingOutput()
        #expect(await repairer.run(output: output) == ExitStatus.success, "\(output.records.map(\.jsonLine))")
        let repaired = Dictionary(output.of("repaired").map { ($0.string("path") ?? "", $0.string("kind") ?? "") },
                                  uniquingKeysWith: { a, _ in a })
        #expect(repaired[objects[0].relativePath] == "missing")
        #expect(repaired[objects[1].relativePath] == "corrupt")
        #expect(repaired[thumbnail] == "thumbnail")
        #expect(repaired["objects/\(orphanSha.prefix(2))/\(orphanSha).jpg"] == "orphan")
        #expect(repaired["tmp/x.part"] == "tmp")
        #expect(output.of("summary").first?["perceptual_hashes"] == .int(1))
        // The re-fetch sent the Referer that worked the first time, and the damaged bytes were kept aside.
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive.appendingPathComponent("quarantine").path).count == 1)

        let after = RecordingOutput()
        #expect(await Verifier(archive: archive).run(output: after) == ExitStatus.success)
        #expect(after.of("problem").isEmpty, "\(after.of("problem").map(\.jsonLine))")
        let catalog = try Catalog(readingFile: catalogFile)
        #expect(try catalog.allObjects().count == 5)
        #expect(try catalog.allObjects().allSatisfy { $0.phash != nil })
        // The adopted orphan is described as a new object is: its size, thumbnail and hash.
        let adopted = try #require(try catalog.allObjects().first { $0.sha256 == orphanSha })
        #expect(adopted.thumbnail != nil && adopted.width != nil && adopted.height != nil && adopted.phash != nil, "\(adopted)")
    }

    @Test func whatCannotBeFetchedIsReportedAndExitsFour() async throws {
        let (archive, _) = try await LookupTestArchive.make("repair-local")
        defer { try? FileManager.default.removeItem(at: archive.deletingLastPathComponent()) }
        let object = try #require(try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite")).allObjects().first)
        try FileManager.default.removeItem(at: archive.appendingPathComponent(object.relativePath))
        // Its URL is a file:// URL of a post folder that no longer has the picture either.
        try FileManager.default.removeItem(at: archive.deletingLastPathComponent().appendingPathComponent("posts"))
        let output = RecordingOutput()
        #expect(await Repairer(archive: archive).run(output: output) == ExitStatus.damage)
        #expect(output.of("problem").first?.string("kind") == "missing")
        #expect(output.of("summary").first?["damage"] == .int(1))
    }
}
