import Foundation

/// A JSON value in an output line: only what the command-line contract uses.
public enum JSONValue: Sendable, Equatable {
    /// A string.
    case string(String)
    /// An integer.
    case int(Int64)
    /// A floating-point number.
    case double(Double)
    /// true or false.
    case bool(Bool)
    /// JSON null.
    case null
    /// An array.
    case array([JSONValue])

    /// A string, or null for nil.
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    /// An integer, or null for nil.
    public static func optional(_ value: Int?) -> JSONValue { value.map { .int(Int64($0)) } ?? .null }
}

/// One line of output: a flat object with a `type` field first, keys in a fixed order.
/// Fields are only ever added, never renamed (the `--json` contract).
public struct OutputRecord: Sendable, Equatable {
    /// The `type` field: `post`, `image`, `fetched`, `skipped`, `failed`, `caption`, `problem`, `summary`.
    public var type: String
    /// The other fields, in output order.
    public var fields: [Field]

    /// One key and its value.
    public struct Field: Sendable, Equatable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONValue
    }

    /// Creates a record from key/value pairs.
    public init(_ type: String, _ pairs: KeyValuePairs<String, JSONValue>) {
        self.type = type
        self.fields = pairs.map { Field(key: $0.key, value: $0.value) }
    }

    /// The value of a field, if present.
    public subscript(key: String) -> JSONValue? {
        fields.first { $0.key == key }?.value
    }

    /// The string value of a field, if it is a string.
    public func string(_ key: String) -> String? {
        if case .string(let value) = self[key] { return value }
        return nil
    }

    /// The record as one line of JSON (no trailing newline).
    public var jsonLine: String {
        var out = "{\"type\":" + Self.quote(type)
        for field in fields {
            out += "," + Self.quote(field.key) + ":" + Self.encode(field.value)
        }
        return out + "}"
    }

    private static func encode(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return quote(s)
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? String(format: "%.3f", d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(encode).joined(separator: ",") + "]"
        }
    }

    /// JSON string literal: escapes quotes, backslashes and control characters; keeps UTF-8 as is.
    static func quote(_ s: String) -> String {
        // Most values need no escape: copy them whole (per-scalar appends dominated `scan --json`).
        // U+2028/U+2029 start with 0xE2 in UTF-8, so that byte sends a string down the slow path.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Where a job sends its results (stdout) and its diagnostics (stderr); thread-safe.
public protocol OutputSink: Sendable {
    /// A data record for stdout.
    func emit(_ record: OutputRecord)
    /// A message for a person, on stderr.
    func diagnose(_ message: String)
}
