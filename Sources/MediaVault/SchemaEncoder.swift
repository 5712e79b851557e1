/// A Swift type that can be a field of an output line, with the JSON Schema of its values.
public protocol SchemaType {
    /// The JSON Schema of one value.
    static var jsonSchema: [String: Any] { get }
}

extension String: SchemaType { public static var jsonSchema: [String: Any] { ["type": "string"] } }
extension Bool: SchemaType { public static var jsonSchema: [String: Any] { ["type": "boolean"] } }
extension Double: SchemaType { public static var jsonSchema: [String: Any] { ["type": "number"] } }
// Every integer in the contract counts something (bytes, images, attempts) or is an HTTP status.
extension Int: SchemaType { public static var jsonSchema: [String: Any] { ["type": "integer", "minimum": 0] } }
extension Int64: SchemaType { public static var jsonSchema: [String: Any] { ["type": "integer", "minimum": 0] } }

extension Digest: SchemaType {
    /// 64 lowercase hex digits.
    public static var jsonSchema: [String: Any] { ["type": "string", "pattern": "^[0-9a-f]{64}$"] }
}

extension Array: SchemaType where Element: SchemaType {
    /// An array of the element's values.
    public static var jsonSchema: [String: Any] { ["type": "array", "items": Element.jsonSchema] }
}

extension Optional: SchemaType where Wrapped: SchemaType {
    /// The wrapped type's values or null (inside an array: `[String?]`).
    public static var jsonSchema: [String: Any] { SchemaEncoder.nullable(Wrapped.jsonSchema) }
}

extension Always: SchemaType where Value: SchemaType {
    /// The value's schema or null.
    public static var jsonSchema: [String: Any] { SchemaEncoder.nullable(Value.jsonSchema) }
}

/// A string field with a fixed set of values: its cases are the schema's `enum`.
public protocol SchemaEnum: SchemaType, CaseIterable, RawRepresentable, Encodable where RawValue == String {}

extension SchemaEnum {
    /// The cases' raw values.
    public static var jsonSchema: [String: Any] { ["enum": allCases.map(\.rawValue)] }
}

/// The `Encoder` that reads a line definition's fields: the names, whether each is always
/// present, and the JSON Schema of its type. It runs the line's own `encode(to:)`, so the
/// schema and the printed lines cannot disagree; `encodeIfPresent` is overridden so that a
/// nil optional field is still seen (as not required).
enum SchemaEncoder {
    /// One field of a line definition.
    struct Field {
        /// The JSON key.
        var key: String
        /// Whether every line has it.
        var required: Bool
        /// The JSON Schema of its values.
        var schema: [String: Any]
    }

    /// The fields of `line`'s type, in order.
    static func fields(of line: some Encodable) -> [Field] {
        let encoder = FieldReader()
        do { try line.encode(to: encoder) } catch { preconditionFailure("output line \(type(of: line)) failed to encode: \(error)") }
        return encoder.fields
    }

    /// `schema` or null.
    static func nullable(_ schema: [String: Any]) -> [String: Any] {
        if let type = schema["type"] as? String, schema.count == 1 { return ["type": [type, "null"]] }
        return ["anyOf": [schema, ["type": "null"]]]
    }

    /// The schema of a field type; a type without one is a programming error in a line definition.
    static func schema<T>(of type: T.Type) -> [String: Any] {
        guard let described = type as? any SchemaType.Type else {
            preconditionFailure("\(type) has no JSON Schema: make it SchemaType to use it in an output line")
        }
        return described.jsonSchema
    }
}

/// Reads the keys a line's `encode(to:)` writes.
private final class FieldReader: Encoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var fields: [SchemaEncoder.Field] = []

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(SchemaFieldContainer<Key>(reader: self))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { preconditionFailure("an output line is an object, not an array") }
    func singleValueContainer() -> any SingleValueEncodingContainer { preconditionFailure("an output line is an object, not a single value") }
}

private struct SchemaFieldContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let reader: FieldReader
    var codingPath: [any CodingKey] { [] }

    private func note<T>(_ type: T.Type, _ key: Key, required: Bool) {
        reader.fields.append(.init(key: RecordEncoder.jsonKey(key), required: required, schema: SchemaEncoder.schema(of: type)))
    }

    mutating func encodeNil(forKey key: Key) throws { preconditionFailure("\(key.stringValue): write null through @Always, whose type the schema knows") }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { note(T.self, key, required: true) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { note(Bool.self, key, required: true) }
    mutating func encode(_ value: String, forKey key: Key) throws { note(String.self, key, required: true) }
    mutating func encode(_ value: Double, forKey key: Key) throws { note(Double.self, key, required: true) }
    mutating func encode(_ value: Float, forKey key: Key) throws { note(Float.self, key, required: true) }
    mutating func encode(_ value: Int, forKey key: Key) throws { note(Int.self, key, required: true) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { note(Int8.self, key, required: true) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { note(Int16.self, key, required: true) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { note(Int32.self, key, required: true) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { note(Int64.self, key, required: true) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { note(UInt.self, key, required: true) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { note(UInt8.self, key, required: true) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { note(UInt16.self, key, required: true) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { note(UInt32.self, key, required: true) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { note(UInt64.self, key, required: true) }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { note(T.self, key, required: false) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { note(Bool.self, key, required: false) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { note(String.self, key, required: false) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { note(Double.self, key, required: false) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { note(Float.self, key, required: false) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { note(Int.self, key, required: false) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { note(Int8.self, key, required: false) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { note(Int16.self, key, required: false) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { note(Int32.self, key, required: false) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { note(Int64.self, key, required: false) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { note(UInt.self, key, required: false) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { note(UInt8.self, key, required: false) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { note(UInt16.self, key, required: false) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { note(UInt32.self, key, required: false) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { note(UInt64.self, key, required: false) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("an output line is flat: \(key.stringValue) cannot hold an object")
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("encode \(key.stringValue) as an array value, not a nested container")
    }
    mutating func superEncoder() -> any Encoder { preconditionFailure("output lines do not inherit") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { preconditionFailure("output lines do not inherit") }
}
