/// A reStructuredText post (Pelican, Nikola, Sphinx blogs) reduced to the HTML the scanner
/// reads: `.. image::` and `.. figure::` (its first content paragraph is the caption),
/// `.. raw:: html` blocks as they are, paragraphs as text. Code blocks and literal blocks are
/// left out: an image shown as code is not an image. Metadata comes from Nikola's
/// `.. title: …` comments, Pelican's `:title:` fields and the first section title.
struct RestructuredText {
    /// The post as HTML.
    private(set) var html = ""
    /// Metadata fields by lower-cased name (`title`, `date`, `link`, `image`, …).
    private(set) var fields: [String: String] = [:]

    /// Reads the whole document.
    init(_ text: String) {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        var reader = Reader(lines: lines)
        reader.run()
        html = reader.out
        fields = reader.fields
    }

    /// A metadata field as written, or nil.
    func field(_ name: String) -> String? { fields[name] }
}

/// The line-by-line reader behind `RestructuredText`.
private struct Reader {
    let lines: [String]
    var out = ""
    var fields: [String: String] = [:]
    private var index = 0
    private var paragraph: [String] = []

    init(lines: [String]) { self.lines = lines }

    mutating func run() {
        while index < lines.count {
            let line = lines[index]
            let text = line.trimmedWhitespace()
            let indent = Self.indent(line)
            if text.isEmpty { flush(); index += 1; continue }
            if text.hasPrefix(".. ") { flush(); directive(String(text.dropFirst(3)), indent: indent); continue }
            if paragraph.isEmpty, indent == 0, let field = Self.field(text) {  // Pelican's `:date: …` fields
                if fields[field.name] == nil { fields[field.name] = field.value }
                index += 1
                continue
            }
            if paragraph.count == 0, index + 1 < lines.count, Self.isUnderline(lines[index + 1], for: text) {
                if fields["title"] == nil { fields["title"] = text }
                out += "<h2>\(HTMLEscaping.escape(text))</h2>\n"
                index += 2
                continue
            }
            if Self.isUnderline(line, for: nil) { index += 1; continue }  // an overline
            paragraph.append(text)
            index += 1
            if text.hasSuffix("::") {  // a literal block follows: code, not images
                flush()
                skipBlock(deeperThan: indent)
            }
        }
        flush()
    }

    /// One `.. ` construct starting at `index`; leaves `index` after what it consumed.
    private mutating func directive(_ body: String, indent: Int) {
        index += 1
        if let colon = body.range(of: "::") {
            var name = body[..<colon.lowerBound].trimmedWhitespace().lowercased()
            let argument = body[colon.upperBound...].trimmedWhitespace()
            if name.hasPrefix("|"), let end = name.dropFirst().firstIndex(of: "|") {  // `.. |sub| image:: url`
                name = name[name.index(after: end)...].trimmedWhitespace()
            }
            let options = readOptions(deeperThan: indent)
            switch name {
            case "image":
                out += "<p>\(Self.img(argument, options))</p>\n"
            case "figure":
                let caption = Self.figureCaption(readBlock(deeperThan: indent))
                out += "<figure>\(Self.img(argument, options))"
                if !caption.isEmpty { out += "<figcaption>\(HTMLEscaping.escape(Self.plain(caption)))</figcaption>" }
                out += "</figure>\n"
            case "image-grid":
                // m.css (Pelican): one picture per line, the words after its path its caption.
                for line in readBlock(deeperThan: indent) where !line.trimmedWhitespace().isEmpty {
                    let words = line.trimmedWhitespace().split(separator: " ", maxSplits: 1)
                    let caption = words.count > 1 ? String(words[1]).trimmedWhitespace() : ""
                    out += "<figure>\(Self.img(String(words[0]), [:]))"
                    if !caption.isEmpty { out += "<figcaption>\(HTMLEscaping.escape(Self.plain(caption)))</figcaption>" }
                    out += "</figure>\n"
                }
            case "raw":
                let content = readBlock(deeperThan: indent)
                if argument.lowercased().split(separator: " ").contains("html") { out += content.joined(separator: "\n") + "\n" }
            case "code", "code-block", "sourcecode", "highlight", "literalinclude", "math", "include":
                skipBlock(deeperThan: indent)
            default:
                break  // admonitions and containers: their content is read as the document goes on
            }
            return
        }
        // `.. title: Post` (Nikola metadata) or a comment, whose indented lines belong to it.
        if let colon = body.firstIndex(of: ":"), !body[..<colon].contains(" ") {
            let name = body[..<colon].lowercased()
            let value = body[body.index(after: colon)...].trimmedWhitespace()
            if !value.isEmpty, fields[name] == nil { fields[name] = value }
            return
        }
        skipBlock(deeperThan: indent)
    }

    /// A figure's caption: its first paragraph; when that is an empty comment (`..`, docutils'
    /// "no caption"), the legend under the picture, its first paragraph that is no directive.
    static func figureCaption(_ content: [String]) -> String {
        let paragraphs = content.split(whereSeparator: { $0.trimmedWhitespace().isEmpty })
            .map { $0.map { $0.trimmedWhitespace() }.joined(separator: " ") }
        guard let first = paragraphs.first else { return "" }
        guard first == ".." else { return first }
        return paragraphs.dropFirst().first { !$0.hasPrefix("..") } ?? ""
    }

    /// The `:name: value` options right under a directive.
    private mutating func readOptions(deeperThan indent: Int) -> [String: String] {
        var options: [String: String] = [:]
        while index < lines.count, Self.indent(lines[index]) > indent, let field = Self.field(lines[index].trimmedWhitespace()) {
            options[field.name] = field.value
            index += 1
        }
        return options
    }

    /// The lines of a directive's content (blank lines included), dedented.
    private mutating func readBlock(deeperThan indent: Int) -> [String] {
        var block: [String] = []
        while index < lines.count {
            let line = lines[index]
            if line.trimmedWhitespace().isEmpty { block.append(""); index += 1; continue }
            guard Self.indent(line) > indent else { break }
            block.append(line)
            index += 1
        }
        while block.last == "" { block.removeLast() }
        while block.first == "" { block.removeFirst() }
        let margin = block.filter { !$0.isEmpty }.map(Self.indent).min() ?? 0
        return block.map { $0.isEmpty ? $0 : String($0.dropFirst(margin)) }
    }

    private mutating func skipBlock(deeperThan indent: Int) { _ = readBlock(deeperThan: indent) }

    private mutating func flush() {
        guard !paragraph.isEmpty else { return }
        out += "<p>\(HTMLEscaping.escape(Self.plain(paragraph.joined(separator: " "))))</p>\n"
        paragraph = []
    }

    /// An `<img>` for an image or figure directive and its options.
    private static func img(_ url: String, _ options: [String: String]) -> String {
        var tag = "<img src=\"\(HTMLEscaping.escape(url))\""
        if let alt = options["alt"] { tag += " alt=\"\(HTMLEscaping.escape(alt))\"" }
        for name in ["width", "height"] { if let value = options[name] { tag += " \(name)=\"\(HTMLEscaping.escape(value))\"" } }
        tag += ">"
        if let target = options["target"] { tag = "<a href=\"\(HTMLEscaping.escape(target))\">\(tag)</a>" }
        return tag
    }

    /// Inline markup removed: `**strong**`, `*emphasis*`, ``` ``code`` ```, `` `text <url>`_ `` and
    /// the anonymous `` `text <url>`__ `` → text; `\ ` (an escaped space, which joins words) → nothing,
    /// `\*` → `*`.
    static func plain(_ text: String) -> String {
        var result = text
        while let open = result.range(of: "`"), var close = result.range(of: "`_", range: open.upperBound..<result.endIndex) {
            var label = String(result[open.upperBound..<close.lowerBound])
            if let angle = label.range(of: " <", options: .backwards), label.hasSuffix(">") { label = String(label[..<angle.lowerBound]) }
            if result[close.upperBound...].hasPrefix("_") { close = close.lowerBound..<result.index(after: close.upperBound) }
            result.replaceSubrange(open.lowerBound..<close.upperBound, with: label)
        }
        for mark in ["**", "``", "*"] { result = result.replacingOccurrences(of: mark, with: "") }
        guard result.contains("\\") else { return result }
        var unescaped = ""
        var escaping = false
        for character in result {
            if escaping {
                escaping = false
                if character == " " { continue }
            } else if character == "\\" {
                escaping = true
                continue
            }
            unescaped.append(character)
        }
        return unescaped
    }

    /// `:name: value` → (lower-cased name, value); nil for other text.
    static func field(_ text: String) -> (name: String, value: String)? {
        guard text.hasPrefix(":"), let end = text.dropFirst().firstIndex(of: ":") else { return nil }
        let name = text[text.index(after: text.startIndex)..<end]
        guard !name.isEmpty, !name.contains(" ") || name.count < 30 else { return nil }
        return (name.lowercased(), text[text.index(after: end)...].trimmedWhitespace())
    }

    /// True when `line` is a section adornment (one repeated punctuation character) at least as long as `title`.
    static func isUnderline(_ line: String, for title: String?) -> Bool {
        let trimmed = line.trimmedWhitespace()
        guard let first = trimmed.first, trimmed.count >= 3, "=-~^\"'`#*+_:.".contains(first),
              trimmed.allSatisfy({ $0 == first }) else { return false }
        return title.map { trimmed.count >= $0.count } ?? true
    }

    static func indent(_ line: String) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }
}
