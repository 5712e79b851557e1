import Foundation

/// Linux system calls that Swift's Glibc module leaves out (GNU extensions of the C library),
/// looked up once by name; nil where the C library lacks them (callers then take a portable way).
enum LinuxCalls {
    /// `syncfs(fd)`: flush the whole file system holding `fd`.
    static let syncfs = lookup("syncfs", as: (@convention(c) (Int32) -> Int32).self)
    /// `sync_file_range(fd, offset, count, flags)`: start (or wait for) write-back of part of a file.
    static let syncFileRange = lookup("sync_file_range", as: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
    /// `renameat2(olddirfd, old, newdirfd, new, flags)`: a rename that can refuse to replace.
    static let renameat2 = lookup("renameat2", as: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)

    /// `SYNC_FILE_RANGE_WRITE`: start write-back, do not wait.
    static let syncFileRangeWrite: UInt32 = 2
    /// `RENAME_NOREPLACE`: fail with EEXIST instead of replacing the target.
    static let renameNoReplace: UInt32 = 1
    /// `O_TMPFILE`, a macro Swift does not import: `__O_TMPFILE | O_DIRECTORY`, with the
    /// `__O_TMPFILE` of x86-64 and arm64 (the generic value): an unnamed file in the folder opened.
    static let openTemporaryFile: Int32 = 0o20000000 | O_DIRECTORY

    private static func lookup<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}
