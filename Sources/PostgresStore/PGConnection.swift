import CPQ
import Foundation

/// One connection to a PostgreSQL server through libpq: owns the `PGconn` and closes it in
/// `deinit`. Synchronous, like GRDB: a call returns when the server has answered.
///
/// Not thread-safe (libpq connections are not): use one connection per thread or worker.
public final class PGConnection {
    private let connection: OpaquePointer
    /// Depth of ``transaction(_:)`` calls: inner ones become savepoints.
    private var transactionDepth = 0
    /// Statements prepared on this connection, by their text (see ``executePrepared(_:_:)``).
    private var prepared: [String: String] = [:]

    /// Connects to `url` (`postgresql://user:password@host:port/database?sslmode=...`, or a
    /// `key=value` conninfo string); throws a ``PGError`` that says what to check.
    public init(url: String) throws {
        guard let connection = PQconnectdb(url) else {
            throw PGError(sqlState: "", message: "libpq could not allocate a connection", operation: "connect")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            // libpq reports authentication and missing databases only as text: map them to the
            // SQLSTATE the server sent, so callers can match on it.
            let state = message.contains("password authentication failed") ? "28P01"
                : message.contains("does not exist") && message.contains("database") ? PGError.invalidCatalogName : ""
            throw PGError(sqlState: state, message: "\(Self.redacted(url)): \(message)", operation: "connect")
        }
        self.connection = connection
        // libpq prints NOTICEs ("relation already exists, skipping") to stderr, which carries
        // mediavault's diagnostics: only warnings and errors get through.
        _ = try execute("SET client_min_messages TO WARNING")
    }

    deinit { PQfinish(connection) }

    /// Runs one statement with `$1, $2...` parameters bound to `arguments` (sent as text,
    /// nil as SQL NULL; never spliced into the SQL) and returns its rows.
    @discardableResult
    public func execute(_ sql: String, _ arguments: [(any PGBindable)?] = []) throws -> PGRows {
        let texts: [String?] = arguments.map { $0?.pgText }
        let result = withCStrings(texts) { pointers in
            PQexecParams(connection, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        return try rows(from: result, sql: sql, arguments: texts, operation: "query")
    }

    /// Runs one statement like ``execute(_:_:)``, prepared once per connection (by its text) and
    /// executed by name afterwards: the server parses and plans it once, not on every call. For
    /// the statements a mirror runs per image (inserting objects, URLs, history, requests).
    @discardableResult
    public func executePrepared(_ sql: String, _ arguments: [(any PGBindable)?] = []) throws -> PGRows {
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "mv_prepared_\(prepared.count)"
            _ = try rows(from: PQprepare(connection, name, sql, Int32(arguments.count), nil), sql: sql, arguments: [], operation: "prepare")
            prepared[sql] = name
        }
        let texts: [String?] = arguments.map { $0?.pgText }
        let result = withCStrings(texts) { pointers in
            PQexecPrepared(connection, name, Int32(texts.count), pointers, nil, nil, 0)
        }
        return try rows(from: result, sql: sql, arguments: texts, operation: "query")
    }

    /// Runs a script of several statements without parameters (migrations).
    public func executeScript(_ sql: String) throws {
        _ = try rows(from: PQexec(connection, sql), sql: sql, arguments: [], operation: "script")
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// Nested calls use savepoints, so an inner failure undoes only the inner work.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let depth = transactionDepth
        let savepoint = "mv_savepoint_\(depth)"
        _ = try execute(depth == 0 ? "BEGIN" : "SAVEPOINT \(savepoint)")
        transactionDepth += 1
        defer { transactionDepth = depth }
        do {
            let value = try body()
            _ = try execute(depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT \(savepoint)")
            return value
        } catch {
            // The original error matters; a failing ROLLBACK (connection gone) adds nothing.
            _ = try? execute(depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT \(savepoint)")
            throw error
        }
    }

    /// Whether the connection is still usable (false after the server went away).
    public var isHealthy: Bool { PQstatus(connection) == CONNECTION_OK }

    /// The server's version number, e.g. 150018 for 15.18.
    public var serverVersion: Int { Int(PQserverVersion(connection)) }

    /// Copies a result out and frees it; throws for error results.
    private func rows(from result: OpaquePointer?, sql: String, arguments: [String?], operation: String) throws -> PGRows {
        guard let result else {
            throw PGError(sqlState: "", message: String(cString: PQerrorMessage(connection)), statement: sql,
                          arguments: arguments, operation: operation)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            func field(_ code: Int32) -> String? { PQresultErrorField(result, code).map { String(cString: $0) } }
            let message = field(Int32(UInt8(ascii: "M"))) ?? String(cString: PQresultErrorMessage(result))
            // PG_DIAG_SQLSTATE 'C', PG_DIAG_MESSAGE_DETAIL 'D', PG_DIAG_MESSAGE_HINT 'H'.
            throw PGError(sqlState: field(Int32(UInt8(ascii: "C"))) ?? "", message: message, detail: field(Int32(UInt8(ascii: "D"))),
                          hint: field(Int32(UInt8(ascii: "H"))), statement: sql, arguments: arguments, operation: operation)
        }
        return PGRows(result)
    }

    /// `url` with any password replaced by `***`, for error messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}

/// Calls `body` with C strings for `texts` (nil stays a null pointer, which libpq sends as NULL).
private func withCStrings<R>(_ texts: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = texts.map { $0.map { strdup($0) } }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
