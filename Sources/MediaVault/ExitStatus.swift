/// Exit statuses: a contract (see ARCHITECTURE.md and the README's "Scripting mediavault").
public enum ExitStatus {
    /// Success (for a lookup: found).
    public static let success: Int32 = 0
    /// A lookup found nothing.
    public static let notFound: Int32 = 1
    /// A fatal error.
    public static let fatal: Int32 = 2
    /// The run finished but some items failed.
    public static let partialFailure: Int32 = 3
    /// verify found damage.
    public static let damage: Int32 = 4
    /// The work was done (archive and catalog written) but stdout was closed or could not be
    /// written, so the output is incomplete: `mirror --json | head -1`.
    public static let outputCut: Int32 = 5
    /// Usage error.
    public static let usage: Int32 = 64

    /// The status to exit with when stdout failed during a run that would have ended with
    /// `status`: a cut output outranks success, "not found" and partial failure (the reader
    /// cannot know which items it missed), never a fatal error, damage or a stop by a signal.
    public static func afterOutputCut(_ status: Int32) -> Int32 {
        [success, notFound, partialFailure].contains(status) ? outputCut : status
    }
}
