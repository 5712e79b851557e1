import ArchiveStore
import Foundation

/// An archive's objects in an S3 bucket under a prefix, with the local archive's key layout
/// (`PREFIX/objects/ab/<sha256>.<ext>`, `PREFIX/thumbs/…`, `PREFIX/quarantine/…`).
///
/// An object is durable when its single PUT (with `x-amz-checksum-sha256` = the SHA-256
/// computed while downloading, and `If-None-Match: *`) answered 2xx; 412 means the same bytes
/// are already there. The mirror path sends nothing else: no HEAD, no LIST. Requests run on a
/// few clients (one connection each, kept alive) on threads of their own, never on Swift's
/// cooperative pool.
public final class S3ObjectStorage: ObjectStorage, @unchecked Sendable {
    // @unchecked: `idle` is guarded by `condition`; everything else is immutable.
    /// The bucket's configuration (endpoint, region, credentials, addressing).
    public let configuration: S3Configuration
    /// The key prefix, empty or ending in `/`.
    public let prefix: String
    /// This process's own temp folder (workers on one machine never clean each other's files).
    public let tmpFolder: URL
    /// Uploads in flight that make a batch worth keeping busy (the same role as the local group commit's).
    public let batchObjects: Int
    private let condition = NSCondition()
    private var idle: [S3Client]

    /// Storage in `configuration.bucket` under `prefix`, with `connections` clients for
    /// parallel requests. Makes no request: call ``checkAccess()`` to fail early on bad
    /// credentials or a missing bucket.
    public init(configuration: S3Configuration, prefix: String, connections: Int = 8) throws {
        self.configuration = configuration
        let trimmed = prefix.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.prefix = trimmed.isEmpty ? "" : trimmed + "/"
        batchObjects = max(connections, 1) * 2
        idle = try (0..<max(connections, 1)).map { _ in try S3Client(configuration) }
        tmpFolder = FileManager.default.temporaryDirectory
            .appendingPathComponent("mediavault-s3-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do { try FileManager.default.createDirectory(at: tmpFolder, withIntermediateDirectories: true) } catch {
            throw StoreError.io("cannot create the temp folder \(tmpFolder.path): \(SystemError.describe(error))")
        }
    }

    deinit { try? FileManager.default.removeItem(at: tmpFolder) }

    /// `s3://bucket/prefix`.
    public var displayName: String { "s3://\(configuration.bucket)/\(prefix)" }

    /// One LIST of at most one key: throws the error that names the variable to fix.
    public func checkAccess() throws {
        try withClient { try $0.checkAccess() }
    }

    /// A new temp file in this process's temp folder.
    public func makePending() throws -> PendingObject {
        try PendingObject(path: tmpFolder.appendingPathComponent(TemporaryName.next()).path)
    }

    /// One PUT with the download's SHA-256; the temp file is deleted whatever the outcome.
    public func save(_ pending: PendingObject, fileExtension: String) async throws -> StoredObject {
        let sha256 = pending.sha256, size = pending.size
        let relative = ArchivePaths.object(sha256: sha256, fileExtension: fileExtension)
        let outcome = try await blocking { [self] in
            defer { pending.discard() }
            return try withClient {
                try $0.put(key: prefix + relative, body: .file(pending.file), sha256: sha256,
                           contentType: Self.contentType(fileExtension))
            }
        }
        return StoredObject(sha256: sha256, fileExtension: fileExtension, size: size,
                            file: URL(string: displayName + relative) ?? pending.file, isNew: outcome == .stored)
    }

    /// The thumbnail is written to the temp folder, PUT, then deleted locally.
    public func storeThumbnail(sha256: String, make: (URL) throws -> URL) throws -> String {
        let file = try make(tmpFolder.appendingPathComponent(TemporaryName.next() + "-" + sha256))
        defer { unlink(file.path) }
        let relative = ArchivePaths.thumbnailBase(sha256: sha256) + "." + file.pathExtension
        try put(file: file, relativePath: relative, sha256: SHA256Hasher.hash(fileAt: file).sha256)
        return relative
    }

    /// GET streamed into `sink`.
    public func read(relativePath: String, into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        try withoutActuallyEscaping(sink) { sink in
            try withClient { try $0.get(key: prefix + relativePath, into: sink) != nil }
        }
    }

    /// HEAD with `x-amz-checksum-mode: ENABLED`: the size and the SHA-256 stored with the PUT.
    public func check(relativePath: String) throws -> StoredFileInfo? {
        try withClient { try $0.head(key: prefix + relativePath) }.map { StoredFileInfo(size: $0.size ?? 0, sha256: $0.sha256) }
    }

    /// Paginated ListObjectsV2 (1,000 keys a request).
    public func list(prefix relative: String, each: (ListedFile) throws -> Void) throws {
        try withClient { client in
            try client.list(prefix: prefix + relative) { object in
                try each(ListedFile(relativePath: String(object.key.dropFirst(prefix.count)), size: object.size))
            }
        }
    }

    /// GET into a temp file beside `target`, renamed into place when complete.
    public func materialize(relativePath: String, at target: URL) throws {
        let files = FileManager.default
        if files.fileExists(atPath: target.path) { return }
        do { try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true) } catch {
            throw StoreError.io("cannot create \(target.deletingLastPathComponent().path): \(SystemError.describe(error))")
        }
        let temp = target.deletingLastPathComponent().appendingPathComponent(TemporaryName.next())
        let pending = try PendingObject(path: temp.path)
        guard try read(relativePath: relativePath, into: { try pending.write($0) }) else {
            pending.discard()
            throw StoreError.io("\(displayName)\(relativePath) is missing from the bucket; run `mediavault verify` on the archive")
        }
        pending.discard(keepingFile: true)
        guard rename(temp.path, target.path) == 0 else {
            unlink(temp.path)
            throw StoreError.posix("cannot move to \(target.path):", temp.path)
        }
    }

    /// S3 has no rename: GET into a temp file, PUT at `quarantine/<relativePath>` (with its
    /// checksum), then DELETE; a crash in between leaves both copies, never neither.
    public func quarantine(relativePath: String) throws -> Int64 {
        let temp = tmpFolder.appendingPathComponent(TemporaryName.next())
        defer { unlink(temp.path) }
        let pending = try PendingObject(path: temp.path)
        guard try read(relativePath: relativePath, into: { try pending.write($0) }) else {
            pending.discard()
            return 0
        }
        let sha256 = pending.sha256, size = pending.size
        try put(file: temp, relativePath: "quarantine/" + relativePath, sha256: sha256)
        pending.discard()
        try withClient { try $0.delete(key: prefix + relativePath) }
        return size
    }

    /// PUT with checksum and `If-None-Match: *`; false when the key was taken (412).
    @discardableResult
    public func put(file: URL, relativePath: String, sha256: String) throws -> Bool {
        let ext = (relativePath as NSString).pathExtension
        return try withClient {
            try $0.put(key: prefix + relativePath, body: .file(file), sha256: sha256, contentType: Self.contentType(ext))
        } == .stored
    }

    /// Removes the temp folders of processes that died (killed mid-run: their `deinit` never
    /// ran); a live worker's folder is left alone. Returns the files removed.
    public func cleanTemporaryFiles() -> Int {
        let parent = tmpFolder.deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        var removed = 0
        for name in names where name.hasPrefix("mediavault-s3-") {
            let fields = name.split(separator: "-")
            guard fields.count == 4, let pid = Int32(fields[2]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let folder = parent.appendingPathComponent(name)
            removed += ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).count
            try? FileManager.default.removeItem(at: folder)
        }
        return removed
    }

    /// The `Content-Type` an object is served with (so a public bucket URL shows the image).
    static func contentType(_ fileExtension: String) -> String {
        switch fileExtension {
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "avif": "image/avif"
        case "heic": "image/heic"
        case "jxl": "image/jxl"
        case "svg": "image/svg+xml"
        case "bmp": "image/bmp"
        case "tif", "tiff": "image/tiff"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }

    /// Runs `body` with an idle client, waiting for one when all are busy.
    private func withClient<T>(_ body: (S3Client) throws -> T) throws -> T {
        condition.lock()
        while idle.isEmpty { condition.wait() }
        let client = idle.removeLast()
        condition.unlock()
        defer {
            condition.lock()
            idle.append(client)
            condition.signal()
            condition.unlock()
        }
        return try body(client)
    }

    /// Runs blocking work on a Dispatch thread, off the cooperative pool.
    private func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
