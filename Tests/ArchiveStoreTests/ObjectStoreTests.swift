import ChildProcess
import Foundation
import Testing
@testable import ArchiveStore
import TestSupport

@Suite struct ObjectStoreTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func commitNamesTheFileByItsSHA256AndMakesItReadOnly() throws {
        let root = try TestPaths.makeTemporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ObjectStore(root: root)
        let pending = try store.makePending()
        let data = bytes("hello, archive")
        try data.withUnsafeBytes { try pending.write($0) }
        let object = try store.commit(pending, fileExtension: "bin")

        // Known SHA-256 of "hello, archive", checked independently with sha256sum.
        let expected = try Self.sha256sum(of: object.file)
        #expect(object.sha256 == expected)
        #expect(object.file.path == root.path + "/objects/\(expected.prefix(2))/\(expected).bin")
        #expect(try Data(contentsOf: object.file) == Data(data))
        #expect(object.isNew)
        let mode = try FileManager.default.attributesOfItem(atPath: object.file.path)[.posixPermissions] as? Int
        #expect(mode == 0o444)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.tmpFolder.path).isEmpty)
    }

    @Test func identicalBytesAreStoredOnce() throws {
        let root = try TestPaths.makeTemporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ObjectStore(root: root)
        var objects: [StoredObject] = []
        for _ in 0..<2 {
            let pending = try store.makePending()
            try bytes("same bytes").withUnsafeBytes { try pending.write($0) }
            objects.append(try store.commit(pending, fileExtension: "jpg"))
        }
        #expect(objects[0].sha256 == objects[1].sha256)
        #expect(objects[0].isNew && !objects[1].isNew)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.tmpFolder.path).isEmpty)
    }

    @Test func anAbandonedPendingObjectLeavesNothingBehind() throws {
        let root = try TestPaths.makeTemporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ObjectStore(root: root)
        do {
            let pending = try store.makePending()
            try bytes("partial").withUnsafeBytes { try pending.write($0) }
            #expect(FileManager.default.fileExists(atPath: pending.file.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.tmpFolder.path).isEmpty)
    }

    @Test func staleTemporaryFilesAreCleaned() throws {
        let root = try TestPaths.makeTemporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ObjectStore(root: root)
        try Data("crash leftover".utf8).write(to: store.tmpFolder.appendingPathComponent("x.part"))
        #expect(store.cleanTemporaryFiles() == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.tmpFolder.path).isEmpty)
    }

    @Test func anUnwritableTmpFolderGivesAnErrorNamingThePath() throws {
        // Root ignores permission bits, so the tmp folder is replaced by a plain file instead.
        let root = try TestPaths.makeTemporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ObjectStore(root: root)
        try FileManager.default.removeItem(at: store.tmpFolder)
        try Data("not a folder".utf8).write(to: store.tmpFolder)
        do {
            _ = try store.makePending()
            Issue.record("makePending should fail when tmp/ is not a folder")
        } catch let error as StoreError {
            #expect(error.description.contains(store.tmpFolder.path))
        }
    }

    @Test func hashingAFileMatchesSha256sum() throws {
        let root = try TestPaths.makeTemporaryFolder("hash")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("big")
        // 3 MiB of varied bytes: crosses the 1 MiB read buffer.
        var data = Data(count: 3 << 20)
        for i in 0..<data.count { data[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 9) }
        try data.write(to: file)
        let (sha, size) = try SHA256Hasher.hash(fileAt: file)
        #expect(size == Int64(data.count))
        #expect(sha == (try Self.sha256sum(of: file)))
    }

    @Test func aSecondWriterWaitsForTheLockOrIsToldTheArchiveIsBusy() throws {
        let root = try TestPaths.makeTemporaryFolder("lock")
        defer { try? FileManager.default.removeItem(at: root) }
        // flock locks belong to open file descriptions, so two opens in one process conflict like two processes.
        let first = try ArchiveLock(root: root, exclusive: true)
        #expect(throws: StoreError.self) { try ArchiveLock(root: root, exclusive: true, wait: false) }
        _ = first
    }

    static func sha256sum(of file: URL) throws -> String {
        let text = try ChildProcess.run("/usr/bin/sha256sum", arguments: [file.path]).stdoutText
        return String(text.prefix(64))
    }
}
