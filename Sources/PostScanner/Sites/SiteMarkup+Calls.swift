import Foundation

/// Zola's shortcodes, written as calls: `{{ image(src="a.png", caption="A cat") }}` and the body
/// form `{% figure(src="a.png") %}A *cat*{% end %}`, whose body the template usually shows as
/// the caption. A call with an argument naming an image is a figure, as Hugo's shortcodes are.
extension SiteMarkup {
    /// A shortcode call: its name and keyword arguments (keys lower-cased, values unquoted); nil
    /// when `text` is not one (Liquid and Go template output never has this shape).
    static func shortcodeCall(_ written: String) -> (name: String, named: [String: String])? {
        let text = written.trimmedWhitespace()
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return nil }
        let name = text[..<open]
        guard let first = name.first, first.isLetter || first == "_", name.allSatisfy(isNameCharacter) else { return nil }
        var named: [String: String] = [:]
        var rest = text[text.index(after: open)..<text.index(before: text.endIndex)]
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "," }
            guard !rest.isEmpty else { break }
            let key = rest.prefix(while: isNameCharacter)
            rest = rest.dropFirst(key.count).drop(while: \.isWhitespace)
            guard !key.isEmpty, rest.first == "=" else { return nil }
            rest = rest.dropFirst().drop(while: \.isWhitespace)
            guard let quote = rest.first else { return nil }
            let value: Substring
            if quote == "\"" || quote == "'" || quote == "`" {
                let body = rest.dropFirst()
                guard let end = body.firstIndex(of: quote) else { return nil }
                value = body[..<end]
                rest = body[body.index(after: end)...]
            } else {
                // A number, a boolean, a variable or an array (`[1, 2]`, commas inside): as written.
                let stop: Character = quote == "[" ? "]" : ","
                let end = rest.firstIndex(of: stop).map { stop == "]" ? rest.index(after: $0) : $0 } ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...]
            }
            named[key.lowercased()] = value.trimmedWhitespace()
        }
        return (String(name), named)
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// Emits the figure a call shows, replacing the input up to `end` (after the body's `{% end %}`
    /// for the body form); false when no argument names an image (the call is left as written).
    mutating func emitCall(_ call: (name: String, named: [String: String]), body: String?, replacing end: Int) -> Bool {
        let name = call.name.lowercased()
        guard let (argument, src) = Self.shortcodeImage(name: name, args: (call.named, [])) else { return false }
        // A bare name means whatever path the shortcode's template makes of it (beside the page,
        // usually); Zola's image functions always search the project's folders.
        let isBare = !src.hasPrefix("/") && !src.contains("://") && !src.hasPrefix("@/")
        let searched = name == "resize_image" || name == "get_image_metadata"
        // The body is Markdown (and HTML) the template renders: its text is the caption.
        let shown = body.map { TextNormalizer.visibleText(HTMLDocument(html: MarkdownBody.html(from: $0[...])).root) }
        let caption = call.named["caption"] ?? shown.flatMap { $0.isEmpty ? nil : $0 }
        emit(Self.figure(src: src, alt: call.named["alt"], title: call.named["title"], caption: caption, include: isBare || searched ? "\(name) \(argument)" : nil),
             replacing: end, block: true)
        return true
    }
}
