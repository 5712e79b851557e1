import ArchiveStore
import Foundation

/// The archive's catalog in PostgreSQL (`--catalog postgresql://…`): the same tables, rows and
/// answers as the SQLite `Catalog`, shared by every `mirror` worker on every machine.
///
/// The rules it keeps, as the SQLite catalog does:
/// - Every write call is one transaction: a batch of posts or objects commits whole or not at all.
/// - An object's row is written only after its bytes are durable (the caller's duty); rows are
///   deleted before files, so a crash leaves at worst an orphan, never a row without bytes.
/// - Re-recording is idempotent: posts by `source`, objects by digest, URLs by URL.
/// - Errors are ``PGError``s that keep the SQLSTATE and the statement and say which catalog
///   and what the call was doing (``PGError/within(_:)``).
///
/// Synchronous and thread-safe: calls borrow a connection from a small pool.
public final class PostgresCatalog: Sendable {
    /// The catalog's URL with any password hidden, for messages.
    public let name: String
    /// The URL as given (with its password): the work queue, heartbeat and host slots open
    /// connections of their own to it.
    let url: String
    private let pool: PGPool

    /// Connects to `url` (`postgresql://user@host:port/database`) and applies the schema's
    /// migrations (under an advisory lock, so workers starting together do not race).
    public init(url: String, connections: Int = 4) throws {
        self.url = url
        name = PGConnection.redacted(url)
        pool = PGPool(url: url, limit: connections)
        do {
            _ = try pool.withConnection { try PostgresCatalogSchema.migrator.migrate($0) }
        } catch let error as PGError {
            throw error.within("cannot open the catalog \(name)")
        }
    }

    /// Runs `body` in one transaction on a pooled connection; errors name the catalog and `what`.
    /// A transaction that PostgreSQL chose to break a deadlock (two workers writing the same
    /// rows) is run again, up to three times: `body` only touches the database, so a rerun is safe.
    @discardableResult
    func write<T>(_ what: String, _ body: (PGConnection) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try pool.withConnection { connection in try connection.transaction { try body(connection) } }
            } catch let error as PGError where attempt < 3
                && [PGError.deadlockDetected, PGError.serializationFailure].contains(error.sqlState) {
                attempt += 1
            } catch let error as PGError {
                throw error.within("cannot \(what) in the catalog \(name)")
            }
        }
    }

    /// Runs `body` on a pooled connection outside any explicit transaction (one statement is
    /// its own snapshot); errors name the catalog and `what`.
    func read<T>(_ what: String, _ body: (PGConnection) throws -> T) throws -> T {
        do {
            return try pool.withConnection(body)
        } catch let error as PGError {
            throw error.within("cannot \(what) from the catalog \(name)")
        }
    }

    /// Runs `body` on a pooled connection of its own (the work queue's statements share the
    /// catalog's pool and its error context).
    public func withConnection<T>(_ what: String, _ body: (PGConnection) throws -> T) throws -> T {
        try read(what, body)
    }

    /// Nothing to do: PostgreSQL's commit is durable when it returns (the SQLite catalog
    /// copies its write-ahead log here).
    public func checkpoint() {}

    /// ISO 8601 time in UTC, as the SQLite catalog stores it.
    static func timestamp(_ date: Date = Date()) -> String { date.formatted(.iso8601) }

    /// A bytewise order on a text column, whatever the database's collation (the SQLite catalog's order).
    static func bytewise(_ column: String) -> String { "\(column) COLLATE \"C\"" }

    /// `value` with LIKE's wildcards (`%`, `_`) and its escape character (`\`) escaped by a
    /// backslash (PostgreSQL's default LIKE escape), so "100%" matches only "100%".
    static func likeEscaped(_ value: String) -> String {
        var out = ""
        for character in value {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
