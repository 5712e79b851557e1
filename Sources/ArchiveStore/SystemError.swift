import Foundation

/// The words a person needs for a failed system call: the C library's message, the errno's
/// name and number, and what to do. Foundation's own `localizedDescription` hides the errno
/// ("The operation could not be completed. (NSCocoaErrorDomain error 512.)"); the POSIX error
/// is still under it, and this finds it.
public enum SystemError {
    /// `Read-only file system (EROFS, errno 30): …what to do` for a file-system error, else the
    /// error's own description.
    public static func describe(_ error: any Error) -> String {
        guard let code = errnoCode(of: error) else { return "\(error)" }
        return describe(errno: code)
    }

    /// The text for an errno value.
    public static func describe(errno code: Int32) -> String {
        "\(String(cString: strerror(code))) (\(name(code)), errno \(code))" + (hint(code).map { ": \($0)" } ?? "")
    }

    /// The POSIX code under a Foundation error, when there is one.
    public static func errnoCode(of error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        if let cocoa = error as? CocoaError, let underlying = cocoa.underlying { return errnoCode(of: underlying) }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error { return errnoCode(of: underlying) }
        return nil
    }

    /// The symbolic name of the errno values file work meets.
    public static func name(_ code: Int32) -> String {
        switch code {
        case EACCES: "EACCES"
        case EPERM: "EPERM"
        case EROFS: "EROFS"
        case ENOSPC: "ENOSPC"
        case EDQUOT: "EDQUOT"
        case ENOENT: "ENOENT"
        case ENOTDIR: "ENOTDIR"
        case EISDIR: "EISDIR"
        case EEXIST: "EEXIST"
        case EIO: "EIO"
        case EMFILE: "EMFILE"
        case EXDEV: "EXDEV"
        case EPIPE: "EPIPE"
        default: "errno \(code)"
        }
    }

    /// What a person can do about it.
    static func hint(_ code: Int32) -> String? {
        switch code {
        case EROFS: "the file system is mounted read-only; remount it read-write or choose a folder elsewhere"
        case EACCES, EPERM: "check the permissions of the folder (and its parents) or run as its owner"
        case ENOSPC, EDQUOT: "the disk (or quota) is full; free space and run the command again"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case ENOENT: "a folder on the way does not exist"
        case EMFILE: "too many open files; raise `ulimit -n`"
        default: nil
        }
    }
}
