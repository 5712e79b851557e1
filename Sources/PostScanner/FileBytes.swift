import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a post file with one open, fstat and read loop: Foundation's `Data(contentsOf:)` and
/// `URL.resourceValues` cost more than parsing a typical post.
enum FileBytes {
    /// The bytes of the file at `path`; a file larger than `limit` is refused (via `tooLarge`,
    /// given its size) before anything is read.
    static func read(_ path: String, limit: Int, input: String, tooLarge: (Int, String) -> ScanError) throws(ScanError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno, input: input) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(errno, input: input) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ScanError(input: input, reason: "is not a regular file; name a post file or a folder")
        }
        let size = Int(info.st_size)
        if size > limit { throw tooLarge(size, input) }
        if size == 0 { return Data() }
        var data = Data(count: size)
        var filled = 0
        var readError: Int32 = 0
        data.withUnsafeMutableBytes { buffer in
            while filled < size {
                let count = Glibc.read(fd, buffer.baseAddress! + filled, size - filled)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { readError = errno; return }
                if count == 0 { break }  // the file shrank while being read: take what is there
                filled += count
            }
        }
        if readError != 0 { throw failure(readError, input: input) }
        if filled < size { data.removeSubrange(filled...) }
        return data
    }

    /// True when `path` is a regular file (following symbolic links), by one `stat`.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    private static func failure(_ code: Int32, input: String) -> ScanError {
        ScanError(input: input, reason: "cannot read the file (\(String(cString: strerror(code)))); check the path and permissions")
    }
}
