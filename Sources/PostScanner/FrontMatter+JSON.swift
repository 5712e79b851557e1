import Foundation

/// Hugo's third front-matter format: a JSON object at the very top of the file, ended by its
/// matching brace (Hugo counts braces outside strings, as here), and JSON site configuration
/// (`hugo.json`, `config.json`). Both flatten the way YAML does: nested objects to `outer.inner`
/// keys (lower-cased), a list to its first scalar.
extension FrontMatter {
    /// The JSON object opening `text` and the text after it; nil when `text` does not start with
    /// `{` followed by a quoted key (or `}`), so `{{< figure >}}` and `{% asset_img %}` are body.
    static func jsonBlock(_ text: Substring) -> (content: Substring, body: Substring)? {
        let utf8 = text.utf8
        guard utf8.first == UInt8(ascii: "{"),
              let key = utf8.dropFirst().first(where: { !isJSONSpace($0) }),
              key == UInt8(ascii: "\"") || key == UInt8(ascii: "}") else { return nil }
        var depth = 0
        var inString = false
        var escaped = false
        for index in utf8.indices {
            let byte = utf8[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                guard depth == 0 else { continue }
                let end = utf8.index(after: index)
                // The body starts on the line after the closing brace.
                var bodyStart = end
                if let newline = utf8[end...].firstIndex(of: UInt8(ascii: "\n")),
                   utf8[end..<newline].allSatisfy(isJSONSpace) {
                    bodyStart = utf8.index(after: newline)
                }
                return (text[text.startIndex..<end], text[bodyStart...])
            default: continue
            }
        }
        return nil
    }

    /// The fields of a JSON object, flattened as YAML's are; nil when `text` is not a JSON object.
    static func json(_ text: Substring) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        var fields: [String: String] = [:]
        flatten(json: object, prefix: "", into: &fields)
        return fields
    }

    private static func flatten(json object: [String: Any], prefix: String, into fields: inout [String: String]) {
        for (name, value) in object {
            let full = prefix + name.lowercased()
            if let nested = value as? [String: Any] {
                flatten(json: nested, prefix: full + ".", into: &fields)
            } else if let list = value as? [Any] {
                // A list of covers (`"images": ["a.jpg"]`): the first one is the cover.
                if let first = list.first.flatMap(jsonScalar) { fields[full] = first }
            } else if let scalar = jsonScalar(value) {
                fields[full] = scalar
            }
        }
    }

    /// A string, number or boolean as its text; nil for null, objects and lists.
    private static func jsonScalar(_ value: Any) -> String? {
        if let string = value as? String { return string }
        guard let number = value as? NSNumber else { return nil }
        // Foundation bridges 1 and 0 to Bool too; only JSON's true and false have the boolean type.
        if type(of: number) == booleanType { return number.boolValue ? "true" : "false" }
        return number.stringValue
    }

    private static let booleanType = type(of: NSNumber(value: true))

    private static func isJSONSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
