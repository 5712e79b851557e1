import Foundation

/// Fan-out folders (`objects/ab`) known to exist, so a commit does not ask the file system again.
final class FolderCache: @unchecked Sendable {
    // @unchecked: `known` is guarded by `lock`.
    private let lock = NSLock()
    private var known: Set<String> = []

    /// Creates `folder` unless known; returns true when it was created now (its parent must be fsynced).
    func make(_ folder: String) throws -> Bool {
        if lock.withLock({ known.contains(folder) }) { return false }
        var created = false
        if mkdir(folder, 0o755) == 0 {
            created = true
        } else if errno != EEXIST {
            throw StoreError.posix("cannot create", folder)
        }
        lock.withLock { _ = known.insert(folder) }
        return created
    }
}
