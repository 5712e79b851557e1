import ArchiveStore
import Foundation
import S3Storage
import Testing
import TestSupport

/// The rules of `ObjectStorage`, checked the same way on every implementation (as restic's
/// backend suite is): a storage is done when this passes on it.
enum ObjectStorageContract {
    /// Streams `data` into a pending object of `storage`, as a download does.
    static func pending(_ storage: any ObjectStorage, _ data: Data) throws -> PendingObject {
        let pending = try storage.makePending()
        try data.withUnsafeBytes { try pending.write($0) }
        return pending
    }

    /// Everything the archive needs from a storage, on a fresh, empty one.
    static func check(_ storage: any ObjectStorage) async throws {
        let data = S3TestBucket.bytes(90_000, seed: 41)
        let sha = S3TestBucket.sha256(data)
        let relative = "objects/\(sha.prefix(2))/\(sha).jpg"

        // Absent things are answered as absent, not as errors.
        #expect(try storage.check(relativePath: relative) == nil)
        #expect(try storage.read(relativePath: relative, into: { _ in Issue.record("no bytes for a missing file") }) == false)

        // save: durable under the hash name, the temp file gone, the same bytes readable.
        let first = try pending(storage, data)
        let stored = try await storage.save(first, fileExtension: "jpg")
        #expect(stored.sha256 == sha && stored.size == Int64(data.count) && stored.isNew)
        // (An unnamed temp file, the local store's, never had a name; its `/proc/self/fd` path names
        // whatever file reuses the number: UnnamedTempFileTests checks that tmp/ stays empty.)
        if !first.isUnnamed { #expect(!FileManager.default.fileExists(atPath: first.path), "the temp file is gone once the object is saved") }
        #expect(try readAll(storage, relative) == data)
        let info = try #require(try storage.check(relativePath: relative))
        #expect(info.size == Int64(data.count))
        if let kept = info.sha256 { #expect(kept == sha, "a storage that keeps a checksum keeps the one sent") }

        // Idempotent: the same bytes again are not new, and nothing changes.
        let again = try await storage.save(try pending(storage, data), fileExtension: "jpg")
        #expect(!again.isNew && again.sha256 == sha)
        #expect(try readAll(storage, relative) == data)

        // A thumbnail made by the caller from a path without extension ends at thumbs/ab/<sha>.jpg.
        let thumbnailBytes = S3TestBucket.bytes(3_000, seed: 42)
        let thumbnail = try storage.storeThumbnail(sha256: sha) { base in
            let file = base.appendingPathExtension("jpg")
            try thumbnailBytes.write(to: file)
            return file
        }
        #expect(thumbnail == "thumbs/\(sha.prefix(2))/\(sha).jpg")
        #expect(try readAll(storage, thumbnail) == thumbnailBytes)

        // list: every file under a prefix with its size, and nothing from outside it.
        var objects: [ListedFile] = []
        try storage.list(prefix: "objects/") { objects.append($0) }
        #expect(objects == [ListedFile(relativePath: relative, size: Int64(data.count))])
        var thumbs: [ListedFile] = []
        try storage.list(prefix: "thumbs/\(sha.prefix(2))/") { thumbs.append($0) }
        #expect(thumbs.map(\.relativePath) == [thumbnail])

        // materialize: the bytes at a local path.
        let target = try TestPaths.makeTemporaryFolder("materialize").appendingPathComponent("copy.jpg")
        try storage.materialize(relativePath: relative, at: target)
        #expect(try Data(contentsOf: target) == data)

        // put: a local file in once; the second time the key is taken and nothing is written.
        let other = S3TestBucket.bytes(5_000, seed: 43)
        let otherSHA = S3TestBucket.sha256(other)
        let otherFile = target.deletingLastPathComponent().appendingPathComponent("other.png")
        try other.write(to: otherFile)
        let otherPath = "objects/\(otherSHA.prefix(2))/\(otherSHA).png"
        #expect(try storage.put(file: otherFile, relativePath: otherPath, sha256: otherSHA))
        #expect(try !storage.put(file: otherFile, relativePath: otherPath, sha256: otherSHA))
        #expect(try readAll(storage, otherPath) == other)

        // quarantine: moved to quarantine/<path>, never deleted; gone from its place; twice is harmless.
        #expect(try storage.quarantine(relativePath: relative) == Int64(data.count))
        #expect(try storage.check(relativePath: relative) == nil)
        #expect(try readAll(storage, "quarantine/" + relative) == data)
        #expect(try storage.quarantine(relativePath: relative) == 0)
    }

    /// The whole file at `relative`, or nil when absent.
    static func readAll(_ storage: any ObjectStorage, _ relative: String) throws -> Data? {
        var data = Data()
        return try storage.read(relativePath: relative, into: { data.append(contentsOf: $0) }) ? data : nil
    }
}

/// The contract on the local folder.
@Suite struct LocalObjectStorageTests {
    @Test func keepsTheObjectStorageContract() async throws {
        try await ObjectStorageContract.check(ObjectStore(root: try TestPaths.makeTemporaryFolder("local-storage")))
    }
}

/// The contract on SeaweedFS, under a prefix with a space (keys are encoded as SigV4 wants).
@Suite(.testServer(.seaweedfs))
struct S3ObjectStorageTests {
    @Test func keepsTheObjectStorageContract() async throws {
        let bucket = try S3TestBucket.freshClient()
        let storage = try S3ObjectStorage(configuration: bucket.configuration, prefix: "team archive/2026", connections: 2)
        try storage.checkAccess()
        try await ObjectStorageContract.check(storage)
        // The keys sit under the prefix, with the local archive's layout.
        var keys: [String] = []
        try bucket.list(prefix: "") { keys.append($0.key) }
        #expect(keys.allSatisfy { $0.hasPrefix("team archive/2026/") })
        #expect(keys.contains { $0.hasPrefix("team archive/2026/quarantine/objects/") })
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: storage.tmpFolder.path)) ?? []
        #expect(leftovers.isEmpty, "no temp file is left behind")
    }
}
