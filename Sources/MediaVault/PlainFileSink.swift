import ArchiveStore
import Fetcher
import Foundation

/// A body written straight to a temp file, as `curl -o` writes it: no hashing on the way in and
/// no fsync (`mirror --download-only` keeps no archive to protect). Becomes the saved image
/// with `move(to:)`, or disappears with `discard()` or when released. Its first and last bytes
/// are kept for `fingerprint`, the cheap content key of the placeholder watch.
final class PlainFileSink: BodySink, @unchecked Sendable {
    // @unchecked: written by the transfer thread while downloading, then used by one task.
    /// The temp file's path.
    let path: String
    private var fd: Int32
    /// Set once moved or discarded: `deinit` then leaves the path alone.
    private var settled = false
    private var digest: String?
    /// Bytes written so far.
    private(set) var size: Int64 = 0
    /// The first `edgeLength` bytes, and the last `edgeLength` bytes so far.
    private var head: [UInt8] = []
    private var tail: [UInt8] = []
    static let edgeLength = 1024

    /// Bodies up to this size are hashed (read back) for the placeholder checks; placeholder
    /// pictures are small, and reading a huge body again would cost as much as receiving it.
    static let largestChecked: Int64 = 16 << 20

    /// Creates the temp file.
    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)  // read back for the digest
        guard fd >= 0 else { throw PlainDownloadError("cannot create \(path): \(String(cString: strerror(errno)))") }
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !settled { unlink(path) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw PlainDownloadError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        size += Int64(bytes.count)
        if head.count < Self.edgeLength { head.append(contentsOf: bytes.prefix(Self.edgeLength - head.count)) }
        tail.append(contentsOf: bytes.suffix(Self.edgeLength))
        if tail.count > Self.edgeLength { tail.removeFirst(tail.count - Self.edgeLength) }
    }

    /// A content key without reading the body again: SHA-256 of the size, the first and the last
    /// kilobyte. Equal bodies have equal keys; different images (which differ in their headers,
    /// size or final bytes) practically never do. Used for the "same bytes for many URLs" rule
    /// when no placeholder digest is configured for the host (those need `sha256`).
    var fingerprint: String {
        let hasher = SHA256Hasher()
        withUnsafeBytes(of: size.bigEndian) { hasher.update($0) }
        head.withUnsafeBytes { hasher.update($0) }
        tail.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeHex()
    }

    /// The SHA-256 of the body, read back through the open file (the page cache still has it)
    /// in one buffer of at most 1 MiB; nil for a body larger than `largestChecked` or one that
    /// cannot be read.
    var sha256: String? {
        if let digest { return digest }
        guard size <= Self.largestChecked, fd >= 0 else { return nil }
        let hasher = SHA256Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(min(max(size, 1), 1 << 20)), alignment: 16)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while offset < size {
            let count = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            offset += Int64(count)
        }
        digest = hasher.finalizeHex()
        return digest
    }

    /// Closes the file and renames it to `target`, whose folder must exist (rename replaces an
    /// existing file: the caller checks first, see `PlainDownloads.save`).
    func rename(to target: String) throws {
        if fd >= 0 {
            let closed = close(fd)
            fd = -1
            // close(2) can report a delayed write error; the file would then be incomplete.
            guard closed == 0 else { throw PlainDownloadError("cannot finish writing \(path): \(SystemError.describe(errno: errno))") }
        }
        guard Foundation.rename(path, target) == 0 else {
            throw PlainDownloadError("cannot save \(target): \(SystemError.describe(errno: errno))")
        }
        settled = true
    }

    /// Deletes the temp file.
    func discard() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(path)
        settled = true
    }
}

/// Why a plain download could not be saved.
struct PlainDownloadError: Error, CustomStringConvertible {
    /// What happened, with the path.
    let description: String
    /// True when the target name was taken (another URL saved under the same name).
    let exists: Bool

    init(_ description: String, exists: Bool = false) {
        self.description = description
        self.exists = exists
    }
}
