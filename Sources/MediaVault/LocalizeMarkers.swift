import Foundation

/// How `localize` keeps the original reference beside the one it writes, so `--undo` can put
/// the exact original bytes back: the value as written (escapes and quoting untouched), encoded
/// only when it holds characters the keeper's syntax cannot carry.
enum LocalizeMarkers {
    /// HTML: ` data-original-<attr>=` right after the attribute's value (`data-mediavault-original-<attr>`
    /// when the element already has that name).
    static func htmlKeeperNames(for attribute: String) -> [String] {
        ["data-original-\(attribute)", "data-mediavault-original-\(attribute)"]
    }

    /// `--add-dimensions`: the attributes added after the `src` keeper, marked so `--undo` removes them.
    static func dimensions(width: Int, height: Int) -> String {
        " width=\"\(width)\" height=\"\(height)\" data-mediavault-added=\"width height\""
    }

    /// The length of added dimensions at `offset` (see `dimensions`), or 0.
    static func dimensionsLength(in source: SourceBytes, at offset: Int) -> Int {
        let end = min(source.bytes.count, offset + 96)
        guard offset < end else { return 0 }
        let text = source.text(offset..<end)
        guard let match = text.range(of: #"^ width="[0-9]+" height="[0-9]+" data-mediavault-added="width height""#, options: .regularExpression) else { return 0 }
        return text[match].utf8.count
    }

    /// Markdown: `<!-- mediavault-original: RAW -->` right after the image's `)`.
    static let markdownPlain = "<!-- mediavault-original: "
    /// Markdown, when RAW holds `--` (which would end the comment): percent-encoded `%` and `-`.
    static let markdownEncoded = "<!-- mediavault-original-encoded: "
    /// The end of a Markdown keeper.
    static let markdownEnd = " -->"

    /// The comment that keeps a Markdown destination as written.
    static func markdownKeeper(_ raw: String) -> String {
        if raw.contains("--") || raw.hasSuffix("-") { return markdownEncoded + encode(raw, unsafe: "-") + markdownEnd }
        return markdownPlain + raw + markdownEnd
    }

    /// Front matter: a sibling line `<key>_original: 'RAW'` (YAML) or `<key>_original = 'RAW'` (TOML
    /// literal string); RAW is percent-encoded (`%`, `'`) and the key gets `_original_encoded` when needed.
    static func frontMatterKeeper(key: String, raw: String, indent: String, toml: Bool) -> String {
        let needsEncoding = raw.contains("'") || raw.contains("\n")
        let name = key + (needsEncoding ? "_original_encoded" : "_original")
        let value = needsEncoding ? encode(raw, unsafe: "'\n") : raw
        return indent + name + (toml ? " = '" : ": '") + value + "'\n"
    }

    /// `%` and each unsafe character as `%XX`.
    static func encode(_ raw: String, unsafe: String) -> String {
        var out = ""
        for character in raw {
            if character == "%" || unsafe.contains(character) {
                for byte in String(character).utf8 { out += String(format: "%%%02X", byte) }
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The inverse of `encode`.
    static func decode(_ encoded: String) -> String {
        encoded.removingPercentEncoding ?? encoded
    }
}

/// Byte-level reading helpers over a post's UTF-8 source.
struct SourceBytes {
    /// The post's bytes.
    let bytes: [UInt8]

    /// The text of `range`.
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// True when the bytes at `offset` start with `prefix`.
    func has(_ prefix: String, at offset: Int) -> Bool {
        let wanted = Array(prefix.utf8)
        guard offset >= 0, offset + wanted.count <= bytes.count else { return false }
        return Array(bytes[offset..<(offset + wanted.count)]) == wanted
    }

    /// The offset of the first `needle` at or after `offset` on the same line, or nil.
    func find(_ needle: String, from offset: Int) -> Int? {
        let wanted = Array(needle.utf8)
        var at = offset
        while at + wanted.count <= bytes.count {
            if bytes[at] == UInt8(ascii: "\n") { return nil }
            if Array(bytes[at..<(at + wanted.count)]) == wanted { return at }
            at += 1
        }
        return nil
    }

    /// The byte before `offset` when it is a quote (`"` or `'`), else nil.
    func quote(before offset: Int) -> UInt8? {
        guard offset > 0 else { return nil }
        let byte = bytes[offset - 1]
        return byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") ? byte : nil
    }
}
