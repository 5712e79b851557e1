/// A fast reader for the front matter shape almost every post has: top-level `key: value` lines
/// (plain, `'single'` or `"double"` quoted without escapes, or empty) and `- item` lists under an
/// empty key. Anything else (nesting, flow collections, anchors, tags, block scalars, multi-line
/// or escaped strings, tabs, duplicate keys, comments after values) returns nil and Yams parses
/// the block: Yams stays the real parser, this only skips libyaml's cost for the common case.
/// `CorpusTests`/`FrontMatterTests` check that both give identical fields.
extension FrontMatter {
    /// The fields of `content` when it has the simple shape, nil otherwise.
    static func simpleFields(_ content: Substring) -> [String: String]? {
        guard isPlainPrintable(content) else { return nil }
        var fields: [String: String] = [:]
        // The key whose value is a list still being read, whether its first item was taken, its indent.
        var listKey: String? = nil
        var listHasItem = false
        var listIndent = 0
        // Bytes, not Characters: grapheme breaking would cost more than the whole fast path.
        let bytes = content.utf8
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var line = bytes[lineStart..<lineEnd]
            lineStart = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : lineEnd
            while line.last == space { line = line.dropLast() }
            guard let firstByte = line.first else { continue }
            if firstByte == UInt8(ascii: "#") { listKey = nil; continue }
            let body = line.drop { $0 == space }
            let indent = line.distance(from: line.startIndex, to: body.startIndex)
            if body.first == UInt8(ascii: "-"), body.count == 1 || body.dropFirst().first == space {
                // A sequence item: only directly under an empty key, a scalar, one indentation.
                guard let key = listKey, !listHasItem || indent == listIndent else { return nil }
                listIndent = indent
                guard let value = scalar(content[body.dropFirst().drop { $0 == space }.startIndex..<body.endIndex]) else { return nil }
                if !listHasItem { fields[key] = value; listHasItem = true }
                continue
            }
            guard indent == 0, let colon = body.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let key = content[body.startIndex..<colon]
            guard isSimpleKey(key) else { return nil }
            let rest = body[body.index(after: colon)...]
            guard rest.isEmpty || rest.first == space else { return nil }
            let name = key.lowercased()
            // A key seen before (in any case) goes to Yams, which decides what duplicates mean.
            guard fields[name] == nil else { return nil }
            let valueBytes = rest.drop { $0 == space }
            if valueBytes.isEmpty {
                // `key:` alone is an empty scalar unless list items follow.
                fields[name] = ""
                listKey = name
                listHasItem = false
                continue
            }
            guard let value = scalar(content[valueBytes.startIndex..<valueBytes.endIndex]) else { return nil }
            fields[name] = value
            listKey = nil
        }
        return fields
    }

    private static let space = UInt8(ascii: " ")
    /// Bytes that give a plain scalar another meaning when they come first.
    private static let indicators = Set("-?:,[]{}#&*!|>%@`".utf8)

    /// True when every character is printable for libyaml and not a line break other than LF or
    /// a tab: U+000A, U+0020-U+007E, U+00A0-U+2027, U+202A-U+FEFE, U+FF00-U+FFFD, U+10000 and up.
    /// Decided on the UTF-8 bytes (the text is valid UTF-8): anything else goes to Yams.
    private static func isPlainPrintable(_ content: Substring) -> Bool {
        var content = content
        return content.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                let third = index + 2 < bytes.count ? bytes[index + 2] : 0
                switch byte {
                case 0x0A, 0x20...0x7E: break
                case 0x00...0x1F, 0x7F: return false
                case 0xC2 where next < 0xA0: return false  // U+0080-U+009F
                case 0xE2 where next == 0x80 && (third == 0xA8 || third == 0xA9): return false  // U+2028, U+2029
                case 0xEF where (next == 0xBB && third == 0xBF) || (next == 0xBF && third >= 0xBE): return false  // U+FEFF, U+FFFE, U+FFFF
                default: break
                }
                index += 1
            }
            return true
        }
    }

    /// ASCII letters, digits, `_` and `-`, starting with a letter or `_`.
    private static func isSimpleKey(_ key: Substring) -> Bool {
        guard let first = key.utf8.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return key.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// One single-line scalar (no trailing spaces), or nil when YAML could read it some other way.
    private static func scalar(_ text: Substring) -> String? {
        let bytes = text.utf8
        guard let first = bytes.first else { return nil }
        let quote = UInt8(ascii: "'"), doubleQuote = UInt8(ascii: "\"")
        if first == quote {
            // `'...'` with `''` for a quote, closed at the very end of the line.
            var out = ""
            var segmentStart = bytes.index(after: bytes.startIndex)
            var index = segmentStart
            while index < bytes.endIndex {
                guard bytes[index] == quote else { index = bytes.index(after: index); continue }
                out += text[segmentStart..<index]
                let next = bytes.index(after: index)
                if next < bytes.endIndex, bytes[next] == quote {
                    out += "'"
                    index = bytes.index(after: next)
                    segmentStart = index
                    continue
                }
                return next == bytes.endIndex ? out : nil
            }
            return nil
        }
        if first == doubleQuote {
            let inner = bytes.dropFirst().dropLast()
            guard bytes.count >= 2, bytes.last == doubleQuote,
                  !inner.contains(where: { $0 == doubleQuote || $0 == UInt8(ascii: "\\") }) else { return nil }
            return String(text[inner.startIndex..<inner.endIndex])
        }
        // A plain scalar: no indicator first, no `: ` or ` #` inside, not ending in `:`.
        if indicators.contains(first) { return nil }
        var previous = space
        for byte in bytes {
            if (previous == UInt8(ascii: ":") && byte == space) || (previous == space && byte == UInt8(ascii: "#")) { return nil }
            previous = byte
        }
        if previous == UInt8(ascii: ":") { return nil }
        return String(text)
    }
}

extension FrontMatter {
    /// The top-level `key: value` lines of a block that is not valid YAML, values as written
    /// with the quotes around them dropped (however many), a list's first item for an empty
    /// key; an unclosed flow value (`[a`, `{b`) is left out. Nil when no line is of that shape.
    static func salvagedFields(_ content: Substring) -> [String: String]? {
        var fields: [String: String] = [:]
        var listKey: String? = nil
        for line in content.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let trimmed = line.trimmedWhitespace()
            if let key = listKey, trimmed.hasPrefix("- ") {
                if fields[key] == nil { fields[key] = unquoted(trimmed.dropFirst(2)) }
                continue
            }
            listKey = nil
            guard line.first?.isWhitespace == false, let colon = line.firstIndex(of: ":"),
                  isSimpleKey(line[..<colon]) else { continue }
            let key = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmedWhitespace()
            if value.isEmpty { listKey = key; continue }
            if value.hasPrefix("[") || value.hasPrefix("{") { continue }
            if fields[key] == nil { fields[key] = unquoted(value[...]) }
        }
        return fields.isEmpty ? nil : fields
    }

    /// `value` without the quote characters around it.
    private static func unquoted(_ value: Substring) -> String {
        let quotes: Set<Character> = ["\"", "'"]
        return String(value.trimmedWhitespace().drop { quotes.contains($0) }.reversed().drop { quotes.contains($0) }.reversed())
    }
}
