import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

@Suite(.serialized) struct VerifierTests {
    /// A small archive made by a real mirror of the sample post.
    private func makeArchive() async throws -> URL {
        let archive = try TestPaths.makeTemporaryFolder("verify")
        let status = try await MirrorJob(options: ExampleCDN.options(archive: archive))
            .run(inputs: [ExampleCDN.posts.appendingPathComponent("sample-post.md").path], output: RecordingOutput())
        #expect(status == ExitStatus.success)
        return archive
    }

    private func problems(_ output: RecordingOutput) -> [String: String] {
        Dictionary(output.of("problem").map { ($0.string("path") ?? "", $0.string("kind") ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    @Test func aHealthyArchiveVerifiesClean() async throws {
        let archive = try await makeArchive()
        defer { try? FileManager.default.removeItem(at: archive) }
        let output = RecordingOutput()
        #expect(await Verifier(archive: archive).run(output: output) == ExitStatus.success)
        #expect(output.of("problem").isEmpty)
        #expect(output.of("summary").first?["objects"] == .int(4))
    }

    @Test func damageIsFoundAndNamedAndExitsFour() async throws {
        let archive = try await makeArchive()
        defer { try? FileManager.default.removeItem(at: archive) }
        let objects = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite")).allObjects()
        #expect(objects.count == 4)
        // Flip one byte of the first object (same size: only re-hashing can see it).
        let corrupt = archive.appendingPathComponent(objects[0].relativePath)
        chmod(corrupt.path, 0o644)
        var bytes = try Data(contentsOf: corrupt)
        bytes[bytes.count / 2] ^= 0xff
        try bytes.write(to: corrupt)
        // Delete the second; add an orphan; leave a temp file; delete a thumbnail.
        try FileManager.default.removeItem(at: archive.appendingPathComponent(objects[1].relativePath))
        let orphan = archive.appendingPathComponent("objects/00/" + String(repeating: "0", count: 64) + ".jpg")
        try FileManager.default.createDirectory(at: orphan.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("orphan".utf8).write(to: orphan)
        try Data("partial".utf8).write(to: archive.appendingPathComponent("tmp/x.part"))
        if let thumbnail = objects[2].thumbnail { try FileManager.default.removeItem(at: archive.appendingPathComponent(thumbnail)) }

        let output = RecordingOutput()
        #expect(await Verifier(archive: archive).run(output: output) == ExitStatus.damage)
        let found = problems(output)
        #expect(found[objects[0].relativePath] == "corrupt")
        #expect(found[objects[1].relativePath] == "missing")
        #expect(found["objects/00/" + String(repeating: "0", count: 64) + ".jpg"] == "orphan")
        #expect(found["tmp/x.part"] == "tmp")
        #expect(found[objects[2].thumbnail ?? "?"] == "thumbnail")
        #expect(output.of("summary").first?["damage"] == .int(2))
        #expect(output.diagnostics.contains { $0.contains("mediavault verify --repair") })

        // --fast does not read the data: it sees the missing file but not the flipped byte.
        let fast = RecordingOutput()
        #expect(await Verifier(archive: archive, depth: .fast).run(output: fast) == ExitStatus.damage)
        #expect(problems(fast)[objects[0].relativePath] == nil)
        #expect(problems(fast)[objects[1].relativePath] == "missing")
    }

    @Test func verifyNeverWritesToTheArchive() async throws {
        let archive = try await makeArchive()
        defer { try? FileManager.default.removeItem(at: archive) }
        // Every file's bytes and time. SQLite's own -wal/-shm files are left out: a reader of a
        // WAL database may create them, which changes no data.
        func snapshot() throws -> [String: String] {
            var out: [String: String] = [:]
            for path in Verifier.files(under: archive) where !path.hasSuffix("-wal") && !path.hasSuffix("-shm") {
                let file = archive.appendingPathComponent(path)
                let date = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
                out[path] = try SHA256Hasher.hash(fileAt: file).sha256 + " \(date?.timeIntervalSince1970 ?? 0)"
            }
            return out
        }
        let before = try snapshot()
        _ = await Verifier(archive: archive).run(output: RecordingOutput())
        #expect(try snapshot() == before)
    }

    @Test func aFirstRunKilledBeforeItsCatalogExistedIsNotDamage() async throws {
        let archive = try TestPaths.makeTemporaryFolder("verify-nocatalog")
        defer { try? FileManager.default.removeItem(at: archive) }
        let sha = String(repeating: "ab", count: 32)
        let object = archive.appendingPathComponent("objects/ab/\(sha).jpg")
        try FileManager.default.createDirectory(at: object.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("bytes".utf8).write(to: object)
        try FileManager.default.createDirectory(at: archive.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        try Data("partial".utf8).write(to: archive.appendingPathComponent("tmp/x.part"))
        let output = RecordingOutput()
        #expect(await Verifier(archive: archive).run(output: output) == ExitStatus.success)
        #expect(Set(problems(output).values) == ["orphan", "tmp"])
        // A folder that is no archive at all is still refused.
        let empty = try TestPaths.makeTemporaryFolder("verify-empty")
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(await Verifier(archive: empty).run(output: RecordingOutput()) == ExitStatus.fatal)
    }
}
