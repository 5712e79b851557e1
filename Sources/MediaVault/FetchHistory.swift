import Foundation

/// Writes the fetch history of URLs that did not end with a stored object (failed requests,
/// 304 on `--recheck`) and reports every write the catalog refuses: a warning on stderr naming
/// the URL and the catalog's error, counted for the run's summary. The image itself is not
/// affected (there is none, or it is archived already); only the record of the attempt is lost,
/// and that is said instead of being swallowed.
final class FetchHistory: @unchecked Sendable {
    // @unchecked: `lost` is guarded by `lock`; `warn` is a Sendable closure.
    private let lock = NSLock()
    private var lost = 0
    private let warn: @Sendable (String) -> Void

    /// Reports through `warn` (the run's stderr).
    init(warn: @escaping @Sendable (String) -> Void) {
        self.warn = warn
    }

    /// History writes the catalog refused so far.
    var lostRecords: Int { lock.withLock { lost } }

    /// Runs `write` (a catalog write of `url`'s history: `what` names it for the warning);
    /// a thrown error is said and counted, never passed on.
    func record(_ url: String, _ what: String, _ write: () throws -> Void) {
        do {
            try write()
        } catch {
            lock.withLock { lost += 1 }
            warn("warning: \(url): the catalog did not record \(what): \(error); the image is unaffected, only this record of the attempt is missing (check the catalog with `mediavault verify`)")
        }
    }
}
