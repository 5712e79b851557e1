import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file's size and modification time, the pair make and rsync trust to say "unchanged".
struct FileStamp: Sendable, Equatable {
    /// Size in bytes.
    var size: Int64
    /// Modification time in nanoseconds since 1970.
    var mtimeNs: Int64

    /// The stamp of the file at `path` now; nil when it cannot be read (the parse then says why).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        mtimeNs = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    /// A stamp with these values.
    init(size: Int64, mtimeNs: Int64) {
        self.size = size
        self.mtimeNs = mtimeNs
    }

    /// Whether the file was modified so recently that a later change could keep this same stamp
    /// (the file system's clock ticks coarsely; some file systems keep whole seconds): such a
    /// file is parsed again next time rather than trusted (git's "racily clean" rule).
    func isRacy(now: Date = Date()) -> Bool {
        let nowNs = Int64(now.timeIntervalSince1970 * 1_000_000_000)
        return nowNs - mtimeNs < Self.racyWindowNs
    }

    /// Two seconds: more than any file system's timestamp granularity (FAT's is two seconds).
    static let racyWindowNs: Int64 = 2_000_000_000
}
