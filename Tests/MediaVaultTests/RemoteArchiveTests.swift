import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import S3Storage
import TestSupport

/// Every verb on an archive in S3 (SeaweedFS, checking signatures and checksums) with its
/// catalog in PostgreSQL, end to end through the same jobs the command line runs.
@Suite(.testServer(.seaweedfs, .postgres))
struct RemoteArchiveTests {
    static let sample = ExampleCDN.posts.appendingPathComponent("sample-post.md").path

    @Test func mirrorThenVerifyInThreeModesThenDamageIsFoundAndRepaired() async throws {
        let remote = try RemoteArchive()
        let mirror = RecordingOutput()
        #expect(try await MirrorJob(options: remote.mirrorOptions()).run(inputs: [Self.sample], output: mirror) == 0,
                "\(mirror.diagnostics)")
        let fetched = mirror.of("fetched")
        #expect(fetched.count == 4)
        let catalog = try remote.target.catalog.openForReading()
        let objects = try catalog.allObjects()
        #expect(objects.count == 4)
        // The local layout under the prefix: objects and thumbnails, nothing else (no tmp/, no lock).
        let keys = try remote.keys()
        #expect(Set(keys) == Set(objects.map(\.relativePath) + objects.compactMap(\.thumbnail)))
        #expect(objects.allSatisfy { $0.thumbnail != nil && $0.phash != nil }, "thumbnails and hashes made before the temp file went")

        for mode in [StorageVerifier.Mode.fast, .checksums, .readData] {
            let output = RecordingOutput()
            #expect(await StorageVerifier(target: remote.target, mode: mode).run(output: output) == ExitStatus.success)
            let summary = try #require(output.of("summary").first)
            #expect(summary.int("problems") == 0)
            #expect(summary.int("hashed") == (mode == .fast ? 0 : 4), "\(mode)")
            #expect(summary.int("hashed_bytes") == (mode == .readData ? objects.reduce(0) { $0 + $1.size } : 0), "\(mode)")
        }

        // Behind its back: one object deleted, another replaced by other bytes under its name.
        let gone = objects[0], changed = objects[1]
        try remote.bucket.delete(key: remote.prefix + gone.relativePath)
        try remote.bucket.delete(key: remote.prefix + changed.relativePath)
        var other = Data(repeating: 7, count: Int(changed.size))
        other[0] = 1
        _ = try remote.bucket.put(key: remote.prefix + changed.relativePath, body: .data(other), sha256: Self.sha256(other))
        for mode in [StorageVerifier.Mode.fast, .checksums, .readData] {
            let output = RecordingOutput()
            #expect(await StorageVerifier(target: remote.target, mode: mode).run(output: output) == ExitStatus.damage, "\(mode)")
            let problems = Dictionary(output.of("problem").map { ($0.string("path") ?? "", $0.string("kind") ?? "") }, uniquingKeysWith: { a, _ in a })
            #expect(problems[gone.relativePath] == "missing", "\(mode)")
            // Same size: only the checksum or the bytes tell.
            #expect(problems[changed.relativePath] == (mode == .fast ? nil : "corrupt"), "\(mode): \(problems)")
        }

        var repairer = Repairer(target: remote.target)
        repairer.connectTo = try ExampleCDN.connectTo
        repairer.caCertificate = try ExampleCDN.server.caCertificate.path
        let repaired = RecordingOutput()
        #expect(await repairer.run(output: repaired) == ExitStatus.success, "\(repaired.records.map(\.jsonLine))")
        #expect(Set(repaired.of("repaired").compactMap { $0.string("path") }).isSuperset(of: [gone.relativePath, changed.relativePath]))
        let after = RecordingOutput()
        #expect(await StorageVerifier(target: remote.target, mode: .readData).run(output: after) == ExitStatus.success,
                "\(after.records.map(\.jsonLine))")
        // The damaged bytes were moved aside, never deleted.
        #expect(try remote.keys().contains("quarantine/" + changed.relativePath))

        // A second mirror finds everything archived: no request for the images, no new object.
        let again = RecordingOutput()
        #expect(try await MirrorJob(options: remote.mirrorOptions()).run(inputs: [Self.sample], output: again) == 0)
        #expect(again.of("skipped").count == 4 && again.of("fetched").isEmpty)
    }

    @Test func captionSearchGalleryExportPruneAndForgetOnTheRemoteArchive() async throws {
        let remote = try RemoteArchive()
        #expect(try await MirrorJob(options: remote.mirrorOptions()).run(inputs: [Self.sample], output: RecordingOutput()) == 0)
        let catalog = try remote.target.catalog.openForReading()
        let object = try #require(try catalog.allObjects().first)
        let url = try #require(try catalog.urls(sha256: object.sha256).first)

        let caption = RecordingOutput()
        #expect(CaptionLookup(target: remote.target).run(query: url, output: caption) == ExitStatus.success)
        #expect(caption.of("caption").first?.string("sha256") == object.sha256)
        let byHash = RecordingOutput()
        #expect(CaptionLookup(target: remote.target, similar: true).run(query: String(object.sha256.prefix(12)), output: byHash) == ExitStatus.success)
        #expect(byHash.of("caption").contains { $0.string("sha256") == object.sha256 })
        let search = RecordingOutput()
        #expect(SearchJob(target: remote.target).run(text: "普京", output: search) == ExitStatus.success)
        #expect(!search.of("caption").isEmpty)

        // Gallery through a public URL: links, no local files; with --copy: the bytes, downloaded.
        let linked = try TestPaths.makeTemporaryFolder("remote-gallery")
        var gallery = Gallery(target: remote.target, out: linked)
        gallery.publicURL = "https://media.example.org/archive"
        #expect(gallery.run(output: RecordingOutput()) == ExitStatus.success)
        let html = try String(contentsOf: linked.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("https://media.example.org/archive/\(object.relativePath)"))
        let noLinks = RecordingOutput()
        #expect(Gallery(target: remote.target, out: linked).run(output: noLinks) == ExitStatus.fatal)
        #expect(noLinks.diagnostics.joined().contains("--public-url"))
        let copied = try TestPaths.makeTemporaryFolder("remote-gallery-copy")
        var copy = Gallery(target: remote.target, out: copied)
        copy.copy = true
        #expect(copy.run(output: RecordingOutput()) == ExitStatus.success)
        #expect(try SHA256Hasher.hash(fileAt: copied.appendingPathComponent(object.relativePath)).sha256 == object.sha256)

        // BagIt: the objects downloaded into the bag, named by their hashes, with the catalog snapshot.
        let bag = try TestPaths.makeTemporaryFolder("remote-bag").appendingPathComponent("bag")
        let export = RecordingOutput()
        #expect(BagItExport(target: remote.target, bag: bag).run(output: export) == ExitStatus.success, "\(export.diagnostics)")
        #expect(export.of("bag").first?.int("objects") == 4)
        #expect(try SHA256Hasher.hash(fileAt: bag.appendingPathComponent("data/" + object.relativePath)).sha256 == object.sha256)
        #expect(try Catalog(readingFile: bag.appendingPathComponent("data/catalog.sqlite")).allObjects().count == 4)

        // Forget the post, then prune: the objects go to quarantine/ in the bucket.
        let forget = RecordingOutput()
        #expect(ForgetJob(target: remote.target).run(argument: Self.sample, output: forget) == ExitStatus.success, "\(forget.diagnostics)")
        let prune = RecordingOutput()
        #expect(Pruner(target: remote.target, apply: true).run(output: prune) == ExitStatus.success, "\(prune.diagnostics)")
        #expect(prune.of("summary").first?.int("objects") == 4)
        let keys = try remote.keys()
        #expect(keys.contains("quarantine/" + object.relativePath) && !keys.contains(object.relativePath))
        let verify = RecordingOutput()
        #expect(await StorageVerifier(target: remote.target, mode: .checksums).run(output: verify) == ExitStatus.success)
    }

    @Test func anS3ArchiveWithASQLiteCatalogFileOutsideIt() async throws {
        let remote = try RemoteArchive(sqliteCatalog: true)
        #expect(try await MirrorJob(options: remote.mirrorOptions()).run(inputs: [Self.sample], output: RecordingOutput()) == 0)
        guard case .sqlite(let file) = remote.target.catalog else { throw RemoteArchiveError("expected a SQLite catalog") }
        #expect(try Catalog(readingFile: file).allObjects().count == 4)
        #expect(await StorageVerifier(target: remote.target, mode: .checksums).run(output: RecordingOutput()) == ExitStatus.success)
    }

    @Test func aWrongSecretOrAMissingBucketStopsTheRunAndNamesWhatToFix() async throws {
        let wrong = try RemoteArchive(secret: "not-the-secret")
        let output = RecordingOutput()
        #expect(try await MirrorJob(options: wrong.mirrorOptions()).run(inputs: [Self.sample], output: output) == ExitStatus.fatal)
        #expect(output.diagnostics.joined().contains("AWS_SECRET_ACCESS_KEY"), "\(output.diagnostics)")
        #expect(output.of("fetched").isEmpty, "nothing is downloaded before the storage answers")

        var missing = try RemoteArchive().target
        missing.address = .s3(bucket: "no-such-bucket-\(UUID().uuidString.prefix(8).lowercased())", prefix: "")
        let noBucket = RecordingOutput()
        var options = MirrorOptions(target: missing)
        options.connectTo = try ExampleCDN.connectTo
        #expect(await MirrorJob(options: options).run(inputs: [Self.sample], output: noBucket) == ExitStatus.fatal)
        #expect(noBucket.diagnostics.joined().contains("does not exist"), "\(noBucket.diagnostics)")

        // An S3 archive and no catalog: refused before anything is opened, naming both ways to give one.
        #expect {
            _ = try ArchiveTarget.resolve(archive: "s3://bucket/prefix", catalog: nil, environment: [:])
        } throws: { error in
            "\(error)".contains("--catalog") && "\(error)".contains("$MEDIAVAULT_CATALOG")
        }
    }

    static func sha256(_ data: Data) -> String {
        let hasher = SHA256Hasher()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeHex()
    }
}
