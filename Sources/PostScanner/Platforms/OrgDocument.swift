/// An Org post (Hugo reads `.org` itself; ox-hugo and org-publish blogs) reduced to the HTML the
/// scanner reads. A link to an image file with no description (`[[file:img/a.png]]`,
/// `[[./a.png]]`, `[[https://h/a.jpg]]`) is an inline image, as Org's HTML export makes it; one
/// whose description is an image link is that image, the target its full size. `#+CAPTION:`
/// above captions it and `#+ATTR_HTML: :alt` gives its alt. Source, example and comment blocks
/// are code; `#+BEGIN_EXPORT html` passes through. `#+TITLE:` and `#+DATE:` are the metadata.
struct OrgDocument {
    /// The post as HTML.
    private(set) var html = ""
    /// `#+KEY:` values by lower-cased key (`title`, `date`, ...), the first one written.
    private(set) var keywords: [String: String] = [:]

    /// Reads the whole document.
    init(_ text: Substring) {
        var caption: String? = nil
        var alt: String? = nil
        var block: String? = nil
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            let body = paragraph.map { Self.inline($0, alt: alt) }.joined(separator: " ")
            if let caption, body.contains("<img") {
                html += "<figure>\(body)<figcaption>\(HTMLEscaping.escape(caption))</figcaption></figure>\n"
            } else {
                html += "<p>\(body)</p>\n"
            }
            paragraph = []
            caption = nil
            alt = nil
        }
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = raw.trimmedWhitespace()
            let lower = line.lowercased()
            if let open = block {
                if lower.hasPrefix("#+end_") { block = nil } else if open == "export html" { html += line + "\n" }
                continue
            }
            if lower.hasPrefix("#+begin_") {
                flush()
                let name = lower.dropFirst("#+begin_".count).split(separator: " ").map(String.init)
                block = name.first == "export" && name.dropFirst().first == "html" ? "export html" : (name.first ?? "")
                continue
            }
            if line.isEmpty { flush(); continue }
            if line == "#" || line.hasPrefix("# ") { continue }  // a comment line
            if line.hasPrefix("#+"), let colon = line.firstIndex(of: ":") {
                let key = line[line.index(line.startIndex, offsetBy: 2)..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmedWhitespace()
                switch key {
                case "caption": flush(); caption = value
                case "attr_html": alt = Self.option("alt", in: value) ?? alt
                default: if keywords[key] == nil { keywords[key] = value }
                }
                continue
            }
            if line.hasPrefix("*"), line.drop(while: { $0 == "*" }).first == " " {  // a heading
                flush()
                html += "<h2>\(HTMLEscaping.escape(line.drop(while: { $0 == "*" }).trimmedWhitespace()))</h2>\n"
                continue
            }
            paragraph.append(line)
        }
        flush()
    }

    /// A keyword's value (`title`, `date`), or nil. An Org timestamp loses its brackets and day
    /// name (`<2024-01-02 Tue 10:00>` → `2024-01-02 10:00`), as Hugo reads it.
    func keyword(_ name: String) -> String? {
        guard var value = keywords[name], !value.isEmpty else { return nil }
        if let first = value.first, first == "<" || first == "[", let last = value.last, last == ">" || last == "]" {
            value = value.dropFirst().dropLast().split(separator: " ").filter { !$0.allSatisfy(\.isLetter) }.joined(separator: " ")
        }
        return value
    }

    /// `:alt Some words :width 300` → the words after `:name` up to the next option.
    static func option(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: ":" + name + " ") else { return nil }
        let rest = text[start.upperBound...]
        let end = rest.range(of: " :")?.lowerBound ?? rest.endIndex
        return rest[..<end].trimmedWhitespace()
    }

    /// A paragraph line as HTML: text escaped, image links as `<img>`, other links as their text.
    private static func inline(_ line: String, alt: String?) -> String {
        var out = ""
        var rest = Substring(line)
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            out += HTMLEscaping.escape(String(rest[..<open.lowerBound]))
            var inner = rest[open.upperBound..<close.lowerBound]
            var end = close.upperBound
            // `[[target][description]]`: the description may itself hold `[[…]]` (a thumbnail).
            if let split = inner.range(of: "][") {
                if inner[split.upperBound...].hasPrefix("[["), let outer = rest[close.upperBound...].range(of: "]]") {
                    inner = rest[open.upperBound..<outer.lowerBound]
                    end = outer.upperBound
                }
            }
            out += link(inner, alt: alt)
            rest = rest[end...]
        }
        return out + HTMLEscaping.escape(String(rest))
    }

    /// One link's HTML: an image, an image linking to its full size, or the link's text.
    private static func link(_ inner: Substring, alt: String?) -> String {
        let parts = inner.components(separatedBy: "][")
        let target = path(parts[0])
        if parts.count == 1 {
            return SitePaths.namesImage(target) ? img(target, alt: alt) : HTMLEscaping.escape(target)
        }
        let description = parts.dropFirst().joined(separator: "][")
        // A description that is an image (`file:thumb.jpg`, `[[thumb.jpg]]`) is shown, linking to the target.
        let shown = path(description.hasPrefix("[[") ? description.dropFirst(2).prefix { $0 != "]" } : Substring(description))
        if SitePaths.namesImage(shown), !shown.contains(" ") {
            let full = SitePaths.namesImage(target) ? " data-original=\"\(HTMLEscaping.escape(target))\"" : ""
            return img(shown, alt: alt).replacingOccurrences(of: ">", with: full + ">")
        }
        return HTMLEscaping.escape(description)
    }

    /// `file:img/a.png` → `img/a.png`; other targets as written.
    private static func path(_ target: some StringProtocol) -> String {
        let text = String(target).trimmedWhitespace()
        return text.hasPrefix("file:") ? String(text.dropFirst(5)) : text
    }

    private static func img(_ src: String, alt: String?) -> String {
        "<img src=\"\(HTMLEscaping.escape(src))\" alt=\"\(HTMLEscaping.escape(alt ?? ""))\">"
    }
}
