import CPQ

/// The rows of a result, copied out of libpq's `PGresult` (text format) so it can be freed at once.
public struct PGRows: Sendable {
    /// Column names, in order.
    public let columns: [String]
    /// Each row's values in column order; nil is SQL NULL.
    public let rows: [[String?]]
    /// Rows an INSERT/UPDATE/DELETE touched (0 for other statements).
    public let affectedRows: Int

    /// Copies `result` (still owned by the caller).
    init(_ result: OpaquePointer) {
        let columnCount = PQnfields(result), rowCount = PQntuples(result)
        columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        rows = (0..<rowCount).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Number of rows.
    public var count: Int { rows.count }

    /// The text of `column` in row `row`; nil for NULL or an unknown column.
    public func string(_ row: Int, _ column: String) -> String? {
        guard let index = columns.firstIndex(of: column) else { return nil }
        return rows[row][index]
    }

    /// `column` of row `row` as an integer.
    public func int(_ row: Int, _ column: String) -> Int? { string(row, column).flatMap { Int($0) } }

    /// `column` of row `row` as a boolean (`t`/`f` in PostgreSQL's text format).
    public func bool(_ row: Int, _ column: String) -> Bool? { string(row, column).map { $0 == "t" } }

    /// The first column of the first row, if any (for `SELECT count(*)` and the like).
    public var scalar: String? { rows.first?.first ?? nil }
}

/// A Swift value that can be bound to a `$n` parameter in PostgreSQL's text format.
public protocol PGBindable: Sendable {
    /// The parameter's text form.
    var pgText: String { get }
}

extension String: PGBindable {
    /// The string itself.
    public var pgText: String { self }
}

extension Int: PGBindable {
    /// Decimal digits.
    public var pgText: String { String(self) }
}

extension Int64: PGBindable {
    /// Decimal digits.
    public var pgText: String { String(self) }
}

extension Double: PGBindable {
    /// The shortest text that reads back as the same double.
    public var pgText: String { "\(self)" }
}

extension Bool: PGBindable {
    /// `true` or `false`.
    public var pgText: String { self ? "true" : "false" }
}

/// A `text[]` parameter (bound as an array literal), for `= ANY($1)` and `unnest($1)`.
public struct PGTextArray: PGBindable {
    /// The elements; nil elements are SQL NULL.
    public let elements: [String?]

    /// An array of `elements`.
    public init(_ elements: [String?]) { self.elements = elements }

    /// `{"a","b\"c",NULL}`: every element quoted, `"` and `\` escaped with a backslash.
    public var pgText: String {
        "{" + elements.map { element in
            guard let element else { return "NULL" }
            return "\"" + element.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }
}
