import Foundation
import Yams

/// The metadata block at the top of a Markdown post (YAML `---`, Hugo TOML `+++`, a JSON object or
/// Pelican's `Key: value` lines) and the body after it.
struct FrontMatter {
    /// Scalar values by key; nested tables flatten to `outer.inner` (`cover.image`).
    var fields: [String: String]
    /// The text after the closing fence (the whole text when there is no front matter).
    var body: Substring
    /// The text between the fences (YAML or TOML), for the rare reader that needs more than scalars.
    var content: Substring = ""
    /// Why the block was read line by line rather than as YAML (nil when it parsed).
    var warning: String? = nil
    /// What to do about front matter that is not YAML.
    static let fixAdvice = "fix the block between the --- lines"

    /// The first non-empty value among `keys`.
    func first(_ keys: [String]) -> String? {
        for key in keys {
            if let value = fields[key]?.trimmedWhitespace(), !value.isEmpty { return value }
        }
        return nil
    }

    /// Every text of the YAML list at the top-level `key` (`photos: [a.jpg, b.jpg]`), in order;
    /// empty when the key holds no list (the flattened fields keep a list's first entry only).
    func list(_ key: String) -> [String] {
        sequence(at: key).compactMap { $0.scalar?.string }.filter { !$0.trimmedWhitespace().isEmpty }
    }

    /// The pictures of the YAML list at the top-level `key`, in order, with the captions themes pair
    /// with them (see `picture(in:)`).
    func pictureList(_ key: String) -> [(path: String, caption: String?)] {
        sequence(at: key).compactMap { entry in
            if let path = entry.scalar?.string { return path.trimmedWhitespace().isEmpty ? nil : (path, nil) }
            return entry.mapping.flatMap(Self.picture(in:))
        }
    }

    /// The entries of the YAML list at the top-level `key` (the front matter parsed again: only
    /// lists of pictures are asked for, and only when the flattened fields hold the key).
    private func sequence(at key: String) -> [Node] {
        guard content.containsBytes(key), let node = try? Yams.compose(yaml: String(content), .basic, .default, .utf8),
              let value = node.mapping?.first(where: { $0.key.string?.lowercased() == key })?.value else { return [] }
        return value.sequence.map(Array.init) ?? []
    }

    /// A picture a list entry names with its caption: a path paired with its caption (Beautiful
    /// Jekyll's `"/a.jpg" : "Carmel"`), or a map with `src` and `desc`/`caption` (Beautiful Hugo's).
    static func picture(in entry: Node.Mapping) -> (path: String, caption: String?)? {
        if let path = entry[Node("src")]?.scalar?.string {
            return (path, (entry[Node("desc")] ?? entry[Node("caption")])?.scalar?.string)
        }
        guard entry.count == 1, let pair = entry.first, let path = pair.key.scalar?.string else { return nil }
        return (path, pair.value.scalar?.string)
    }

    /// Splits `text` into front matter and body; a missing closing fence or bad YAML throws.
    /// `markdown` allows Pelican's fence-less `Key: value` metadata (never read in an HTML file).
    static func split(_ text: String, input: String, markdown: Bool = true) throws(ScanError) -> FrontMatter {
        // Hexo posts in the corpus start with a blank line before `---`: skip blank lines only.
        var start = text.startIndex
        while start < text.endIndex, text[start].isWhitespace { start = text.index(after: start) }
        let rest = text[start...]
        for fence in ["---", "+++"] {
            guard rest.hasPrefix(fence) else { continue }
            let afterFence = rest.dropFirst(3)
            guard let lineEnd = afterFence.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }),
                  afterFence[..<lineEnd].allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            let block = afterFence[afterFence.index(after: lineEnd)...]
            guard let (content, body) = closing(block, fence: fence) else {
                // `---Hey, it's…`: gray-matter (Eleventy, Docusaurus, Gatsby) closes at the first
                // line opening with the fence, and the post is published; so is it read here.
                if fence == "---", let (content, body) = runOnClosing(block), var front = try? split("---\n" + content + "---\n", input: input) {
                    front.body = body
                    front.warning = "front matter's closing --- runs into the text after it; read as closed there, as gray-matter reads it: put the text on a line of its own"
                    return front
                }
                throw ScanError(input: input, reason: "front matter opened with \(fence) is never closed; add a closing \(fence) line")
            }
            guard fence == "---" else { return FrontMatter(fields: toml(content), body: body, content: content) }
            do {
                return FrontMatter(fields: try yaml(content, input: input), body: body, content: content)
            } catch {
                // Indented with tabs, which YAML forbids: read as Hexo reads it, each leading tab two
                // spaces (hexo-front-matter's escape); Jekyll refuses it, so it is still reported.
                if content.utf8.contains(9), let fields = try? yaml(Substring(SiteConfig.tabsAsSpaces(String(content))), input: input) {
                    return FrontMatter(fields: fields, body: body, content: content,
                                       warning: "front matter is indented with tabs, which YAML forbids; read with each tab as two spaces, as Hexo reads it (Jekyll refuses it): indent with spaces")
                }
                // A generator's broken value (RSSHub page scripts doubled a title's quotes on each
                // run: `title: """"'A title'""""`) must not cost the post its images.
                guard let fields = salvagedFields(content) else { throw error }
                let problem = error.reason.hasSuffix("; " + fixAdvice) ? String(error.reason.dropLast(fixAdvice.count + 2)) : error.reason
                return FrontMatter(fields: fields, body: body, content: content,
                                   warning: problem + "; its top-level key: value lines were read as written: " + fixAdvice)
            }
        }
        // Hugo's JSON front matter; an object that is not valid JSON is body text, as it would be for Hugo's reader too.
        if let (content, body) = jsonBlock(rest), let fields = json(content) {
            return FrontMatter(fields: fields, body: body)
        }
        // Pelican and MultiMarkdown metadata start on the very first line.
        if markdown, start == text.startIndex, let (fields, body) = metaBlock(rest) {
            return FrontMatter(fields: fields, body: body)
        }
        return FrontMatter(fields: [:], body: text[...])
    }

    /// Finds the closing fence line (YAML also allows `...`), returning the content and body.
    /// Works on UTF-8 bytes: front matter is scanned for every post.
    private static func closing(_ block: Substring, fence: String) -> (Substring, Substring)? {
        let utf8 = block.utf8
        let fenceBytes = Array(fence.utf8)
        var lineStart = utf8.startIndex
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            var line = utf8[lineStart..<lineEnd]
            while let last = line.last, last == 0x20 || last == 0x09 || last == 0x0D { line = line.dropLast() }
            while let first = line.first, first == 0x20 || first == 0x09 { line = line.dropFirst() }
            if line.elementsEqual(fenceBytes) || (fence == "---" && line.elementsEqual("...".utf8)) {
                let bodyStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
                return (block[block.startIndex..<lineStart], block[bodyStart...])
            }
            lineStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
        }
        return nil
    }

    /// The first line opening with `---` and going on with text (`---Hey`): the content before it
    /// and the body from the text on.
    private static func runOnClosing(_ block: Substring) -> (Substring, Substring)? {
        var lineStart = block.startIndex
        while lineStart < block.endIndex {
            let line = block[lineStart...].prefix { $0 != "\n" }
            if line.hasPrefix("---"), let next = line.dropFirst(3).first, next != "-", !next.isWhitespace {
                return (block[block.startIndex..<lineStart], block[block.index(lineStart, offsetBy: 3)...])
            }
            guard line.endIndex < block.endIndex else { break }
            lineStart = block.index(after: line.endIndex)
        }
        return nil
    }

    /// The fields of a YAML block: the simple `key: value` shape is read directly, everything else by Yams.
    static func yaml(_ content: Substring, input: String) throws(ScanError) -> [String: String] {
        if let fields = simpleFields(content) { return fields }
        return try yamsFields(String(content), input: input)
    }

    /// The fields as Yams reads them (the reference for `simpleFields`). Yams' node API with the basic
    /// resolver keeps scalars exactly as written (no date or number conversion) and runs no tag-resolving regexes.
    static func yamsFields(_ content: String, input: String) throws(ScanError) -> [String: String] {
        let node: Node?
        do { node = try Yams.compose(yaml: content, .basic, .default, .utf8) } catch {
            throw ScanError(input: input, reason: "front matter is not valid YAML (\(error)); " + fixAdvice)
        }
        guard let mapping = node?.mapping else { return [:] }
        var fields: [String: String] = [:]
        flatten(mapping, prefix: "", into: &fields)
        return fields
    }

    private static func flatten(_ mapping: Node.Mapping, prefix: String, into fields: inout [String: String]) {
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { continue }
            let full = prefix + name.lowercased()
            if let scalar = value.scalar {
                fields[full] = scalar.string
            } else if let nested = value.mapping {
                flatten(nested, prefix: full + ".", into: &fields)
            } else if let first = value.sequence?.first?.scalar {
                // A list of covers (`images: [a, b]`): the first one is the cover.
                fields[full] = first.string
            } else if let entry = value.sequence?.first?.mapping, let picture = picture(in: entry) {
                // Beautiful Jekyll's `cover-img: ["/a.jpg" : "Caption", "/b.jpg"]` (before 5.0 `bigimg`),
                // Beautiful Hugo's `bigimg: [{src: /img/a.png, desc: Caption}]`: the first entry is shown.
                fields[full] = picture.path
                if let caption = picture.caption, !caption.isEmpty { fields[full + ".caption"] = caption }
            }
        }
    }

    /// Reads the `key = value` lines of TOML front matter that posts use (strings, numbers,
    /// dates, `[table]` headers); arrays take their first string. No TOML package is needed for that.
    static func toml(_ content: Substring) -> [String: String] {
        var fields: [String: String] = [:]
        var prefix = ""
        for rawLine in content.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.trimmedWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                prefix = name.isEmpty ? "" : name.lowercased() + "."
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmedWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            var value = line[line.index(after: eq)...].trimmedWhitespace()
            if value.hasPrefix("[") { value = String(value.dropFirst()).trimmedWhitespace() }
            fields[prefix + key.lowercased()] = tomlValue(value)
        }
        return fields
    }

    private static func tomlValue(_ value: String) -> String {
        guard let quote = value.first, quote == "\"" || quote == "'" else {
            // Bare values (numbers, dates, booleans) end at a comment or array separator.
            return String(value.prefix { $0 != "#" && $0 != "," && $0 != "]" }).trimmedWhitespace()
        }
        var out = ""
        var escaped = false
        for ch in value.dropFirst() {
            if escaped {
                switch ch { case "n": out.append("\n"); case "t": out.append("\t"); default: out.append(ch) }
                escaped = false
            } else if ch == "\\" && quote == "\"" {
                escaped = true
            } else if ch == quote {
                break
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
