/// A fast reader for the front matter shape almost every post has: top-level `key: value` lines
/// (plain, `'single'` or `"double"` quoted without escapes, or empty) and `- item` lists under an
/// empty key. Anything else (nesting, flow collections, anchors, tags, block scalars, multi-line
/// or escaped strings, tabs, duplicate keys, comments after values) returns nil and Yams parses
/// the block: Yams stays the real parser, this only skips libyaml's cost for the common case.
/// `CorpusTests`/`FrontMatterTests` check that both give identical fields.
extension FrontMatter {
    /// The fields of `content` when it has the simple shape, nil otherwise.
    static func simpleFields(_ content: Substring) -> [String: String]? {
        var fields: [String: String] = [:]
        var seenKeys: Set<Substring> = []
        // The key whose value is a list still being read, and whether its first item was taken.
        var listKey: String? = nil
        var listHasItem = false
        var listIndent = 0
        guard content.unicodeScalars.allSatisfy(isPlainPrintable) else { return nil }
        for rawLine in content.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = rawLine[...]
            while line.last == " " { line = line.dropLast() }
            if line.isEmpty { continue }
            if line.first == "#" { listKey = nil; continue }
            let indent = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indent)
            if body.hasPrefix("- ") || body == "-" {
                // A sequence item: only directly under an empty key, a scalar, any indentation.
                guard let key = listKey, !listHasItem || indent == listIndent else { return nil }
                listIndent = indent
                let item = body.dropFirst(1).drop { $0 == " " }
                guard let value = scalar(item) else { return nil }
                if !listHasItem { fields[key] = value; listHasItem = true }
                continue
            }
            guard indent == 0, let colon = body.firstIndex(of: ":") else { return nil }
            let key = body[..<colon]
            guard isSimpleKey(key), seenKeys.insert(key).inserted else { return nil }
            let rest = body[body.index(after: colon)...]
            guard rest.isEmpty || rest.first == " " else { return nil }
            let name = key.lowercased()
            let valueText = rest.drop { $0 == " " }
            if valueText.isEmpty {
                // `key:` alone is an empty scalar unless list items follow.
                fields[name] = ""
                listKey = name
                listHasItem = false
                continue
            }
            guard let value = scalar(valueText) else { return nil }
            fields[name] = value
            listKey = nil
        }
        return fields
    }

    /// Printable for libyaml and not a line break or tab: anything else goes to Yams, which decides.
    private static func isPlainPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...: return true
        default: return false
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
        guard let first = text.first else { return nil }
        if first == "'" {
            // `'...'` with `''` for a quote, closed at the very end of the line.
            var out = ""
            var index = text.index(after: text.startIndex)
            while index < text.endIndex {
                let ch = text[index]
                if ch == "'" {
                    let next = text.index(after: index)
                    if next < text.endIndex, text[next] == "'" { out.append("'"); index = text.index(after: next); continue }
                    return next == text.endIndex ? out : nil
                }
                out.append(ch)
                index = text.index(after: index)
            }
            return nil
        }
        if first == "\"" {
            let inner = text.dropFirst()
            guard text.count >= 2, text.last == "\"", !inner.dropLast().contains(where: { $0 == "\"" || $0 == "\\" }) else { return nil }
            return String(inner.dropLast())
        }
        // A plain scalar: no indicator first, no `: ` or ` #` inside, not ending in `:`.
        if "-?:,[]{}#&*!|>%@`".contains(first) { return nil }
        var previous: Character = " "
        for ch in text {
            if (previous == ":" && ch == " ") || (previous == " " && ch == "#") { return nil }
            previous = ch
        }
        if previous == ":" { return nil }
        // Non-breaking and other Unicode spaces are content to YAML but not to a post: keep it exact.
        return String(text)
    }
}
