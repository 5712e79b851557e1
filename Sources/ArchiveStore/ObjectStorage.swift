import Foundation

/// Where an archive's bytes live: a local folder (`ObjectStore`) or an S3 bucket under a
/// prefix (`S3ObjectStorage`), with the same key layout in both: `objects/ab/<sha256>.<ext>`,
/// `thumbs/ab/<sha256>.jpg|png`, `quarantine/…`. The pipeline and the verbs hold
/// `any ObjectStorage` and never ask which one it is.
///
/// Rules every implementation keeps (`ObjectStorageConformanceTests` holds both to them):
/// - Downloads stream into a local `PendingObject` (a temp file hashed as it is written);
///   thumbnails and perceptual hashes are made from that file, before `save`, because a remote
///   store keeps no local copy afterwards.
/// - `save` returns only once the object survives a crash (fsync'd and renamed, or PUT with its
///   SHA-256 checksum and a 2xx answer); the caller writes catalog rows only after that, so a
///   crash leaves at worst temp files or objects without rows, never a row without its bytes.
/// - Saving identical bytes twice is idempotent: the second returns `isNew == false` and
///   overwrites nothing (a local rename onto an existing name is skipped; S3 sends
///   `If-None-Match: *` and takes 412 as "already there").
/// - The mirror path costs one write per new object and one per thumbnail: no listing, no
///   existence check (the catalog knows what is archived).
/// - Paths are archive-relative (`objects/ab/….jpg`) everywhere, as the catalog stores them.
public protocol ObjectStorage: Sendable {
    /// How a person names this storage in messages (`/srv/Archive`, `s3://bucket/prefix`).
    var displayName: String { get }
    /// A local folder for temp files (pending downloads, thumbnails on their way out).
    var tmpFolder: URL { get }
    /// Saves that make a batch due; callers keep about this many more downloads in flight.
    var batchObjects: Int { get }

    /// A new temp object to stream bytes into.
    func makePending() throws -> PendingObject
    /// Makes `pending` durable under its hash name (see the rules above); the temp file is gone after.
    func save(_ pending: PendingObject, fileExtension: String) async throws -> StoredObject
    /// Lets `make` write a thumbnail (it gets a path without extension, in an existing folder,
    /// and returns the file it wrote), then makes that file durable at `thumbs/ab/<sha256>.<ext>`; returns the relative path.
    func storeThumbnail(sha256: String, make: (URL) throws -> URL) throws -> String
    /// Streams the file at `relativePath` into `sink`; false (and no bytes) when it is absent.
    func read(relativePath: String, into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool
    /// What the storage knows of one file without reading it (local: stat; S3: HEAD with the
    /// stored checksum); nil when absent.
    func check(relativePath: String) throws -> StoredFileInfo?
    /// Every file whose relative path starts with `prefix` (e.g. `objects/` or `thumbs/ab/`), in
    /// no promised order (local: readdir; S3: paginated ListObjectsV2).
    func list(prefix: String, each: (ListedFile) throws -> Void) throws
    /// Takes the file at `relativePath` out of the archive to `quarantine/<relativePath>`
    /// (never deleted outright); a file already gone is not an error. Returns the bytes moved.
    @discardableResult
    func quarantine(relativePath: String) throws -> Int64
    /// Puts the bytes of the file at `relativePath` at the local path `target` (a hard link where
    /// the storage is a folder on the same file system, else a copy; S3: a GET into a temp file
    /// renamed into place). A file already at `target` is kept: names are content hashes.
    func materialize(relativePath: String, at target: URL) throws
    /// Writes a local file durably at `relativePath` unless a file is already there (used by
    /// `migrate` and repair); returns false when one was.
    @discardableResult
    func put(file: URL, relativePath: String, sha256: String) throws -> Bool
    /// Deletes leftovers of interrupted runs in the local temp folder; returns how many.
    @discardableResult
    func cleanTemporaryFiles() -> Int
}

/// One file as `check` sees it.
public struct StoredFileInfo: Sendable, Equatable {
    /// Size in bytes.
    public var size: Int64
    /// The SHA-256 the storage itself keeps for the bytes (S3's `x-amz-checksum-sha256`); nil
    /// where the storage keeps none (a local folder: only reading the bytes tells).
    public var sha256: String?

    /// Creates the value.
    public init(size: Int64, sha256: String?) {
        self.size = size
        self.sha256 = sha256
    }
}

/// One file as `list` sees it.
public struct ListedFile: Sendable, Equatable {
    /// The archive-relative path.
    public var relativePath: String
    /// Size in bytes.
    public var size: Int64

    /// Creates the value.
    public init(relativePath: String, size: Int64) {
        self.relativePath = relativePath
        self.size = size
    }
}

extension ObjectStorage {
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
}

/// The archive's key layout, the same in every storage (a contract: see ARCHITECTURE.md).
public enum ArchivePaths {
    /// `objects/ab/<sha256>.<ext>`.
    public static func object(sha256: String, fileExtension: String) -> String {
        "objects/\(sha256.prefix(2))/\(sha256).\(fileExtension)"
    }

    /// `thumbs/ab/<sha256>` (the thumbnailer adds `.jpg` or `.png`).
    public static func thumbnailBase(sha256: String) -> String {
        "thumbs/\(sha256.prefix(2))/\(sha256)"
    }
}
