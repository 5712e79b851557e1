import ArchiveStore
import Foundation

/// `mediavault search TEXT`: full-text search over captions, alt texts and post titles
/// (Chinese and other unsegmented scripts included), best match first.
public struct SearchJob: Sendable {
    /// The archive folder.
    public var archive: URL
    /// At most this many result lines.
    public var limit: Int

    /// Creates a search on an archive.
    public init(archive: URL, limit: Int = 100) {
        self.archive = archive
        self.limit = limit
    }

    /// Emits one `caption` line per matching image reference; returns 0 when found, 1 when not.
    public func run(text: String, output: some OutputSink) -> Int32 {
        guard let catalogFile = ArchiveLocation.existingCatalogFile(in: archive, output: output) else { return ExitStatus.fatal }
        guard !text.allSatisfy(\.isWhitespace) else {
            output.diagnose("error: nothing to search for; give a word, e.g. `mediavault search 夜景`")
            return ExitStatus.usage
        }
        do {
            let hits = try Catalog(readingFile: catalogFile).search(text, limit: limit)
            for hit in hits { output.emit(CaptionLine(hit)) }
            output.emit(SearchSummary(found: hits.count, limit: limit))
            if hits.isEmpty {
                output.diagnose("not found: no caption, alt text or post title in \(archive.path) contains \(text)")
                return ExitStatus.notFound
            }
            return ExitStatus.success
        } catch {
            output.diagnose("error: \(error)")
            return ExitStatus.fatal
        }
    }
}
