import Foundation

/// An advisory lock on an archive (`flock` on `root/lock`), so that two processes never
/// write one archive at once. Released when the value is freed or the process ends, even by a crash.
public final class ArchiveLock: Sendable {
    private let fd: Int32

    /// Takes the lock: exclusive for writers, shared for readers. When another process holds it,
    /// `onWait` is called once and the call blocks until the lock is free, unless `wait` is false,
    /// in which case it throws `StoreError.busy`; with a `timeout` (seconds) it waits that long
    /// at most, then throws `StoreError.busy` too.
    public init(root: URL, exclusive: Bool, wait: Bool = true, timeout: Double? = nil, onWait: () -> Void = {}) throws {
        // The descriptor is stored only once the lock is held: a class whose properties are all
        // set runs `deinit` when its initializer throws, and a second close(2) of a number
        // another thread has meanwhile opened would close that thread's file.
        fd = try Self.acquire(root: root, exclusive: exclusive, wait: wait, timeout: timeout, onWait: onWait)
    }

    deinit { close(fd) }

    /// Opens `root/lock` and locks it; returns the locked descriptor, or closes it (once) and throws.
    private static func acquire(root: URL, exclusive: Bool, wait: Bool, timeout: Double?, onWait: () -> Void) throws -> Int32 {
        let path = root.appendingPathComponent("lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.posix("cannot open the archive lock", path) }
        do {
            try lock(fd, path: path, root: root, mode: exclusive ? LOCK_EX : LOCK_SH, wait: wait, timeout: timeout, onWait: onWait)
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// Takes `mode` on the open `fd`, waiting as `acquire` describes.
    private static func lock(_ fd: Int32, path: String, root: URL, mode: Int32, wait: Bool, timeout: Double?, onWait: () -> Void) throws {
        if flock(fd, mode | LOCK_NB) == 0 { return }
        guard errno == EWOULDBLOCK else { throw StoreError.posix("cannot lock", path) }
        guard wait else {
            throw StoreError.busy("the archive \(root.path) is in use by another mediavault process; wait for it to finish")
        }
        onWait()
        if let timeout {
            // flock has no timeout: poll, 50 ms apart, until the deadline.
            let deadline = Date().addingTimeInterval(timeout)
            while flock(fd, mode | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else { throw StoreError.posix("cannot lock", path) }
                guard Date() < deadline else {
                    throw StoreError.busy("the archive \(root.path) is still in use by another mediavault process after \(timeout) s (--lock-timeout); try again later or raise --lock-timeout")
                }
                usleep(50_000)
            }
            return
        }
        while flock(fd, mode) != 0 {
            guard errno == EINTR else { throw StoreError.posix("cannot lock", path) }
        }
    }
}
