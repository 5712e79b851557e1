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
        let path = root.appendingPathComponent("lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.posix("cannot open the archive lock", path) }
        let mode = exclusive ? LOCK_EX : LOCK_SH
        if flock(fd, mode | LOCK_NB) == 0 { return }
        guard errno == EWOULDBLOCK, wait else {
            close(fd)
            throw StoreError.busy("the archive \(root.path) is in use by another mediavault process; wait for it to finish")
        }
        onWait()
        if let timeout {
            // flock has no timeout: poll, 50 ms apart, until the deadline.
            let deadline = Date().addingTimeInterval(timeout)
            while flock(fd, mode | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    close(fd)
                    throw StoreError.posix("cannot lock", path)
                }
                guard Date() < deadline else {
                    close(fd)
                    throw StoreError.busy("the archive \(root.path) is still in use by another mediavault process after \(timeout) s (--lock-timeout); try again later or raise --lock-timeout")
                }
                usleep(50_000)
            }
            return
        }
        while flock(fd, mode) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw StoreError.posix("cannot lock", path)
            }
        }
    }

    deinit { close(fd) }
}
