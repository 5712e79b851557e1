import Foundation

extension PostSourceMap {
    /// The top-level cover keys of the front matter in `text[0..<end]`, YAML or TOML, one line each.
    /// Nested covers (`cover:` then an indented `image:`) are left alone: their line alone does not say
    /// which table they belong to without a YAML parser's node positions.
    static func covers(in text: String, upTo end: Int) -> [CoverValue] {
        let bytes = Array(text.utf8.prefix(end))
        var found: [CoverValue] = []
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = min(lineEnd + 1, bytes.count)
            if let cover = cover(bytes, lineStart, lineEnd, next: next) { found.append(cover) }
            lineStart = next
        }
        return found
    }

    private static func cover(_ bytes: [UInt8], _ start: Int, _ end: Int, next: Int) -> CoverValue? {
        var end = end
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        guard start < end, bytes[start] != 0x20, bytes[start] != 0x09 else { return nil }  // top level only
        var i = start
        while i < end, bytes[i] != UInt8(ascii: ":"), bytes[i] != UInt8(ascii: "="), bytes[i] != 0x20 { i += 1 }
        let key = String(decoding: bytes[start..<i], as: UTF8.self)
        guard coverKeys.contains(key.lowercased()) else { return nil }
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        guard i < end, bytes[i] == UInt8(ascii: ":") || bytes[i] == UInt8(ascii: "=") else { return nil }
        let isTOML = bytes[i] == UInt8(ascii: "=")
        i += 1
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        guard i < end else { return nil }
        let quote = bytes[i]
        var valueStart = i
        var valueEnd: Int
        var value: String
        if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
            valueStart = i + 1
            var j = valueStart
            var decoded: [UInt8] = []
            while j < end {
                if bytes[j] == quote {
                    // YAML doubles a single quote inside single quotes.
                    if quote == UInt8(ascii: "'"), !isTOML, j + 1 < end, bytes[j + 1] == quote { decoded.append(quote); j += 2; continue }
                    break
                }
                if bytes[j] == UInt8(ascii: "\\"), quote == UInt8(ascii: "\""), j + 1 < end { decoded.append(bytes[j + 1]); j += 2; continue }
                decoded.append(bytes[j])
                j += 1
            }
            guard j < end else { return nil }  // unterminated: leave it alone
            valueEnd = j
            value = String(decoding: decoded, as: UTF8.self)
        } else {
            guard quote != UInt8(ascii: "["), quote != UInt8(ascii: "{"), quote != UInt8(ascii: "|"), quote != UInt8(ascii: ">") else { return nil }
            valueEnd = valueStart
            while valueEnd < end, !(bytes[valueEnd] == UInt8(ascii: "#") && (bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09)) { valueEnd += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
        }
        guard !value.isEmpty else { return nil }
        return CoverValue(key: key, value: value, valueRange: valueStart..<valueEnd, lineEnd: next, indent: "", isTOML: isTOML)
    }
}
