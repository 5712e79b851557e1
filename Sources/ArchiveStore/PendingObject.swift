import Foundation

/// Bytes on their way into the archive: a temp file in `tmp/` hashed as it is written.
/// Becomes an object with `ObjectStore.commit`, or disappears with `discard`.
public final class PendingObject: @unchecked Sendable {
    // @unchecked: a pending object is written by one thread at a time (the transfer thread
    // while downloading, then the committing task), never concurrently.
    /// The temp file's path.
    public let path: String
    /// The temp file.
    public var file: URL { URL(fileURLWithPath: path) }
    private var fd: Int32
    /// The permission bits the file was created with.
    let mode: mode_t
    private let hasher = SHA256Hasher()
    /// Bytes written so far.
    public private(set) var size: Int64 = 0
    /// How many leading bytes are kept for sniffing (SVG can need a kilobyte).
    static let prefixLength = 1024
    /// How many leading bytes are kept in memory: enough for nearly every image header, so the
    /// header probe of `mirror --no-thumbnails` reads no file (copying them here, while they are
    /// hot in the cache, costs less than opening and reading the file again).
    public static let headLength = Thumbnailer.probeWindow
    /// The first bytes written (up to `headLength`).
    public private(set) var head: [UInt8] = []
    /// The first bytes written (up to `prefixLength`), for sniffing the type.
    public var prefix: ArraySlice<UInt8> { head.prefix(Self.prefixLength) }
    /// Whether `head` holds every byte written.
    public var headIsWhole: Bool { Int64(head.count) == size }
    private var digest: String?
    /// Runs once when the object leaves the download path (saved, discarded or dropped): a group
    /// commit counts the downloads that may still join the batch it is gathering.
    var settling: (@Sendable () -> Void)?

    /// Creates the temp file at `path` (which must not exist yet).
    /// `mode` is the file's permission bits from the start: the archive's objects are created
    /// read-only (0444; the descriptor opened here still writes), which spares a chmod per object.
    public init(path: String, mode: mode_t = 0o600) throws {
        self.path = path
        self.mode = mode
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw StoreError.posix("cannot create", path) }
    }

    deinit {
        settle()
        if fd >= 0 {
            close(fd)
            unlink(path)  // never committed: leave nothing behind
        }
    }

    /// Appends bytes to the temp file and the digest.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(digest == nil, "write after the digest was taken")
        if head.count < Self.headLength {
            if head.isEmpty { head.reserveCapacity(Self.headLength) }
            head.append(contentsOf: bytes.prefix(Self.headLength - head.count))
        }
        hasher.update(bytes)
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.posix("cannot write", path)
            }
            offset += n
        }
        size += Int64(bytes.count)
    }

    /// The SHA-256 of everything written (ends writing).
    public var sha256: String {
        if let digest { return digest }
        let value = hasher.finalizeHex()
        digest = value
        return value
    }

    /// Flushes the bytes to disk and closes the file; called by the store before the rename.
    func closeDurably() throws {
        guard fd >= 0 else { return }
        let descriptor = fd
        fd = -1
        guard fsync(descriptor) == 0 else {
            let error = StoreError.posix("cannot flush", path)
            close(descriptor)
            throw error
        }
        // close(2) can still report a delayed write error (NFS, some FUSE file systems).
        guard close(descriptor) == 0 else { throw StoreError.posix("cannot close", path) }
    }

    /// Closes the file without flushing it: the caller makes the bytes durable with the whole
    /// file system (`FileSystemSync`) before the rename.
    func closeForSync() throws {
        guard fd >= 0 else { return }
        let descriptor = fd
        fd = -1
        guard close(descriptor) == 0 else { throw StoreError.posix("cannot close", path) }
    }

    /// Asks the kernel to start writing the bytes out now (no waiting), so the batch's fsync
    /// later finds most of them already on the disk.
    func startWriteback() {
        guard fd >= 0 else { return }
        _ = LinuxCalls.syncFileRange?(fd, 0, 0, LinuxCalls.syncFileRangeWrite)
    }

    /// Closes the descriptor behind the object's back and leaves it a number no open can
    /// return (above any descriptor limit), so its own close(2) fails with EBADF. A test's
    /// closed number could otherwise be reused by a file another test opens meanwhile.
    func breakDescriptorForTesting() {
        close(fd)
        fd = Int32.max
    }

    /// Marks the temp file as renamed away, so `deinit` does not delete it.
    func detach() { fd = -1 }

    /// Runs `settling`, once.
    func settle() {
        let settling = self.settling
        self.settling = nil
        settling?()
    }

    /// Deletes the temp file (or, with `keepingFile`, only closes it: the caller took it over).
    public func discard(keepingFile: Bool = false) {
        settle()
        if fd >= 0 { close(fd); fd = -1 }
        if !keepingFile { unlink(path) }
    }
}
