/// Query parameters of an S3 request, encoded the way SigV4 canonicalises them.
///
/// libcurl 7.88 signs the query string exactly as it is given, while the server signs the
/// canonical form (parameters sorted by name, RFC 3986 encoding with upper-case hex); so the
/// string we send must already be canonical or the signatures differ.
public struct S3Query: Sendable, Equatable {
    private var items: [(name: String, value: String)] = []

    /// An empty query.
    public init() {}

    /// Adds a parameter (an empty value is sent as `name=`).
    public mutating func add(_ name: String, _ value: String) { items.append((name, value)) }

    /// `name=value` pairs joined by `&`, sorted by encoded name then value.
    public var encoded: String {
        items.map { (Self.encode($0.name, keepSlash: false), Self.encode($0.value, keepSlash: false)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// AWS URI encoding: every byte but `A-Z a-z 0-9 - _ . ~` (and `/` in paths) as `%XX`.
    public static func encode(_ text: String, keepSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Equal when the encoded strings are equal.
    public static func == (lhs: S3Query, rhs: S3Query) -> Bool { lhs.encoded == rhs.encoded }
}
