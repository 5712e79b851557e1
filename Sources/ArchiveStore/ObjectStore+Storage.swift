import Foundation

/// The local folder as an `ObjectStorage`: thumbnails written in place, reads and checks from
/// the file system.
extension ObjectStore {
    /// The archive folder's path.
    public var displayName: String { root.path }

    /// The thumbnailer writes atomically (temp file, rename) straight into `thumbs/ab/`.
    public func storeThumbnail(sha256: String, make: (URL) throws -> URL) throws -> String {
        let base = thumbnailBase(sha256: sha256)
        do { try FileManager.default.createDirectory(at: base.deletingLastPathComponent(), withIntermediateDirectories: true) } catch {
            throw StoreError.io("cannot create \(base.deletingLastPathComponent().path): \(SystemError.describe(error))")
        }
        let file = try make(base)
        return String(file.path.dropFirst(root.path.count + 1))
    }

    /// Reads the file in 1 MiB blocks.
    public func read(relativePath: String, into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        let file = root.appendingPathComponent(relativePath)
        guard access(file.path, F_OK) == 0 else { return false }
        try FileChunks.read(file, sink)
        return true
    }

    /// `stat`: the size; a folder keeps no checksum, so `sha256` is nil.
    public func check(relativePath: String) throws -> StoredFileInfo? {
        var info = stat()
        let path = root.appendingPathComponent(relativePath).path
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw StoreError.posix("cannot read", path)
        }
        return StoredFileInfo(size: Int64(info.st_size), sha256: nil)
    }

    /// Walks the folders under `prefix` (`objects/`, `objects/ab/`, `thumbs/`), regular files only.
    public func list(prefix: String, each: (ListedFile) throws -> Void) throws {
        let folder = prefix.hasSuffix("/") ? String(prefix.dropLast()) : (prefix as NSString).deletingLastPathComponent
        let start = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: start, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey]) else { return }
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values?.isRegularFile == true else { continue }
            let relative = folder + String(url.standardizedFileURL.path.dropFirst(start.standardizedFileURL.path.count))
            guard relative.hasPrefix(prefix) else { continue }
            try each(ListedFile(relativePath: relative, size: Int64(values?.fileSize ?? 0)))
        }
    }

    /// Copies `file` in under a temp name, fsyncs it and renames it into place (skipped when a
    /// file is already there: content-addressed names hold the same bytes).
    @discardableResult
    public func put(file: URL, relativePath: String, sha256: String) throws -> Bool {
        let target = root.appendingPathComponent(relativePath)
        guard access(target.path, F_OK) != 0 else { return false }
        let pending = try makePending(copying: file)
        guard pending.sha256 == sha256 else {
            pending.discard()
            throw StoreError.io("\(file.path) does not hash to \(sha256) (it changed or is damaged); not copied to \(relativePath)")
        }
        try pending.closeDurably()  // created read-only (0444), as the group commit leaves objects
        let folder = target.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            pending.discard()
            throw StoreError.io("cannot create \(folder.path): \(SystemError.describe(error))")
        }
        switch pending.publish(as: target.path, syncingLink: true) {
        case .moved:
            pending.detach()
        case .existed:
            pending.discard()
            return false
        case .failed:
            let failure = StoreError.posix("cannot move the copy into", target.path)
            pending.discard()
            throw failure
        }
        try Self.syncFolder(folder.path)
        return true
    }

    /// A hard link (no space used); a copy across file systems.
    public func materialize(relativePath: String, at target: URL) throws {
        let files = FileManager.default
        if files.fileExists(atPath: target.path) { return }
        let source = root.appendingPathComponent(relativePath)
        do {
            try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if link(source.path, target.path) == 0 || errno == EEXIST { return }
            try files.copyItem(at: source, to: target)
        } catch {
            throw StoreError.io("cannot link or copy \(source.path) to \(target.path) (\(SystemError.describe(error))); run `mediavault verify` if the object is missing")
        }
    }
}
