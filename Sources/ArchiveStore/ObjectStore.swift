import Foundation

/// An object in the archive: bytes named by their SHA-256.
public struct StoredObject: Sendable, Equatable {
    /// SHA-256 of the bytes, 64 hex digits; also the file name.
    public var sha256: String
    /// File extension from the sniffed type (`jpg`, `png`, ...).
    public var fileExtension: String
    /// Size in bytes.
    public var size: Int64
    /// The object file.
    public var file: URL
    /// False when identical bytes were already stored (the new copy was dropped).
    public var isNew: Bool
}

/// The content-addressed files of an archive: `objects/ab/<sha256>.<ext>`, written once
/// (temp file, fsync, rename, fsync folder) and then read-only; `thumbs/ab/<sha256>.jpg|png`.
public final class ObjectStore: @unchecked Sendable {
    // @unchecked: `knownFolders` is guarded by `lock`; the rest is immutable.
    /// The archive folder.
    public let root: URL
    /// `objects/` and `tmp/` as path strings: a commit works on strings, not URL values.
    private let objectsPath: String
    private let tmpPath: String
    /// Fan-out folders (`objects/ab`) known to exist, so a commit does not ask the file system again.
    private var knownFolders: Set<String> = []
    private let lock = NSLock()
    /// `root/objects`.
    public var objectsFolder: URL { root.appendingPathComponent("objects") }
    /// `root/thumbs`.
    public var thumbsFolder: URL { root.appendingPathComponent("thumbs") }
    /// `root/tmp`: in-flight downloads; anything here after a crash is garbage.
    public var tmpFolder: URL { root.appendingPathComponent("tmp") }

    /// Opens (creating when needed) the archive's folders.
    public init(root: URL) throws {
        self.root = root
        objectsPath = root.appendingPathComponent("objects").path
        tmpPath = root.appendingPathComponent("tmp").path
        for folder in [root, objectsFolder, thumbsFolder, tmpFolder] {
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw StoreError.io("cannot create the archive folder \(folder.path): \(error.localizedDescription)")
            }
        }
    }

    /// A new temp file to stream bytes into.
    public func makePending() throws -> PendingObject {
        try PendingObject(path: tmpPath + "/" + TemporaryName.next())
    }

    /// Copies a local file into a pending object (for images referenced from disk).
    public func makePending(copying source: URL) throws -> PendingObject {
        let pending = try makePending()
        do {
            try FileChunks.read(source) { try pending.write($0) }
        } catch {
            pending.discard()
            throw error
        }
        return pending
    }

    /// The path of an object.
    public func objectFile(sha256: String, fileExtension: String) -> URL {
        objectsFolder.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent("\(sha256).\(fileExtension)")
    }

    /// The path of an object's thumbnail, without its extension (`.jpg` or `.png` is added).
    public func thumbnailBase(sha256: String) -> URL {
        thumbsFolder.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    /// Makes a pending object durable under its hash name. When the object already exists the
    /// temp file is dropped. After this returns the bytes survive a crash.
    public func commit(_ pending: PendingObject, fileExtension: String) throws -> StoredObject {
        let sha = pending.sha256
        let folder = objectsPath + "/" + sha.prefix(2)
        let target = folder + "/" + sha + "." + fileExtension
        do {
            try pending.closeDurably()
        } catch {
            pending.discard()
            throw error
        }
        if access(target, F_OK) == 0 {
            pending.discard()
            return StoredObject(sha256: sha, fileExtension: fileExtension, size: pending.size, file: URL(fileURLWithPath: target), isNew: false)
        }
        do { try makeFolder(folder) } catch {
            pending.discard()
            throw error
        }
        chmod(pending.path, 0o444)  // objects are written once, then read-only
        guard rename(pending.path, target) == 0 else {
            let error = StoreError.posix("cannot move the download into", target)
            pending.discard()
            throw error
        }
        pending.detach()
        try Self.syncFolder(folder)
        return StoredObject(sha256: sha, fileExtension: fileExtension, size: pending.size, file: URL(fileURLWithPath: target), isNew: true)
    }

    /// Creates a fan-out folder unless it is known to exist; a new folder is made durable in its parent.
    private func makeFolder(_ folder: String) throws {
        if lock.withLock({ knownFolders.contains(folder) }) { return }
        if mkdir(folder, 0o755) == 0 {
            try Self.syncFolder(objectsPath)
        } else if errno != EEXIST {
            throw StoreError.posix("cannot create", folder)
        }
        lock.withLock { _ = knownFolders.insert(folder) }
    }

    /// Deletes leftovers in `tmp/` (downloads interrupted by a crash). Call with the archive lock held.
    @discardableResult
    public func cleanTemporaryFiles() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: tmpFolder.path)) ?? []
        for name in names { unlink(tmpFolder.appendingPathComponent(name).path) }
        return names.count
    }

    /// fsync on a folder makes a rename inside it durable.
    static func syncFolder(_ folder: String) throws {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.posix("cannot open", folder) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.posix("cannot flush", folder) }
    }
}
