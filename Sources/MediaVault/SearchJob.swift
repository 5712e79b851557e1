import ArchiveStore
import Foundation

/// `mediavault search TEXT`: full-text search over captions, alt texts and post titles
/// (Chinese and other unsegmented scripts included), best match first.
public struct SearchJob: Sendable {
    /// The archive and its catalog.
    public var target: ArchiveTarget
    /// At most this many result lines.
    public var limit: Int

    /// Creates a search on an archive.
    public init(archive: URL, limit: Int = 100) {
        self.init(target: .local(archive), limit: limit)
    }

    /// Creates a search on an archive named on the command line (local or remote).
    public init(target: ArchiveTarget, limit: Int = 100) {
        self.target = target
        self.limit = limit
    }

    /// Emits one `caption` line per matching image reference; returns 0 when found, 1 when not.
    public func run(text: String, output: some OutputSink) -> Int32 {
        guard target.requireCatalog(output: output) else { return ExitStatus.fatal }
        guard !text.allSatisfy(\.isWhitespace) else {
            output.diagnose("error: nothing to search for; give a word, e.g. `mediavault search 夜景`")
            return ExitStatus.usage
        }
        do {
            let hits = try target.catalog.openForReading().search(text, limit: limit)
            for hit in hits { output.emit(CaptionLine(hit)) }
            output.emit(SearchSummary(found: hits.count, limit: limit))
            if hits.isEmpty {
                output.diagnose("not found: no caption, alt text or post title in \(target.displayName) contains \(text)")
                return ExitStatus.notFound
            }
            return ExitStatus.success
        } catch {
            output.diagnose("error: \(error)")
            return ExitStatus.fatal
        }
    }
}
