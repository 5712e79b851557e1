import Foundation
import Testing
@testable import ArchiveStore
import TestSupport

/// Whether the file system of the tests' temp folders makes unnamed files (ext4, XFS, Btrfs, tmpfs do).
private enum UnnamedFileSupport {
    static let available: Bool = {
        guard let folder = try? TestPaths.makeTemporaryFolder("tmpfile-probe") else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        let fd = open(folder.path, O_WRONLY | LinuxCalls.openTemporaryFile | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd) }
        return fd >= 0
    }()
}

/// Downloads written as unnamed temp files (`O_TMPFILE`) and linked to their object name in the
/// batch: nothing in `tmp/` at any time, one copy per content, and the named way kept wherever a
/// link's durability is not covered by the batch's flush.
@Suite(.enabled(if: UnnamedFileSupport.available, "the temp folder's file system cannot make O_TMPFILE files"))
struct UnnamedTempFileTests {
    private func tmpEntries(_ store: ObjectStore) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store.tmpFolder.path)
    }

    @Test func aSavedDownloadHasNoNameUntilItsBatchLinksItIntoPlace() async throws {
        let root = try TestPaths.makeTemporaryFolder("unnamed")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ObjectStore(root: root)
        let pending = try store.makePending()
        #expect(pending.isUnnamed)
        try Array("unnamed bytes".utf8).withUnsafeBytes { try pending.write($0) }
        #expect(try tmpEntries(store).isEmpty, "an unnamed download has no entry in tmp/")
        // Readable through its path while pending (the thumbnailer and the header probe read it).
        #expect(try Data(contentsOf: pending.file) == Data("unnamed bytes".utf8))
        let object = try await store.save(pending, fileExtension: "bin")
        #expect(object.isNew)
        #expect(try Data(contentsOf: object.file) == Data("unnamed bytes".utf8))
        var info = stat()
        #expect(stat(object.file.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o444 && info.st_nlink == 1)

        // The same bytes again: the link finds the object there and the copy vanishes.
        let again = try store.makePending()
        try Array("unnamed bytes".utf8).withUnsafeBytes { try again.write($0) }
        let second = try await store.save(again, fileExtension: "bin")
        #expect(!second.isNew && second.file == object.file)
        #expect(stat(object.file.path, &info) == 0 && info.st_nlink == 1)
        #expect(try tmpEntries(store).isEmpty)
    }

    @Test func aDiscardedOrDroppedDownloadLeavesNothingAnywhere() throws {
        let root = try TestPaths.makeTemporaryFolder("unnamed")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ObjectStore(root: root)
        let discarded = try store.makePending()
        try Array("half".utf8).withUnsafeBytes { try discarded.write($0) }
        discarded.discard()
        do {
            let dropped = try store.makePending()
            try Array("half".utf8).withUnsafeBytes { try dropped.write($0) }
        }
        #expect(try tmpEntries(store).isEmpty)
        let objects = FileManager.default.enumerator(atPath: store.objectsFolder.path)?.allObjects ?? []
        #expect(objects.isEmpty)
    }

    @Test func aLinkIsFlushedOnItsOwnWhereTheBatchFlushWouldNotCoverIt() throws {
        // One fsync per file and folder (MEDIAVAULT_DURABILITY=fsync) does not make a link durable:
        // the store names its temp files then. `publish` with `syncingLink` links, then flushes.
        let root = try TestPaths.makeTemporaryFolder("unnamed")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(!ObjectStore.durability(objectsPath: root.path, environment: ["MEDIAVAULT_DURABILITY": "fsync"]).linksUnnamedFiles)
        #expect(ObjectStore.durability(objectsPath: root.path, environment: [:]).linksUnnamedFiles)
        let pending = try #require(try PendingObject.unnamed(in: root.path, mode: 0o444))
        try Array("linked".utf8).withUnsafeBytes { try pending.write($0) }
        try pending.closeDurably()
        let target = root.appendingPathComponent("object.bin").path
        #expect(pending.publish(as: target, syncingLink: true) == .moved)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "linked")
        let loser = try #require(try PendingObject.unnamed(in: root.path, mode: 0o444))
        #expect(loser.publish(as: target, syncingLink: true) == .existed)
        loser.discard()
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "linked")
    }

    @Test func anErrorNamesTheFolderNotTheDescriptorsProcPath() throws {
        let root = try TestPaths.makeTemporaryFolder("unnamed")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ObjectStore(root: root)
        let pending = try store.makePending()
        pending.breakDescriptorForTesting()
        #expect { try Array("x".utf8).withUnsafeBytes { try pending.write($0) } } throws: { error in
            "\(error)".contains("an unnamed temp file in \(store.tmpFolder.path)") && !"\(error)".contains("/proc/self/fd")
        }
    }

    @Test func aFolderThatIsNoFolderIsAnErrorNamingIt() throws {
        let root = try TestPaths.makeTemporaryFolder("unnamed")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("tmp")
        try Data("not a folder".utf8).write(to: file)
        #expect { _ = try PendingObject.unnamed(in: file.path, mode: 0o444) } throws: { "\($0)".contains(file.path) }
    }
}
