import Foundation

/// Reads files in 1 MiB blocks, so memory does not grow with the file: hashing (verify, caption
/// by file) and copying local images into the store share this one loop.
public enum FileChunks {
    /// Calls `body` with each block of the file in order; returns the number of bytes read.
    @discardableResult
    static func read(_ url: URL, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.posix("cannot open", url.path) }
        defer { close(fd) }
        // Read front to back once: the kernel doubles its read-ahead window and drops nothing
        // it would need again (a hint; ignoring its result is safe).
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var size: Int64 = 0
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if n == 0 { return size }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.posix("cannot read", url.path)
            }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            size += Int64(n)
        }
    }

    /// Asks the kernel to start reading a file into the page cache now (`POSIX_FADV_WILLNEED`),
    /// so a cold file is on its way while the one before it is hashed. Best effort: a file
    /// that cannot be opened is simply not prefetched (the read that follows reports it).
    public static func prefetch(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED)
        close(fd)
    }
}
