import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

@Suite(.serialized) struct LookupSimilarTests {
    @Test func similarFindsAReencodedCopyWithItsDistance() async throws {
        let (archive, posts) = try await LookupTestArchive.make("similar")
        defer { try? FileManager.default.removeItem(at: archive.deletingLastPathComponent()) }
        // Mirror stored a perceptual hash for every JPEG.
        let catalog = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite"))
        #expect(try catalog.allObjects().allSatisfy { $0.phash != nil })

        // A recompressed copy of the first photo is not in the archive by SHA-256 ...
        let image = try Data(contentsOf: posts.appendingPathComponent("p0.jpg"))
        let copy = posts.appendingPathComponent("small-copy.jpg")
        try ResizedCopy.write(jpeg: image, to: copy)
        #expect(CaptionLookup(archive: archive).run(query: copy.path, output: RecordingOutput()) == ExitStatus.notFound)

        // ... but --similar finds it, closest first, with the distance and its caption and post.
        let output = RecordingOutput()
        #expect(CaptionLookup(archive: archive, similar: true).run(query: copy.path, output: output) == ExitStatus.success)
        let lines = output.of("caption")
        let first = try #require(lines.first)
        #expect(first.string("caption") == LookupTestArchive.captions[0])
        #expect(first.string("title") == "旅行照片 Travel notes")
        if case .int(let distance) = first["distance"] { #expect(distance <= 8) } else { Issue.record("no distance") }
        #expect(!lines.contains { $0.string("caption") == LookupTestArchive.captions[1] })
        #expect(first.jsonLine.contains("\"distance\":"))

        // By hash prefix with --similar the object itself comes first at distance 0.
        let sha = try #require(first.string("sha256"))
        let byPrefix = RecordingOutput()
        #expect(CaptionLookup(archive: archive, similar: true).run(query: String(sha.prefix(10)), output: byPrefix) == ExitStatus.success)
        #expect(byPrefix.of("caption").first?["distance"] == .int(0))
    }

    @Test func nothingSimilarExitsOne() async throws {
        let (archive, _) = try await LookupTestArchive.make("similar-none")
        defer { try? FileManager.default.removeItem(at: archive.deletingLastPathComponent()) }
        let other = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images")
        let names = try FileManager.default.contentsOfDirectory(atPath: other.path).filter { $0.hasSuffix(".jpg") }.sorted()
        let stranger = other.appendingPathComponent(names[5])
        let output = RecordingOutput()
        #expect(CaptionLookup(archive: archive, similar: true, maxDistance: 8).run(query: stranger.path, output: output) == ExitStatus.notFound)
        #expect(output.diagnostics.contains { $0.contains("not found") })
    }
}

/// A resized, recompressed copy of a JPEG made with the archive's own codec.
enum ResizedCopy {
    static func write(jpeg: Data, to file: URL) throws {
        let folder = file.deletingLastPathComponent()
        let source = folder.appendingPathComponent("source-\(UUID().uuidString).jpg")
        try jpeg.write(to: source)
        defer { try? FileManager.default.removeItem(at: source) }
        // A 200 px thumbnail at JPEG quality 50: resized and recompressed, the worst case --similar handles.
        let thumbnail = try Thumbnailer(maxEdge: 200, jpegQuality: 50).makeThumbnail(of: source, to: folder.appendingPathComponent("small"))
        try FileManager.default.moveItem(at: thumbnail.file, to: file)
    }
}
