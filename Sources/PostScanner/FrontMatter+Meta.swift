import Foundation

/// Pelican's (and MultiMarkdown's) metadata: `Key: value` lines from the very first line of a
/// Markdown post, continued by lines indented four spaces, ended by a blank line or the first
/// line of another shape (Python-Markdown's `meta` extension, which Pelican uses). Keys are
/// lower-cased. Read only when the block names a `title`, so a post that merely opens with
/// "Note: …" stays body text.
extension FrontMatter {
    /// The metadata opening `text` and the body after it; nil when there is none.
    static func metaBlock(_ text: Substring) -> (fields: [String: String], body: Substring)? {
        var fields: [String: String] = [:]
        var lastKey: String?
        var lineStart = text.startIndex
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd]
            let next = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
            if line.allSatisfy(\.isWhitespace) {
                // A blank line ends the block; it belongs to neither side.
                return fields["title"] == nil ? nil : (fields, text[next...])
            }
            if let key = lastKey, line.hasPrefix("    ") {
                fields[key, default: ""] += "\n" + line.trimmedWhitespace()
            } else if let (key, value) = metaLine(line) {
                fields[key] = value
                lastKey = key
            } else {
                // The first line of another shape is the body's (Python-Markdown pushes it back).
                return lastKey == nil || fields["title"] == nil ? nil : (fields, text[lineStart...])
            }
            lineStart = next
        }
        return fields["title"] == nil ? nil : (fields, text[text.endIndex...])
    }

    /// `Key: value` with at most three spaces before the key and a key of letters, digits, `_` or `-`.
    private static func metaLine(_ line: Substring) -> (key: String, value: String)? {
        let indent = line.prefix { $0 == " " }
        guard indent.count <= 3, let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[indent.endIndex..<colon]
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
        return (key.lowercased(), line[line.index(after: colon)...].trimmedWhitespace())
    }
}
