/// Where one of a child's standard streams goes.
public enum Redirect: Sendable {
    /// The parent's own stream.
    case inherit
    /// /dev/null.
    case null
    /// A new pipe; the parent's end is `ChildProcess.standardInput`/`standardOutput`/`standardError`.
    case pipe
    /// A file, created or truncated (opened for reading when it is stdin).
    case file(String)
    /// A descriptor the parent owns and keeps (it is duplicated into the child, not closed).
    case descriptor(Int32)
    /// stderr only: wherever stdout goes (`2>&1`).
    case standardOutput
}
