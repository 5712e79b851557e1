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
}
