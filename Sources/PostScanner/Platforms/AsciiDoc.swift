/// An AsciiDoc post (Hugo and Jekyll read `.adoc`; Antora sites) reduced to the HTML the scanner
/// reads: block images (`image::a.png[Alt]`) as figures captioned by their block title
/// (`.The harbour` on the line above) or `title=` attribute, inline images (`image:a.png[Alt]`),
/// passthrough blocks (`++++`) as they are, paragraphs as text. Listing, literal and comment
/// blocks are left out: an image shown as code is not an image. `:imagesdir:` is put before
/// relative targets, as Asciidoctor does; the title is the document header's `= Title`.
struct AsciiDoc {
    /// The post as HTML.
    private(set) var html = ""
    /// The document title (`= Title`), or nil.
    private(set) var title: String?

    /// Reads the whole document.
    init(_ text: Substring) {
        var imagesFolder = ""
        var blockTitle: String? = nil
        var paragraph: [String] = []
        var delimiter: String? = nil
        func flush() {
            guard !paragraph.isEmpty else { return }
            html += "<p>" + paragraph.map { Self.inline($0, imagesFolder: imagesFolder) }.joined(separator: " ") + "</p>\n"
            paragraph = []
        }
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if let open = delimiter {
                if line == open { delimiter = nil } else if open == "++++" { html += line + "\n" }
                continue
            }
            let text = line.trimmedWhitespace()
            if Self.delimiters.contains(text) { flush(); delimiter = text; continue }
            if text.isEmpty { flush(); continue }
            if text.hasPrefix("//") { continue }  // a comment line
            if title == nil, html.isEmpty, paragraph.isEmpty, text.hasPrefix("= ") { title = String(text.dropFirst(2)).trimmedWhitespace(); continue }
            if text.hasPrefix(":"), let end = text.dropFirst().firstIndex(of: ":") {  // `:imagesdir: images`
                let name = text[text.index(after: text.startIndex)..<end]
                if name == "imagesdir" { imagesFolder = SitePaths.trimSlashes(text[text.index(after: end)...].trimmedWhitespace()) }
                continue
            }
            if text.hasPrefix("["), text.hasSuffix("]"), paragraph.isEmpty { continue }  // block attributes (`[source,swift]`)
            if text.hasPrefix("."), text.count > 1, !text.hasPrefix(".."), !text.dropFirst().hasPrefix(" "), paragraph.isEmpty {
                blockTitle = String(text.dropFirst())
                continue
            }
            if text.hasPrefix("image::"), let image = Self.macro(text.dropFirst("image::".count)) {
                flush()
                let caption = image.named["title"] ?? blockTitle
                html += "<figure>" + Self.img(image, imagesFolder: imagesFolder)
                if let caption, !caption.isEmpty { html += "<figcaption>\(HTMLEscaping.escape(caption))</figcaption>" }
                html += "</figure>\n"
                blockTitle = nil
                continue
            }
            blockTitle = nil
            paragraph.append(text)
        }
        flush()
    }

    /// Listing, literal, comment, passthrough, example and sidebar block delimiters.
    static let delimiters: Set<String> = ["----", "....", "////", "++++", "```"]

    /// `target[alt, width, title="…"]` → the target, the first positional attribute and the named ones.
    static func macro(_ text: Substring) -> (target: String, alt: String?, named: [String: String])? {
        guard let open = text.firstIndex(of: "["), let close = text.lastIndex(of: "]"), open < close else { return nil }
        let target = String(text[..<open]).trimmedWhitespace()
        guard !target.isEmpty, !target.contains(" ") else { return nil }
        var alt: String? = nil
        var named: [String: String] = [:]
        for (position, part) in text[text.index(after: open)..<close].split(separator: ",").enumerated() {
            let piece = part.trimmedWhitespace()
            if let equals = piece.firstIndex(of: "=") {
                named[String(piece[..<equals]).trimmedWhitespace()] = piece[piece.index(after: equals)...].trimmingCharacters(in: ["\"", " "])
            } else if position == 0 {
                alt = piece.trimmingCharacters(in: ["\""])
            }
        }
        return (target, alt, named)
    }

    /// The `<img>` of a macro, its relative target under the images folder.
    private static func img(_ image: (target: String, alt: String?, named: [String: String]), imagesFolder: String) -> String {
        var src = image.target
        if !imagesFolder.isEmpty, !src.hasPrefix("/"), !ImageURL.hasScheme(src) { src = imagesFolder + "/" + src }
        let alt = image.named["alt"] ?? image.alt ?? ""
        return "<img src=\"\(HTMLEscaping.escape(src))\" alt=\"\(HTMLEscaping.escape(alt))\">"
    }

    /// A paragraph line as HTML: text escaped, inline `image:target[alt]` macros as images.
    private static func inline(_ line: String, imagesFolder: String) -> String {
        var out = ""
        var rest = Substring(line)
        while let start = rest.range(of: "image:"), !rest[start.upperBound...].hasPrefix(":"),
              let close = rest[start.upperBound...].firstIndex(of: "]"),
              let image = macro(rest[start.upperBound...close]) {
            out += HTMLEscaping.escape(String(rest[..<start.lowerBound])) + img(image, imagesFolder: imagesFolder)
            rest = rest[rest.index(after: close)...]
        }
        return out + HTMLEscaping.escape(String(rest))
    }
}
