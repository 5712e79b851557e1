import ArchiveStore
import Foundation
import PostgresStore

/// Where a catalog lives, chosen once from the command line; the one place that knows which
/// `CatalogStore` implementation opens it (the verbs hold `any CatalogStore` and never ask).
public enum CatalogAddress: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file (`catalog.sqlite` inside a local archive by default).
    case sqlite(URL)
    /// A PostgreSQL database (`postgresql://user@host:port/database`), shared by workers.
    case postgres(String)

    /// `postgresql://…` / `postgres://…`, else a SQLite file path.
    public static func parse(_ text: String) -> CatalogAddress {
        let lower = text.lowercased()
        if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") { return .postgres(text) }
        return .sqlite(URL(fileURLWithPath: text).standardizedFileURL)
    }

    /// Whether there is a catalog to read: a SQLite file must exist; a server is asked when opened.
    public var exists: Bool {
        switch self {
        case .sqlite(let file): FileManager.default.fileExists(atPath: file.path)
        case .postgres: true
        }
    }

    /// The address for messages (a PostgreSQL password is hidden).
    public var description: String {
        switch self {
        case .sqlite(let file): file.path
        case .postgres(let url): Self.hidingPassword(url)
        }
    }

    /// `postgresql://user:secret@host/db` as `postgresql://user:***@host/db`.
    static func hidingPassword(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }

    /// Opens the catalog for writing, creating and migrating it when needed.
    public func openForWriting() throws -> any CatalogStore {
        switch self {
        case .sqlite(let file): return try Catalog(file: file)
        case .postgres(let url): return try PostgresCatalog(url: url)
        }
    }

    /// Opens an existing catalog for lookups; a SQLite file is opened read-only (read-only
    /// media stay checkable); PostgreSQL is opened as for writing (migrations are idempotent).
    public func openForReading() throws -> any CatalogStore {
        switch self {
        case .sqlite(let file): return try Catalog(readingFile: file)
        case .postgres(let url): return try PostgresCatalog(url: url)
        }
    }
}
