import Foundation

/// The durable half of storing objects, for a whole batch at once: flush every temp file (one
/// `syncfs`, or fsyncs in parallel: `BatchDurability`), give each its hash name (a rename, or a
/// link of an unnamed file: `PendingObject.publish`), then make the touched folders durable. Paying durability per batch instead of per object is what databases'
/// group commit and restic's packs do; the order per object (bytes durable, then the name, then
/// the name durable) is the same as committing one at a time, so a crash leaves at worst temp
/// files or uncatalogued objects, never a named object with missing bytes.
struct BatchCommit: Sendable {
    /// One object to commit.
    struct Entry: Sendable {
        /// The hashed temp file.
        let pending: PendingObject
        /// Extension of its final name.
        let fileExtension: String
    }

    /// `objects/` as a path string.
    let objectsPath: String
    /// Fan-out folders known to exist.
    let folders: FolderCache
    /// How the batch's bytes and names are flushed (one syncfs each, or one fsync per file and folder).
    let durability: any BatchDurability
    /// Where a fault-injection run stops (tests kill the process there).
    let pause: CommitPause?

    /// The permission bits of an object: read-only for everyone.
    static let objectMode: mode_t = 0o444

    /// Commits `entries`; each result is the stored object or why it could not be made durable.
    func commit(_ entries: [Entry]) -> [Result<StoredObject, Error>] {
        var results = [Result<StoredObject, Error>?](repeating: nil, count: entries.count)
        // 1. The bytes: every temp file flushed before any of them gets its final name.
        let flushErrors = durability.flushBytes(entries)
        for (index, error) in flushErrors.enumerated() {
            guard let error else { continue }
            entries[index].pending.discard()
            results[index] = .failure(error)
        }
        pause?.reached(.synced, objects: entries.count)

        // 2. The names: renames are cheap metadata operations, done in order (a duplicate within
        //    the batch finds the first copy already in place).
        var touched: [String: [Int]] = [:]
        var newFolders = false
        for (index, entry) in entries.enumerated() where results[index] == nil {
            let pending = entry.pending
            let sha = pending.sha256
            let folder = objectsPath + "/" + sha.prefix(2)
            let target = folder + "/" + sha + "." + entry.fileExtension
            let object = StoredObject(sha256: sha, fileExtension: entry.fileExtension, size: pending.size,
                                      file: URL(filePath: target, directoryHint: .notDirectory), isNew: true)
            do {
                if try folders.make(folder) { newFolders = true }
            } catch {
                pending.discard()
                results[index] = .failure(error)
                continue
            }
            // Objects are written once, then read-only (the store creates them so: no chmod then).
            if pending.mode != Self.objectMode { chmod(pending.path, Self.objectMode) }
            switch pending.publish(as: target, syncingLink: !durability.linksUnnamedFiles) {
            case .moved:
                pending.detach()
                results[index] = .success(object)
            case .existed:
                pending.discard()
                var existing = object
                existing.isNew = false
                results[index] = .success(existing)
            case .failed:
                results[index] = .failure(StoreError.posix("cannot move the download into", target))
                pending.discard()
                continue
            }
            touched[folder, default: []].append(index)  // an existing copy may be this batch's own rename
        }
        pause?.reached(.renamed, objects: entries.count)

        // 3. The names made durable: one fsync per touched folder (and objects/ for new folders).
        var toSync = Array(touched.keys)
        if newFolders { toSync.append(objectsPath) }
        let syncErrors = durability.flushNames(toSync)
        for (folder, error) in zip(toSync, syncErrors) {
            guard let error else { continue }
            let members = folder == objectsPath ? Array(entries.indices) : touched[folder] ?? []
            for index in members where (try? results[index]?.get()) != nil {
                // The file is whole but its name may not survive a crash: not durable, so no
                // catalog row may point at it (it stays an orphan until a re-run adopts it).
                results[index] = .failure(error)
            }
        }
        pause?.reached(.durable, objects: entries.count)
        return results.map { $0 ?? .failure(StoreError.io("internal: object left without a result")) }
    }

    /// What became of one rename into `objects/`.
    enum Move { case moved, existed, failed }

    /// Renames `source` to `target` unless `target` exists (identical bytes stored before): one
    /// `renameat2(RENAME_NOREPLACE)` where the kernel and file system have it, else a check and
    /// a rename (the batch leader is the only writer of `objects/`, so nothing comes in between).
    static func move(_ source: String, to target: String) -> Move {
        if let renameat2 = LinuxCalls.renameat2 {
            if renameat2(AT_FDCWD, source, AT_FDCWD, target, LinuxCalls.renameNoReplace) == 0 { return .moved }
            if errno == EEXIST { return .existed }
            guard errno == EINVAL || errno == ENOSYS else { return .failed }  // unsupported here: the portable way
        }
        if access(target, F_OK) == 0 { return .existed }
        return rename(source, target) == 0 ? .moved : .failed
    }
}
