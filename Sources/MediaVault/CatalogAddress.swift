import ArchiveStore
import Foundation

/// Where a catalog lives, chosen once from the command line; the one place that knows which
/// `CatalogStore` implementation opens it (the verbs hold `any CatalogStore` and never ask).
public enum CatalogAddress: Sendable, Equatable {
    /// A SQLite file (`catalog.sqlite` inside a local archive by default).
    case sqlite(URL)

    /// Opens the catalog for writing, creating and migrating it when needed.
    public func openForWriting() throws -> any CatalogStore {
        switch self {
        case .sqlite(let file): return try Catalog(file: file)
        }
    }

    /// Opens an existing catalog for lookups; never writes (read-only media stay checkable).
    public func openForReading() throws -> any CatalogStore {
        switch self {
        case .sqlite(let file): return try Catalog(readingFile: file)
        }
    }
}
