/// WordPress `[caption]` shortcodes turned into the `<figure>`/`<figcaption>` markup WordPress
/// renders for them, so the figure caption rule reads them like any other figure.
///
/// Every form found in real exports: the caption as the text after the image
/// (`[caption id="…"]<img …> Text[/caption]`), as a `caption="…"` attribute, the image
/// wrapped in a link, a Markdown image after a migration to Markdown (rendered to `<img>`
/// before this runs), and the legacy `[wp_caption]` name. Runs on the HTML text, so quotes
/// escaped by the Markdown renderer (`&quot;`) are understood too.
enum CaptionShortcode {
    /// The shortcode names WordPress renders as captions.
    static let names = ["caption", "wp_caption"]

    /// The HTML with every complete caption shortcode replaced; unchanged when there is none.
    static func expand(_ html: String) -> String {
        guard mayContain(html) else { return html }
        var out = ""
        var rest = Substring(html)
        // A closing tag missing after one opening is missing after every later one: not looked
        // for again (a post of many unclosed `[caption]` was read once per opening).
        var unclosed: Set<String> = []
        while let open = nextOpening(in: rest) {
            out += rest[..<open.start]
            let close = unclosed.contains(open.name) ? nil : rest.range(of: "[/\(open.name)]", range: open.end..<rest.endIndex)
            if close == nil { unclosed.insert(open.name) }
            guard let close else {
                out += rest[open.start..<open.end]
                rest = rest[open.end...]
                continue
            }
            out += figure(attributes: rest[open.attributes], inner: rest[open.end..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    /// A cheap byte check before any work: most documents have no shortcode at all.
    private static func mayContain(_ html: String) -> Bool {
        names.contains { html.containsBytes("[" + $0) }
    }

    /// Where the next opening tag is: its whole range, its attributes and its name.
    private struct Opening {
        var start: String.Index
        var end: String.Index
        var attributes: Range<String.Index>
        var name: String
    }

    private static func nextOpening(in text: Substring) -> Opening? {
        var search = text.startIndex
        while let bracket = text[search...].firstIndex(of: "[") {
            let afterBracket = text.index(after: bracket)
            for name in names where text[afterBracket...].hasPrefix(name) {
                let afterName = text.index(afterBracket, offsetBy: name.count)
                guard afterName < text.endIndex, text[afterName] == " " || text[afterName] == "]" else { continue }
                guard let end = closingBracket(in: text, from: afterName) else { break }
                return Opening(start: bracket, end: text.index(after: end), attributes: afterName..<end, name: name)
            }
            search = afterBracket
        }
        return nil
    }

    /// The `]` that ends an opening tag, skipping quoted attribute values (a caption may hold `]`);
    /// nil past `longestOpening` characters (no real tag is that long; it bounds the work per `[`).
    private static func closingBracket(in text: Substring, from start: String.Index) -> String.Index? {
        var quote: Character? = nil
        var index = start
        var read = 0
        while index < text.endIndex, read < longestOpening {
            read += 1
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "]" {
                return index
            } else if character == "<" {
                return nil  // markup before the `]`: not a shortcode
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The most characters an opening tag's attributes are read for.
    static let longestOpening = 4096

    /// The rendered figure: the image part as it is, the caption in a `<figcaption>`.
    private static func figure(attributes: Substring, inner: Substring) -> String {
        let split = splitImage(inner)
        let caption = captionAttribute(attributes) ?? String(split.text)
        return "<figure class=\"wp-caption\">\(split.image)<figcaption class=\"wp-caption-text\">\(caption)</figcaption></figure>"
    }

    /// The image (with the link around it, if any) and the text after it.
    private static func splitImage(_ inner: Substring) -> (image: Substring, text: Substring) {
        guard let img = inner.range(of: "<img", options: .caseInsensitive),
              var end = inner[img.upperBound...].firstIndex(of: ">").map({ inner.index(after: $0) }) else {
            return (inner[inner.startIndex..<inner.startIndex], inner)
        }
        let afterSpace = inner[end...].drop { $0.isWhitespace }
        if afterSpace.lowercased().hasPrefix("</a>") { end = inner.index(afterSpace.startIndex, offsetBy: 4) }
        return (inner[..<end], inner[end...])
    }

    /// The value of `caption=` (quoted with `"`, `'` or the renderer's `&quot;`), as HTML.
    private static func captionAttribute(_ attributes: Substring) -> String? {
        var search = attributes.startIndex
        while let found = attributes.range(of: "caption=", range: search..<attributes.endIndex) {
            search = found.upperBound
            // `caption=` must start an attribute, not end another name (`data-caption=`).
            if found.lowerBound > attributes.startIndex, !attributes[attributes.index(before: found.lowerBound)].isWhitespace { continue }
            let value = attributes[found.upperBound...]
            for quote in ["\"", "'", "&quot;", "&#34;", "&#39;"] where value.hasPrefix(quote) {
                let body = value.dropFirst(quote.count)
                guard let end = body.range(of: quote) else { return nil }
                return String(body[..<end.lowerBound])
            }
            return String(value.prefix { !$0.isWhitespace })
        }
        return nil
    }
}
