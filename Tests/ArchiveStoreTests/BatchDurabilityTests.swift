import Foundation
import Testing
@testable import ArchiveStore
import TestSupport

/// The two ways a batch is made durable (`FileSystemSync`, `PerFileSync`) commit the same objects.
@Suite struct BatchDurabilityTests {
    private func entries(in root: URL, _ texts: [String]) throws -> [BatchCommit.Entry] {
        try texts.map { text in
            let pending = try PendingObject(path: root.appendingPathComponent("tmp/\(UUID().uuidString)").path)
            try Array(text.utf8).withUnsafeBytes { try pending.write($0) }
            return BatchCommit.Entry(pending: pending, fileExtension: "txt")
        }
    }

    @Test("syncfs is chosen on Linux; MEDIAVAULT_DURABILITY=fsync chooses one fsync per file")
    func theModeIsChosenOnce() throws {
        let root = try TestPaths.makeTemporaryFolder("durability")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(ObjectStore.durability(objectsPath: root.path, environment: [:]) is FileSystemSync)
        #expect(ObjectStore.durability(objectsPath: root.path, environment: ["MEDIAVAULT_DURABILITY": "fsync"]) is PerFileSync)
        // A folder that cannot be opened cannot be synced: per-file fsync instead.
        #expect(ObjectStore.durability(objectsPath: root.appendingPathComponent("missing").path, environment: [:]) is PerFileSync)
    }

    @Test("both flush a batch of 40 objects (one a duplicate) to the same named, read-only files",
          arguments: ["syncfs", "fsync"])
    func bothCommitTheSameBatch(mode: String) throws {
        let root = try TestPaths.makeTemporaryFolder("durability")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["objects", "tmp"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let objects = root.appendingPathComponent("objects").path
        let durability: any BatchDurability = mode == "syncfs"
            ? try #require(FileSystemSync(folder: objects)) : PerFileSync(lanes: SyncLanes(count: 4))
        let commit = BatchCommit(objectsPath: objects, folders: FolderCache(), durability: durability, pause: nil)
        let texts = (0..<39).map { "object \($0)" } + ["object 7"]
        let results = commit.commit(try entries(in: root, texts))
        let stored = try results.map { try $0.get() }
        #expect(stored.filter(\.isNew).count == 39)
        for (text, object) in zip(texts, stored) {
            #expect(try String(contentsOf: object.file, encoding: .utf8) == text)
            #expect(try ObjectStoreTests.sha256sum(of: object.file) == object.sha256)
            let mode = try FileManager.default.attributesOfItem(atPath: object.file.path)[.posixPermissions] as? Int
            #expect(mode == 0o444)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
    }

    @Test("a temp file that cannot be closed fails alone; the rest of the batch is committed")
    func aFailedCloseFailsOnlyItsObject() throws {
        let root = try TestPaths.makeTemporaryFolder("durability")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["objects", "tmp"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let objects = root.appendingPathComponent("objects").path
        let sync = try #require(FileSystemSync(folder: objects))
        let batch = try entries(in: root, ["kept", "lost"])
        // Close the second file's descriptor behind its back: its close(2) then fails with EBADF.
        batch[1].pending.breakDescriptorForTesting()
        let errors = sync.flushBytes(batch)
        #expect(errors[0] == nil)
        let message = "\(try #require(errors[1]))"
        #expect(message.contains("cannot close") && message.contains("errno 9"), "\(message)")
    }

    @Test("a rename into objects/ never replaces an existing object, and the store's temp files are read-only from the start")
    func movesNeverReplace() throws {
        let root = try TestPaths.makeTemporaryFolder("durability")
        defer { try? FileManager.default.removeItem(at: root) }
        let first = root.appendingPathComponent("first").path, second = root.appendingPathComponent("second").path
        let target = root.appendingPathComponent("object").path
        try Data("first".utf8).write(to: URL(filePath: first))
        try Data("second".utf8).write(to: URL(filePath: second))
        #expect(BatchCommit.move(first, to: target) == .moved)
        #expect(BatchCommit.move(second, to: target) == .existed)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "first")
        #expect(FileManager.default.fileExists(atPath: second), "the loser stays for its owner to discard")
        #expect(BatchCommit.move(root.appendingPathComponent("absent").path, to: root.appendingPathComponent("x").path) == .failed)

        let store = try ObjectStore(root: root.appendingPathComponent("archive"))
        let pending = try store.makePending()
        try Array("bytes".utf8).withUnsafeBytes { try pending.write($0) }  // the open descriptor still writes
        // stat(2), not FileManager's lstat: an unnamed file's path is a link in /proc.
        var info = stat()
        #expect(stat(pending.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o444)
        pending.discard()
    }
}
