import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import S3Storage
import TestSupport

/// `mediavault migrate` of a mirrored local archive into SeaweedFS + PostgreSQL.
@Suite(.testServer(.seaweedfs, .postgres))
struct MigrationTests {
    @Test func migrateThenBothArchivesAnswerAlikeAndAnInterruptedCopyResumes() async throws {
        let local = try TestPaths.makeTemporaryFolder("migrate-source")
        defer { try? FileManager.default.removeItem(at: local) }
        let sample = ExampleCDN.posts.appendingPathComponent("sample-post.md").path
        #expect(try await MirrorJob(options: ExampleCDN.options(archive: local)).run(inputs: [sample], output: RecordingOutput()) == 0)
        let source = try Catalog(readingFile: ArchiveLocation.catalogFile(in: local))
        let objects = try source.allObjects()
        #expect(objects.count == 4)

        // An earlier run was cut off after two objects reached the bucket (bytes, no rows yet).
        let remote = try RemoteArchive()
        for object in objects.prefix(2) {
            _ = try remote.bucket.put(key: remote.prefix + object.relativePath, body: .file(local.appendingPathComponent(object.relativePath)),
                                      sha256: object.sha256)
        }
        let output = RecordingOutput()
        #expect(await Migration(source: local, destination: remote.target).run(output: output) == ExitStatus.success,
                "\(output.diagnostics)")
        let migrated = try #require(output.of("migrated").first)
        #expect(migrated.int("objects_copied") == 2 && migrated.int("objects_present") == 2)
        #expect(migrated.int("thumbnails") == 4)
        #expect(output.of("summary").first?.int("verified") == 4)

        // Both archives verify clean and answer every lookup the same way.
        #expect(await Verifier(archive: local).run(output: RecordingOutput()) == ExitStatus.success)
        for mode in [StorageVerifier.Mode.fast, .checksums, .readData] {
            #expect(await StorageVerifier(target: remote.target, mode: mode).run(output: RecordingOutput()) == ExitStatus.success)
        }
        let destination = try remote.target.catalog.openForReading()
        #expect(try destination.counts() == source.counts())
        #expect(try destination.allObjects() == objects)
        for object in objects {
            let url = try #require(try source.urls(sha256: object.sha256).first)
            #expect(try Self.captions(.local(local), url) == Self.captions(remote.target, url))
        }
        for word in ["普京", "拜登", "nothing-like-this"] {
            // The same hits; hits that tie (a match in the post title only) may come in another
            // order, as each engine breaks ties its own way.
            let (a, b) = (try Self.search(.local(local), word), try Self.search(remote.target, word))
            #expect(a.sorted() == b.sorted(), "\(word): \(a) vs \(b)")
            #expect(a.first == b.first, "\(word): the best hit is the same")
        }

        // A second run copies nothing and changes no row.
        let again = RecordingOutput()
        #expect(await Migration(source: local, destination: remote.target).run(output: again) == ExitStatus.success)
        #expect(again.of("migrated").first?.int("objects_copied") == 0)
        #expect(try destination.counts() == source.counts())
    }

    /// The `caption` lines for `query`.
    static func captions(_ target: ArchiveTarget, _ query: String) throws -> [String] {
        let output = RecordingOutput()
        _ = CaptionLookup(target: target).run(query: query, output: output)
        return output.of("caption").map(\.jsonLine)
    }

    /// The `caption` lines of a search for `text`.
    static func search(_ target: ArchiveTarget, _ text: String) throws -> [String] {
        let output = RecordingOutput()
        _ = SearchJob(target: target).run(text: text, output: output)
        return output.records.map(\.jsonLine)
    }
}
