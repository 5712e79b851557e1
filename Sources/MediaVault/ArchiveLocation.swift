import Foundation

/// Which archive a command works on.
public enum ArchiveLocation {
    /// `--archive` when given, else `$MEDIAVAULT_ARCHIVE`, else `./Archive`.
    public static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let path = option ?? environment["MEDIAVAULT_ARCHIVE"].flatMap { $0.isEmpty ? nil : $0 } ?? "Archive"
        return URL(fileURLWithPath: path).standardizedFileURL
    }

    /// The catalog file inside an archive.
    public static func catalogFile(in archive: URL) -> URL { archive.appendingPathComponent("catalog.sqlite") }

    /// The catalog file of an existing archive; nil, after saying on stderr what to do, when the
    /// folder has none (every command but `mirror` needs one).
    public static func existingCatalogFile(in archive: URL, output: some OutputSink) -> URL? {
        let file = catalogFile(in: archive)
        guard FileManager.default.fileExists(atPath: file.path) else {
            reportMissingCatalog(archive, output: output)
            return nil
        }
        return file
    }

    /// Says that `archive` holds no catalog and how to get one.
    static func reportMissingCatalog(_ archive: URL, output: some OutputSink) {
        output.diagnose("error: no archive at \(archive.path) (no catalog.sqlite); pass --archive or run `mediavault mirror` first")
    }
}
