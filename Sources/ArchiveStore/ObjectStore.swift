import Foundation

/// An object in the archive: bytes named by their SHA-256.
public struct StoredObject: Sendable, Equatable {
    /// SHA-256 of the bytes, 64 hex digits; also the file name.
    public var sha256: String
    /// File extension from the sniffed type (`jpg`, `png`, ...).
    public var fileExtension: String
    /// Size in bytes.
    public var size: Int64
    /// The object file (for a remote store, its `s3://` URL).
    public var file: URL
    /// False when identical bytes were already stored (the new copy was dropped).
    public var isNew: Bool

    /// Creates the value (`file`: the object's local path, or its `s3://` URL).
    public init(sha256: String, fileExtension: String, size: Int64, file: URL, isNew: Bool) {
        self.sha256 = sha256
        self.fileExtension = fileExtension
        self.size = size
        self.file = file
        self.isNew = isNew
    }
}

/// The content-addressed files of an archive: `objects/ab/<sha256>.<ext>`, written once
/// (temp file, fsync, rename, fsync folder) and then read-only; `thumbs/ab/<sha256>.jpg|png`.
/// `save` makes objects durable in batches (group commit); `commit` one at a time.
public final class ObjectStore: ObjectStorage, @unchecked Sendable {
    // @unchecked: every stored property is immutable or thread-safe itself.
    /// The archive folder.
    public let root: URL
    /// `tmp/` as a path string: a commit works on strings, not URL values.
    private let tmpPath: String
    /// Commits batches of objects (a batch of one for `commit`).
    private let committer: BatchCommit
    /// Gathers `save` calls into batches.
    private let group: GroupCommit
    /// Objects that make a batch due: a caller keeps about this many more downloads in flight,
    /// so the network never waits for a batch to become durable.
    public let batchObjects: Int
    /// `root/objects`.
    public var objectsFolder: URL { root.appendingPathComponent("objects") }
    /// `root/thumbs`.
    public var thumbsFolder: URL { root.appendingPathComponent("thumbs") }
    /// `root/tmp`: in-flight downloads; anything here after a crash is garbage.
    public var tmpFolder: URL { root.appendingPathComponent("tmp") }

    /// Opens (creating when needed) the archive's folders; `batchObjects` and `batchDelay` say
    /// when a batch of `save`d objects is due (64 objects or 10 ms unless given).
    public init(root: URL, batchObjects: Int? = nil, batchDelay: Duration? = nil) throws {
        self.root = root
        tmpPath = root.appendingPathComponent("tmp").path
        let objectsPath = root.appendingPathComponent("objects").path
        for folder in ["", "objects", "thumbs", "tmp"].map({ root.appendingPathComponent($0) }) {
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw StoreError.io("cannot create the archive folder \(folder.path): \(SystemError.describe(error))")
            }
        }
        committer = BatchCommit(objectsPath: objectsPath, folders: FolderCache(),
                                durability: Self.durability(objectsPath: objectsPath), pause: CommitPause.fromEnvironment())
        var limits = GroupCommit.Limits.standard
        if let objects = batchObjects { limits.maxObjects = max(objects, 1) }
        if let batchDelay { limits.maxDelay = batchDelay }
        group = GroupCommit(committer: committer, limits: limits)
        self.batchObjects = limits.maxObjects
    }

    /// One `syncfs` per batch step where the kernel has it; one fsync per file and folder when
    /// it does not, or when `MEDIAVAULT_DURABILITY=fsync` asks (benchmarks compare the two).
    static func durability(objectsPath: String,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> any BatchDurability {
        let syncfs = environment["MEDIAVAULT_DURABILITY"] == "fsync" ? nil : FileSystemSync(folder: objectsPath)
        return syncfs ?? PerFileSync(lanes: SyncLanes(count: 8))
    }

    /// A new temp file to stream bytes into, read-only from the start (as objects stay): unnamed
    /// where the batches' durability covers a link (`syncfs`), else named in `tmp/`. The group
    /// commit counts it as a download that may join its batch until it is saved or discarded.
    public func makePending() throws -> PendingObject {
        let unnamed = committer.durability.linksUnnamedFiles ? try PendingObject.unnamed(in: tmpPath, mode: BatchCommit.objectMode) : nil
        let pending = try unnamed ?? PendingObject(path: tmpPath + "/" + TemporaryName.next(), mode: BatchCommit.objectMode)
        group.track(pending)
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

    /// Makes a pending object durable under its hash name, alone (blocking). When the object
    /// already exists the temp file is dropped. After this returns the bytes survive a crash.
    public func commit(_ pending: PendingObject, fileExtension: String) throws -> StoredObject {
        pending.settle()
        return try committer.commit([BatchCommit.Entry(pending: pending, fileExtension: fileExtension)])[0].get()
    }

    /// Batches committed by `save` so far.
    var batchesCommitted: Int { group.batchCount }

    /// Makes a pending object durable together with the others saved around the same time;
    /// returns once its batch is durable (the same promise as `commit`, paid once per batch).
    public func save(_ pending: PendingObject, fileExtension: String) async throws -> StoredObject {
        let entry = BatchCommit.Entry(pending: pending, fileExtension: fileExtension)
        return try await withCheckedThrowingContinuation { continuation in
            group.submit(entry) { continuation.resume(with: $0) }
        }
    }

    /// Deletes leftovers in `tmp/` (downloads interrupted by a crash). Call with the archive lock held.
    @discardableResult
    public func cleanTemporaryFiles() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: tmpFolder.path)) ?? []
        for name in names { unlink(tmpFolder.appendingPathComponent(name).path) }
        return names.count
    }

    /// Flushes a file's bytes to the disk (before a rename makes it visible under its final name).
    static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.posix("cannot open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.posix("cannot flush", path) }
    }

    /// fsync on a folder makes a rename inside it durable.
    static func syncFolder(_ folder: String) throws {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.posix("cannot open", folder) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.posix("cannot flush", folder) }
    }
}
