import Foundation

extension ObjectStore {
    /// `quarantine/`: files taken out of the archive on purpose (a placeholder, `prune --yes`),
    /// kept at their archive-relative path until a person deletes them; verify ignores it.
    public var quarantineFolder: URL { root.appendingPathComponent("quarantine") }

    /// Moves the file at `relativePath` (e.g. `objects/ab/<sha>.jpg`) to the same path under
    /// `quarantine/` instead of deleting it; a file already gone is not an error (a re-run after
    /// a crash between the catalog and the move). Returns the bytes moved.
    @discardableResult
    public func quarantine(relativePath: String) throws -> Int64 {
        let source = root.appendingPathComponent(relativePath)
        var info = stat()
        guard stat(source.path, &info) == 0 else {
            if errno == ENOENT { return 0 }
            throw StoreError.posix("cannot read", source.path)
        }
        let target = quarantineFolder.appendingPathComponent(relativePath)
        let folder = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.io("cannot create \(folder.path) to quarantine \(relativePath): \(error)")
        }
        guard rename(source.path, target.path) == 0 else { throw StoreError.posix("cannot move to \(target.path):", source.path) }
        try Self.syncFolder(folder.path)
        try Self.syncFolder(source.deletingLastPathComponent().path)
        return Int64(info.st_size)
    }
}
