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
        var out: [UInt8] = []
        appendJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the record as one line of JSON (no trailing newline) to `out`: bytes, not string
    /// concatenation, since `scan --json` writes a line per image.
    public func appendJSON(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"type":"#.utf8)
        Self.appendQuoted(type, to: &out)
        for field in fields {
            out.append(UInt8(ascii: ","))
            Self.appendQuoted(field.key, to: &out)
            out.append(UInt8(ascii: ":"))
            Self.append(field.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .string(let s): appendQuoted(s, to: &out)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: (d.isFinite ? String(format: "%.3f", d) : "null").utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// JSON string literal: escapes quotes, backslashes, control characters and U+2028/U+2029
    /// (which end a line in JavaScript); everything else is copied as UTF-8, in whole runs.
    static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes in
            out.append(UInt8(ascii: "\""))
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                var escape: String? = nil
                var length = 1
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0..<0x20: escape = String(format: "\\u%04x", byte)
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    length = 3
                default: break
                }
                if let escape {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    out.append(contentsOf: escape.utf8)
                    runStart = index + length
                }
                index += length
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            out.append(UInt8(ascii: "\""))
        }
    }
}

/// Where a job sends its results (stdout) and its diagnostics (stderr); thread-safe.
public protocol OutputSink: Sendable {
    /// A data record for stdout.
    func emit(_ record: OutputRecord)
    /// A message for a person, on stderr.
    func diagnose(_ message: String)
}
