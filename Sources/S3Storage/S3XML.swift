/// Reads the few flat elements S3 answers carry (`<Code>`, `<Key>`, `<IsTruncated>`...).
///
/// S3's XML answers are machine-written, without attributes on these elements, CDATA or
/// nesting of same-named elements, so locating `<Name>…</Name>` and decoding the five XML
/// entities is exact for them; a full XML parser would add a dependency for nothing.
enum S3XML {
    /// The text of every `<name>` element in `xml`, in document order, entities decoded.
    static func values(of name: String, in xml: Substring) -> [String] {
        blocks(of: name, in: xml).map { decodeEntities(String($0)) }
    }

    /// The text of the first `<name>` element, if any.
    static func value(of name: String, in xml: Substring) -> String? {
        blocks(of: name, in: xml).first.map { decodeEntities(String($0)) }
    }

    /// The raw inner text of every `<name>` element (children left as markup).
    static func blocks(of name: String, in xml: Substring) -> [Substring] {
        let open = "<\(name)>", close = "</\(name)>"
        var result: [Substring] = []
        var rest = xml
        while let start = rest.range(of: open) {
            guard let end = rest[start.upperBound...].range(of: close) else { break }
            result.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return result
    }

    /// `&lt; &gt; &quot; &apos; &amp;` and numeric references back to characters.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            case "amp": out += "&"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { out.unicodeScalars.append(scalar) } else { out += rest[amp...semi] }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
