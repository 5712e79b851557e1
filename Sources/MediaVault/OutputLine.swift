/// One kind of `--json` line: a Codable value whose stored properties, in declaration order,
/// are the line's fields after `type`. The line is printed from this definition
/// (`OutputRecord(line)`) and the schema is generated from it (`OutputContract`), so a field
/// exists in both or in neither.
///
/// Field rules: a plain property is always present; an `Optional` property is left out when
/// nil; an `@Always` optional property is always present and `null` when nil; `Digest` is a
/// SHA-256 in hex; integers are counts (never negative).
public protocol OutputLine: Encodable, Sendable {
    /// The `type` values this definition prints (its fields are the same for all of them).
    static var types: [String] { get }
    /// One sentence for the schema: which command prints the line and what it means.
    static var about: String { get }
    /// A line with every field set: the schema's example, checked against the schema by the tests.
    static var sample: Self { get }
    /// Constraints the field types cannot say (JSON Schema `if`/`then` clauses), added to the schema.
    static var rules: [[String: Any]] { get }
    /// This line's `type`, one of `types`.
    var type: String { get }
}

extension OutputLine {
    /// No extra constraints.
    public static var rules: [[String: Any]] { [] }
    /// The only type of a definition that prints one type.
    public var type: String { Self.types[0] }
}

extension OutputRecord {
    /// The record of an output line: its `type`, then its fields in declaration order.
    public init(_ line: some OutputLine) {
        self.init(line.type, [:])
        fields = RecordEncoder.fields(of: line)
    }
}

extension OutputSink {
    /// Prints an output line.
    public func emit(_ line: some OutputLine) { emit(OutputRecord(line)) }
}

/// A SHA-256 digest in lowercase hex, as a field (the schema checks its form).
public struct Digest: Encodable, Sendable, Equatable {
    /// The 64 hex digits.
    public var hex: String

    /// Wraps a digest.
    public init(_ hex: String) { self.hex = hex }

    /// Encodes as the bare string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// A field that is always present: its value, or `null` when there is none (a plain
/// `Optional` field is left out instead).
@propertyWrapper
public struct Always<Value: Encodable & Sendable>: Encodable, Sendable {
    /// The value, nil for `null`.
    public var wrappedValue: Value?

    /// Wraps a value.
    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    /// Encodes the value or null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension Always: Equatable where Value: Equatable {}
