import Foundation

/// Bytes on their way into the archive: a temp file in `tmp/` hashed as it is written, named or
/// unnamed (`O_TMPFILE`, see `unnamed(in:mode:)`). Becomes an object with `ObjectStore.commit`,
/// or disappears with `discard`.
public final class PendingObject: @unchecked Sendable {
    // @unchecked: a pending object is written by one thread at a time (the transfer thread
    // while downloading, then the committing task), never concurrently.
    /// The temp file's path: its name in `tmp/`, or for an unnamed file `/proc/self/fd/N`, which
    /// opens it while it is pending.
    public let path: String
    /// True for a file with no name until `publish` links it into place: a crash before then
    /// leaves nothing behind.
    public let isUnnamed: Bool
    /// What error messages call the file: its path, or for an unnamed one its folder.
    private let label: String
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
        isUnnamed = false
        label = path
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw StoreError.posix("cannot create", path) }
    }

    private init(unnamed fd: Int32, mode: mode_t, folder: String) {
        self.fd = fd
        self.mode = mode
        isUnnamed = true
        path = "/proc/self/fd/\(fd)"
        label = "an unnamed temp file in \(folder)"
    }

    /// An unnamed temp file in `folder` (`O_TMPFILE`): it gets its only name when `publish` links
    /// it to its object name, so the file system makes one directory entry per object instead of
    /// a temp name, its removal and the final name, and a crash leaves no temp file. Nil where the
    /// kernel or the file system cannot make one (the caller then names its temp file).
    public static func unnamed(in folder: String, mode: mode_t) throws -> PendingObject? {
        let fd = open(folder, O_WRONLY | LinuxCalls.openTemporaryFile | O_CLOEXEC, mode)
        if fd >= 0 { return PendingObject(unnamed: fd, mode: mode, folder: folder) }
        if [EOPNOTSUPP, EISDIR, EINVAL].contains(errno) { return nil }
        throw StoreError.posix("cannot create a temp file in", folder)
    }

    deinit {
        settle()
        if fd >= 0 {
            close(fd)
            if !isUnnamed { unlink(path) }  // never committed: leave nothing behind
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
                throw StoreError.posix("cannot write", label)
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

    /// Flushes the bytes to disk and ends writing: a named file is closed before its rename; an
    /// unnamed one stays open, its descriptor being its only handle until `publish` links it.
    func closeDurably() throws {
        guard fd >= 0 else { return }
        guard fsync(fd) == 0 else {
            let error = StoreError.posix("cannot flush", label)
            discard()
            throw error
        }
        try closeForSync()
    }

    /// Ends writing without flushing (the caller makes the bytes durable with the whole file
    /// system, `FileSystemSync`, before the rename): closes a named file; an unnamed one stays open.
    func closeForSync() throws {
        guard fd >= 0, !isUnnamed else { return }
        let descriptor = fd
        fd = -1
        // close(2) can still report a delayed write error (NFS, some FUSE file systems).
        guard close(descriptor) == 0 else { throw StoreError.posix("cannot close", label) }
    }

    /// Gives the durable bytes their final name `target` unless a file has it already (identical
    /// bytes stored before): a named file is renamed (`BatchCommit.move`), an unnamed one linked
    /// (`linkat` through `/proc/self/fd`, which refuses an existing name) and closed.
    /// `syncingLink` flushes the linked file once more: a folder's fsync alone does not make
    /// its new link count durable (ext4 without a journal); `syncfs` does.
    func publish(as target: String, syncingLink: Bool) -> BatchCommit.Move {
        guard isUnnamed else { return BatchCommit.move(path, to: target) }
        guard fd >= 0 else { errno = EBADF; return .failed }
        if linkat(AT_FDCWD, path, AT_FDCWD, target, AT_SYMLINK_FOLLOW) != 0 {
            return errno == EEXIST ? .existed : .failed
        }
        if syncingLink, fsync(fd) != 0 {
            let code = errno
            unlink(target)  // not durable: no name may point at it
            errno = code
            return .failed
        }
        close(fd)
        fd = -1
        return .moved
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

    /// Marks the temp file as renamed away (or linked and closed), so `deinit` does not delete it.
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
        if !keepingFile, !isUnnamed { unlink(path) }  // an unnamed file is gone once closed
    }
}
