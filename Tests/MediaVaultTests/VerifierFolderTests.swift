import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// `verify` walks the archive one fan-out folder at a time: files anywhere else under objects/
/// are still found, and a catalog of many objects is checked folder by folder.
@Suite struct VerifierFolderTests {
    @Test("stray files outside fan-out folders and folders inside them are orphans; healthy objects are not")
    func strayFilesAreOrphans() async throws {
        let archive = try TestPaths.makeTemporaryFolder("verify-folders")
        defer { try? FileManager.default.removeItem(at: archive) }
        let status = try await MirrorJob(options: ExampleCDN.options(archive: archive))
            .run(inputs: [ExampleCDN.posts.appendingPathComponent("sample-post.md").path], output: RecordingOutput())
        #expect(status == ExitStatus.success)
        let objects = archive.appendingPathComponent("objects")
        let strays = ["zz/stray.jpg", "README", "ab/nested/deep.bin"]
        for stray in strays {
            let file = objects.appendingPathComponent(stray)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("stray".utf8).write(to: file)
        }
        let output = RecordingOutput()
        #expect(await Verifier(archive: archive, depth: .fast).run(output: output) == ExitStatus.success)
        let orphans = output.of("problem").filter { $0.string("kind") == "orphan" }.compactMap { $0.string("path") }
        #expect(Set(orphans) == Set(strays.map { "objects/" + $0 }))
        #expect(output.of("problem").count == strays.count)
        #expect(output.of("summary").first?["objects"] == .int(4))
    }

    @Test("2,000 catalogued objects across all 256 folders: one missing and one resized are found, the rest pass")
    func manyObjectsAcrossFolders() async throws {
        let archive = try TestPaths.makeTemporaryFolder("verify-many")
        defer { try? FileManager.default.removeItem(at: archive) }
        let store = try ObjectStore(root: archive)
        let catalog = try Catalog(file: ArchiveLocation.catalogFile(in: archive))
        let pendings = try (0..<2_000).map { i in
            let pending = try store.makePending()
            try Array("object \(i)".utf8).withUnsafeBytes { try pending.write($0) }
            return pending
        }
        let stored = try await withThrowingTaskGroup(of: StoredObject.self) { group in  // saved together: a few batches
            for pending in pendings { group.addTask { try await store.save(pending, fileExtension: "bin") } }
            return try await group.reduce(into: [StoredObject]()) { $0.append($1) }
        }
        let rows = stored.sorted { $0.sha256 < $1.sha256 }.map {
            ObjectRows(object: ObjectRecord(sha256: $0.sha256, size: $0.size, ext: "bin", mediaType: "unknown"), url: nil, fetches: [])
        }
        try catalog.recordObjects(rows)
        let gone = rows[10].object, resized = rows[1_500].object
        try FileManager.default.removeItem(at: archive.appendingPathComponent(gone.relativePath))
        let resizedFile = archive.appendingPathComponent(resized.relativePath)
        chmod(resizedFile.path, 0o644)
        try Data("longer than before".utf8).write(to: resizedFile)
        let output = RecordingOutput()
        #expect(await Verifier(archive: archive).run(output: output) == ExitStatus.damage)
        let found = Dictionary(output.of("problem").map { ($0.string("sha256") ?? "", $0.string("kind") ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(found == [gone.sha256: "missing", resized.sha256: "corrupt"])
        #expect(output.of("summary").first?["objects"] == .int(2_000))
        #expect(output.of("summary").first?["hashed_bytes"] == .int(rows.reduce(0) { $0 + $1.object.size } - gone.size - resized.size))
    }
}
