/// The `Encoder` behind `OutputRecord(line)`: turns an output line into the record's fields, in
/// the order its `encode(to:)` writes them (declaration order for synthesized conformances).
/// Lines are flat: a field is a scalar, null, or an array of those; anything else is a
/// programming error in a line definition and traps.
enum RecordEncoder {
    /// The fields of a line.
    static func fields(of line: some Encodable) -> [OutputRecord.Field] {
        let encoder = ValueEncoder(topLevel: true)
        do { try line.encode(to: encoder) } catch { preconditionFailure("output line \(type(of: line)) failed to encode: \(error)") }
        return encoder.fields
    }

    /// The JSON key of a property: its name in snake_case (`failedInputs` → `failed_inputs`,
    /// `postURL` → `post_url`), as JSONEncoder's `.convertToSnakeCase` writes it.
    static func jsonKey(_ key: some CodingKey) -> String {
        // ASCII bytes, not Characters: Unicode case properties cost a lookup each, and
        // `scan --json` converts a dozen keys per image line. Property names are ASCII.
        let name = key.stringValue
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        guard name.utf8.contains(where: isUpper) else { return name }
        let bytes = Array(name.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        for (index, byte) in bytes.enumerated() {
            if isUpper(byte), index > 0 {
                let next = index + 1 < bytes.count ? bytes[index + 1] : nil
                // A word starts at a capital after a lower-case letter or a digit, or at the last capital of an acronym.
                if !isUpper(bytes[index - 1]) || next.map(isLower) == true { out.append(UInt8(ascii: "_")) }
            }
            out.append(isUpper(byte) ? byte + 32 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON value of one field.
    static func value(of field: some Encodable) throws -> JSONValue {
        let encoder = ValueEncoder(topLevel: false)
        try field.encode(to: encoder)
        return encoder.result
    }
}

/// Collects either the line's fields (top level) or one value (a field, an array item).
private final class ValueEncoder: Encoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let topLevel: Bool
    var fields: [OutputRecord.Field] = []
    var value: JSONValue = .null
    var items: [JSONValue]? = nil

    init(topLevel: Bool) { self.topLevel = topLevel }

    /// The value encoded: an array when an unkeyed container was used.
    var result: JSONValue { items.map(JSONValue.array) ?? value }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        precondition(topLevel, "an output line is flat: a field cannot hold an object")
        return KeyedEncodingContainer(FieldContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        precondition(!topLevel && items == nil, "an output line is an object whose fields hold one array at most")
        items = []
        return ItemContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        precondition(!topLevel, "an output line is an object, not a single value")
        return ScalarContainer(encoder: self)
    }
}

/// The line's fields.
private struct FieldContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    private func put(_ value: some Encodable, _ key: Key) throws {
        encoder.fields.append(.init(key: RecordEncoder.jsonKey(key), value: try RecordEncoder.value(of: value)))
    }

    mutating func encodeNil(forKey key: Key) throws { add(.null, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        // Strings, counts, digests, `@Always` and arrays of them without an encoder of their own:
        // `scan --json` prints a line per image, and the encoder per field cost 15% of its time.
        // The two most common field types first: a cast to a concrete type is cheaper than to a protocol.
        if let text = value as? Always<String> {
            add(text.wrappedValue.map(JSONValue.string) ?? .null, key)
        } else if let texts = value as? [String] {
            add(.array(texts.map(JSONValue.string)), key)
        } else if let direct = value as? any DirectJSON {
            add(direct.json, key)
        } else {
            try put(value, key)
        }
    }
    // Scalars directly, without an encoder per field (`scan --json` prints a line per image).
    private func add(_ value: JSONValue, _ key: Key) { encoder.fields.append(.init(key: RecordEncoder.jsonKey(key), value: value)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { add(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { add(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { add(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { add(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { add(.int(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { add(.int(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { add(.int(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { add(.int(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { add(.int(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { add(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { add(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { add(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { add(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { add(.int(Int64(value)), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("an output line is flat: \(key.stringValue) cannot hold an object")
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("encode \(key.stringValue) as an array value, not a nested container")
    }
    mutating func superEncoder() -> any Encoder { preconditionFailure("output lines do not inherit") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { preconditionFailure("output lines do not inherit") }
}

/// The items of an array field.
private struct ItemContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }
    var count: Int { encoder.items?.count ?? 0 }

    private func put(_ value: some Encodable) throws { encoder.items?.append(try RecordEncoder.value(of: value)) }

    mutating func encodeNil() throws { encoder.items?.append(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("an output line's arrays hold scalars, not objects")
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("an output line's arrays hold scalars, not arrays")
    }
    mutating func superEncoder() -> any Encoder { preconditionFailure("output lines do not inherit") }
}

/// One scalar (or null).
private struct ScalarContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    private func int(_ value: some BinaryInteger) { encoder.value = .int(Int64(value)) }

    mutating func encodeNil() throws { encoder.value = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.value = try RecordEncoder.value(of: value) }
    mutating func encode(_ value: Bool) throws { encoder.value = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.value = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.value = .double(value) }
    mutating func encode(_ value: Float) throws { encoder.value = .double(Double(value)) }
    mutating func encode(_ value: Int) throws { int(value) }
    mutating func encode(_ value: Int8) throws { int(value) }
    mutating func encode(_ value: Int16) throws { int(value) }
    mutating func encode(_ value: Int32) throws { int(value) }
    mutating func encode(_ value: Int64) throws { int(value) }
    mutating func encode(_ value: UInt) throws { int(value) }
    mutating func encode(_ value: UInt8) throws { int(value) }
    mutating func encode(_ value: UInt16) throws { int(value) }
    mutating func encode(_ value: UInt32) throws { int(value) }
    mutating func encode(_ value: UInt64) throws { int(value) }
}

/// A field value the record encoder takes as it is (its JSON known without encoding it).
protocol DirectJSON {
    /// The value as JSON.
    var json: JSONValue { get }
}

extension String: DirectJSON { var json: JSONValue { .string(self) } }
extension Int: DirectJSON { var json: JSONValue { .int(Int64(self)) } }
extension Int64: DirectJSON { var json: JSONValue { .int(self) } }
extension Bool: DirectJSON { var json: JSONValue { .bool(self) } }
extension Digest: DirectJSON { var json: JSONValue { .string(hex) } }
extension Array: DirectJSON where Element: DirectJSON { var json: JSONValue { .array(map(\.json)) } }
extension Optional: DirectJSON where Wrapped: DirectJSON { var json: JSONValue { self?.json ?? .null } }
extension Always: DirectJSON where Value: DirectJSON { var json: JSONValue { wrappedValue?.json ?? .null } }
