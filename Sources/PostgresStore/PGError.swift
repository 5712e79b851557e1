import Foundation

/// A failed PostgreSQL call, with the SQLSTATE, the server's message and the statement (in
/// the style of GRDB's `DatabaseError`): ``description`` leaves the bound values out (they may
/// be private), ``expandedDescription`` shows them for debugging.
public struct PGError: Error, CustomStringConvertible, Sendable {
    /// The five-character SQLSTATE (`23505` unique violation, `40001` serialization failure...);
    /// empty when the failure happened before the server answered (connection lost).
    public let sqlState: String
    /// The server's (or libpq's) primary message.
    public let message: String
    /// The server's DETAIL line (it may quote row values, so only ``expandedDescription`` shows it).
    public let detail: String?
    /// The server's HINT line.
    public let hint: String?
    /// The statement that failed (nil for connecting).
    public let statement: String?
    /// The values bound to the statement's parameters, as sent (text format).
    public let arguments: [String?]
    /// What was being done: `connect`, `query`, `begin`, `commit`, `migrate`...
    public let operation: String
    /// What the caller was doing and on which catalog (`cannot record 3 objects in the catalog
    /// postgresql://host/db`), set by ``within(_:)``; nil for a bare libpq call.
    public private(set) var context: String?

    /// An error for `operation`.
    public init(sqlState: String, message: String, detail: String? = nil, hint: String? = nil, statement: String? = nil,
                arguments: [String?] = [], operation: String) {
        self.sqlState = sqlState
        self.message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        self.detail = detail
        self.hint = hint
        self.statement = statement
        self.arguments = arguments
        self.operation = operation
    }

    /// SQLSTATE 23505: a unique constraint refused the row.
    public static let uniqueViolation = "23505"
    /// SQLSTATE 23503: a foreign key refused the row.
    public static let foreignKeyViolation = "23503"
    /// SQLSTATE 40001: a serializable transaction must be retried.
    public static let serializationFailure = "40001"
    /// SQLSTATE 40P01: this transaction was chosen to break a deadlock; retry it.
    public static let deadlockDetected = "40P01"
    /// SQLSTATE 3D000: the database named in the URL does not exist.
    public static let invalidCatalogName = "3D000"
    /// SQLSTATE 28P01 / 28000: the server refused the user or password.
    public static let authenticationFailed: Set<String> = ["28P01", "28000"]

    /// Whether the connection itself failed (class 08, or no SQLSTATE at all): reconnect and retry.
    public var isConnectionFailure: Bool { sqlState.isEmpty || sqlState.hasPrefix("08") || sqlState == "57P01" }

    /// The message, the SQLSTATE, the operation and the statement (its first 300 characters),
    /// without bound values or the DETAIL line that may quote them.
    public var description: String {
        var text = context.map { "\($0): " } ?? ""
        text += "PostgreSQL \(operation) failed"
        if !sqlState.isEmpty { text += " (SQLSTATE \(sqlState))" }
        text += ": \(message)"
        if let hint, !hint.isEmpty { text += " (hint: \(hint))" }
        if let statement {
            let line = Self.oneLine(statement)
            text += " — statement: " + (line.count > 300 ? line.prefix(300) + "…" : line)
        }
        if let advice { text += "; \(advice)" }
        return text
    }

    /// This error with `context` (what the caller was doing, on which catalog) in front of its description.
    public func within(_ context: String) -> PGError {
        var error = self
        error.context = context
        return error
    }

    /// ``description`` plus the DETAIL line, the whole statement and the bound values.
    public var expandedDescription: String {
        var text = description
        if let detail, !detail.isEmpty { text += " — detail: \(detail)" }
        if let statement, statement.count > 300 { text += " — full statement: \(Self.oneLine(statement))" }
        if !arguments.isEmpty { text += " — arguments: [" + arguments.map { $0.map { "'\($0)'" } ?? "NULL" }.joined(separator: ", ") + "]" }
        return text
    }

    /// What a person can do about the common failures.
    private var advice: String? {
        if Self.authenticationFailed.contains(sqlState) { return "check the user and password in the postgresql:// URL (--catalog or MEDIAVAULT_CATALOG)" }
        if sqlState == Self.invalidCatalogName { return "create the database (createdb) or fix its name in the postgresql:// URL" }
        if operation == "connect" { return "check that the server in the postgresql:// URL (--catalog or MEDIAVAULT_CATALOG) is running and reachable" }
        if isConnectionFailure { return "the connection to the server was lost; the transaction did not commit, run again" }
        return nil
    }

    /// `statement` with its whitespace runs folded, so an error stays one line.
    private static func oneLine(_ statement: String) -> String {
        statement.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
