import Foundation

/// Reads files in 1 MiB blocks, so memory does not grow with the file: hashing (verify, caption
/// by file) and copying local images into the store share this one loop.
enum FileChunks {
    /// Calls `body` with each block of the file in order; returns the number of bytes read.
    @discardableResult
    static func read(_ url: URL, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.posix("cannot open", url.path) }
        defer { close(fd) }
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
}
