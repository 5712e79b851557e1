import Foundation
import Synchronization

/// How a batch's bytes, and then its names, are made durable. Chosen once when a store opens:
/// `FileSystemSync` where the kernel has `syncfs`, else `PerFileSync`. Both keep the order the
/// archive's invariant needs (every byte durable before any name, every name durable before a
/// catalog row); they differ in how many flushes the disk sees.
protocol BatchDurability: Sendable {
    /// Makes the temp files' bytes durable and closes them; one error (or nil) per entry.
    func flushBytes(_ entries: [BatchCommit.Entry]) -> [Error?]
    /// Makes the renames into `folders` durable; one error (or nil) per folder.
    func flushNames(_ folders: [String]) -> [Error?]
    /// True when `flushNames` also makes a file linked into a folder durable with its new link
    /// count (`syncfs` writes every dirty inode; a folder's fsync does not, on ext4 without a
    /// journal): only then are objects written as unnamed temp files, else they are linked and
    /// then flushed once more.
    var linksUnnamedFiles: Bool { get }
}

/// One fsync per temp file and per touched folder, several in flight at once: any POSIX file
/// system, at the price of one disk-cache flush per call.
struct PerFileSync: BatchDurability {
    /// Threads for the blocking calls (fsync waits on the disk, not the CPU).
    let lanes: SyncLanes
    /// False: a folder's fsync leaves a linked file's link count to the file's own flush.
    var linksUnnamedFiles: Bool { false }

    func flushBytes(_ entries: [BatchCommit.Entry]) -> [Error?] {
        lanes.map(entries) { entry -> Error? in
            do { try entry.pending.closeDurably(); return nil } catch { return error }
        }
    }

    func flushNames(_ folders: [String]) -> [Error?] {
        lanes.map(folders) { folder -> Error? in
            do { try ObjectStore.syncFolder(folder); return nil } catch { return error }
        }
    }
}

/// One `syncfs` of the archive's file system for the batch's bytes and one for its names: the
/// disk gets one write-out and one cache flush per step instead of one per file and per folder
/// (64 objects touch ~56 fan-out folders). Since Linux 5.8 `syncfs` reports any write-back error
/// of the file system since the last call on this descriptor, so a failed write of one of the
/// batch's files fails the batch (its objects stay uncatalogued; the next run fetches them).
/// The cost: unrelated dirty data on the same file system is written out with the batch.
final class FileSystemSync: BatchDurability {
    private let fd: Int32
    private let path: String
    /// Where the kernel refuses syncfs (ENOSYS in some sandboxes): the per-file way, batch by batch.
    private let refused: PerFileSync
    /// Set once syncfs was refused: the per-file way from then on decides `linksUnnamedFiles`.
    private let wasRefused = Atomic<Bool>(false)
    /// True until syncfs is refused.
    var linksUnnamedFiles: Bool { !wasRefused.load(ordering: .relaxed) }

    /// Opens the file system of `folder` for syncing; nil when the C library lacks `syncfs`.
    /// Nothing is flushed here: a test call at start-up would write out the whole file system.
    init?(folder: String) {
        guard LinuxCalls.syncfs != nil else { return nil }
        let fd = open(folder, O_RDONLY | O_CLOEXEC | O_DIRECTORY)
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.path = folder
        refused = PerFileSync(lanes: SyncLanes(count: 8))
    }

    deinit { close(fd) }

    func flushBytes(_ entries: [BatchCommit.Entry]) -> [Error?] {
        // syncfs while the temp files are still open, so a refused call can still fsync each.
        let code = sync()
        if code == ENOSYS { return refused.flushBytes(entries) }
        // close(2) can report a delayed write error for its own file (NFS, FUSE); the rest
        // is what syncfs says about the whole file system.
        let synced = failure(code)
        return entries.map { entry -> Error? in
            do { try entry.pending.closeForSync() } catch { return error }
            return synced
        }
    }

    func flushNames(_ folders: [String]) -> [Error?] {
        guard !folders.isEmpty else { return [] }
        let code = sync()
        if code == ENOSYS { return refused.flushNames(folders) }
        let synced = failure(code)
        return folders.map { _ in synced }
    }

    /// One syncfs: 0, or the errno it failed with.
    private func sync() -> Int32 {
        guard let call = LinuxCalls.syncfs else { return ENOSYS }
        while call(fd) != 0 {
            if errno == ENOSYS { wasRefused.store(true, ordering: .relaxed) }
            if errno != EINTR { return errno }
        }
        return 0
    }

    /// The error of a failed syncfs, naming the archive folder and the errno; nil for 0.
    private func failure(_ code: Int32) -> Error? {
        code == 0 ? nil : StoreError.io("cannot flush the file system of \(path): \(SystemError.describe(errno: code))")
    }
}
