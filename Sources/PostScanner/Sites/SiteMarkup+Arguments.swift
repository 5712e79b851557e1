import Foundation

/// How template tags' arguments are read: Liquid and Hugo `key="value"` words, Eleventy's and
/// Volantis' comma lists, Hexo's image-tag words after the size.
extension SiteMarkup {
    /// True for `{% image src, key=value … %}`: a comma right after the first argument; or for
    /// Volantis' other form, `{% image src::alt=…::width=… %}` (its tag splits on `::` when it finds one).
    static func isCommaList(_ body: String) -> Bool {
        let words = body.split(separator: " ", maxSplits: 2)
        return words.count >= 2 && (words[1].hasSuffix(",") || words[1].contains("::"))
    }

    /// `image src::alt=Some words::width=50%` → the source and the `key=value` parts (an alt may hold spaces).
    static func doubleColonList(_ body: String) -> (src: String, named: [String: String], positional: [String]) {
        let parts = body.drop { !$0.isWhitespace }.trimmingCharacters(in: .whitespaces).components(separatedBy: "::")
        var named: [String: String] = [:]
        var positional: [String] = []
        for part in parts.dropFirst() {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if let equals = trimmed.firstIndex(of: "=") {
                named[trimmed[..<equals].lowercased()] = String(trimmed[trimmed.index(after: equals)...])
            } else if !trimmed.isEmpty {
                positional.append(trimmed)
            }
        }
        return ((parts.first ?? "").trimmingCharacters(in: .whitespaces), named, positional)
    }

    /// `image src, alt=Some words, width=400px` → the source and the `key=value` parts.
    /// Eleventy's image shortcode writes its arguments quoted, the alt second:
    /// `{% image "./a.png", "A large generator", [300, 600] %}` → `./a.png`, positional `A large generator`.
    static func commaList(_ body: String) -> (src: String, named: [String: String], positional: [String]) {
        // Split at commas outside quotes and brackets (an alt may hold commas).
        var parts: [String] = []
        var part = ""
        var quote: Character? = nil
        var depth = 0
        for character in body.drop(while: { !$0.isWhitespace }) {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
            } else if character == ",", depth == 0 {
                parts.append(part)
                part = ""
                continue
            }
            part.append(character)
        }
        parts.append(part)
        let unquoted = CharacterSet(charactersIn: " \t\"'")
        var named: [String: String] = [:]
        var positional: [String] = []
        for part in parts.dropFirst() {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if let equals = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("\""), !trimmed.hasPrefix("'") {
                named[trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()] =
                    trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: unquoted)
            } else if trimmed.hasPrefix("\"") || trimmed.hasPrefix("'") {
                positional.append(trimmed.trimmingCharacters(in: unquoted))
            }
        }
        return ((parts.first ?? "").trimmingCharacters(in: unquoted), named, positional)
    }

    /// `{% asset_img [class…] name [width] [height] [title [alt]] %}`: the name is the first
    /// argument that looks like a file; the words after it (minus sizes) are the title.
    static func hexoAsset(_ args: [String], hexoMeta: Bool = false) -> (name: String, title: String?, alt: String?)? {
        guard !args.isEmpty else { return nil }
        let at = args.firstIndex { $0.contains(".") || $0.contains("/") } ?? 0
        var rest = Array(args[(at + 1)...])
        while let first = rest.first, first.allSatisfy({ $0.isNumber }) || first.hasSuffix("px") || first.hasSuffix("%") { rest.removeFirst() }
        // Stellar's `key:value` options go anywhere (`{% image src 描述 width:400px download:true %}`),
        // and its descriptions write spaces as `&nbsp;`.
        rest = rest.filter { !isTagOption($0) }.map { $0.replacingOccurrences(of: "&nbsp;", with: " ") }
        // Eleventy's widths after the alt (`{% image "a.jpg" "Front view" "300w" 300 %}`) are no words.
        while let last = rest.last, let digits = last.first, digits.isNumber, last.allSatisfy({ $0.isNumber || "wxpx%".contains($0) }) { rest.removeLast() }
        if hexoMeta {
            let meta = hexoTitleAndAlt(rest.joined(separator: " "))
            return (args[at], meta.title, meta.alt)
        }
        // A site's own tag's size or position word after the path (`{% image a.jpg small %}` →
        // `class="small"`) is no title.
        rest = rest.filter { !imageClassWords.contains($0) }
        // `"title text" "alt text"` when quoted; otherwise every remaining word is the title.
        let title = rest.isEmpty ? nil : (rest.count == 2 && rest.contains { $0.contains(" ") } ? rest[0] : rest.joined(separator: " "))
        let alt = rest.count == 2 && rest.contains { $0.contains(" ") } ? rest[1] : nil
        return (args[at], title, alt)
    }

    /// Tranquilpeak's `{% image [classes] original thumbnail [width] [height] [title] %}` when it
    /// names a thumbnail: the thumbnail is shown, linking to the original, the title under it.
    static func imageWithThumbnail(_ args: [String]) -> (original: String, thumbnail: String, title: String?)? {
        func isPicture(_ word: String) -> Bool { SitePaths.namesImage(word) || ImageURL.isWeb(word) }
        guard let at = args.firstIndex(where: isPicture), at + 1 < args.count, isPicture(args[at + 1]) else { return nil }
        let title = args[(at + 2)...].drop { $0.allSatisfy(\.isNumber) || $0.hasSuffix("px") || $0.hasSuffix("%") }.joined(separator: " ").trimmedWhitespace()
        return (args[at], args[at + 1], title.isEmpty ? nil : title)
    }

    /// `{% fancybox [slug] original [thumbnail] [title words] %}` (Hexo's landscape theme and its
    /// heirs; Octopress' Amber puts a gallery slug first): the picture shown is the thumbnail when
    /// there is one, linking to the original, and the title is its caption (`<span class="caption">`).
    static func fancybox(_ args: [String]) -> (original: String, thumbnail: String?, title: String?)? {
        guard let at = args.firstIndex(where: { SitePaths.namesImage($0) }) else { return nil }
        var rest = args[(at + 1)...]
        let thumbnail = rest.first.flatMap { SitePaths.namesImage($0) ? $0 : nil }
        if thumbnail != nil { rest = rest.dropFirst() }
        let title = rest.joined(separator: " ").trimmedWhitespace()
        return (args[at], thumbnail, title.isEmpty ? nil : title)
    }

    /// `{% picture [preset] PATH [--alt Words …] [alt="…"] %}` (jekyll_picture_tag): the first argument
    /// naming an image file, and the alt (the words after `--alt` up to the next `--` option, or `alt=`).
    static func pictureTag(_ args: (named: [String: String], positional: [String])) -> (path: String, alt: String?)? {
        guard let at = args.positional.firstIndex(where: { SitePaths.namesImage($0) }) else { return nil }
        var alt = args.named["alt"]
        if let flag = args.positional.firstIndex(of: "--alt") {
            let words = args.positional[(flag + 1)...].prefix { !$0.hasPrefix("--") }
            if !words.isEmpty { alt = words.joined(separator: " ") }
        }
        return (args.positional[at], alt)
    }

    /// Hexo's own reading of an image tag's words after the size (`lib/plugins/tag/img`: the
    /// arguments joined by spaces, then `["']?([^"']+)?["']?\s*["']?([^"']+)?["']?`): unquoted
    /// words are all the title; `'"title" "alt"'` (quoted once more, as Hexo's docs write it) is a
    /// title and an alt, `'"" "alt"'` an alt alone.
    static func hexoTitleAndAlt(_ text: String) -> (title: String?, alt: String?) {
        var rest = Substring(text)
        func quote() { if let first = rest.first, first == "\"" || first == "'" { rest = rest.dropFirst() } }
        func run() -> String? {
            let value = rest.prefix { $0 != "\"" && $0 != "'" }
            rest = rest[value.endIndex...]
            return value.isEmpty ? nil : String(value)
        }
        quote()
        let title = run()
        quote()
        rest = rest.drop { $0.isWhitespace }
        quote()
        return (title, run())
    }

    /// Lower-case words image tags take as a size, a position or a class, never as a title.
    static let imageClassWords: Set<String> = ["tiny", "small", "medium", "large", "huge", "full", "wide", "half", "left", "right",
                                               "center", "centre", "border", "shadow", "rounded", "thumb", "thumbnail"]

    /// Options Hexo themes' image tags take as `key:value` words (Stellar, Volantis).
    static let tagOptionKeys: Set<String> = ["download", "width", "height", "padding", "bg", "ratio", "fancybox", "color"]

    /// True for a `key:value` option word of an image tag, never part of its description.
    static func isTagOption(_ word: String) -> Bool {
        guard let colon = word.firstIndex(of: ":"), colon != word.startIndex, word.index(after: colon) != word.endIndex else { return false }
        return tagOptionKeys.contains(word[..<colon].lowercased())
    }

    /// Splits tag arguments: `key="value"`, `key=value`, and positional words or quoted strings.
    static func arguments(_ text: String) -> (named: [String: String], positional: [String]) {
        var named: [String: String] = [:]
        var positional: [String] = []
        var chars = Substring(text)
        func word() -> String {
            chars = chars.drop { $0.isWhitespace }
            guard let first = chars.first else { return "" }
            if first == "\"" || first == "'" || first == "`" {
                let body = chars.dropFirst()
                // Jekyll's include arguments escape a quote inside a value (`caption="<a href=\"…\">"`).
                var end = body.startIndex
                while end < body.endIndex, body[end] != first {
                    if body[end] == "\\", body.index(after: end) < body.endIndex, body[body.index(after: end)] == first { end = body.index(after: end) }
                    end = body.index(after: end)
                }
                chars = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
                return String(body[..<end]).replacingOccurrences(of: "\\" + String(first), with: String(first))
            }
            let end = chars.firstIndex { $0.isWhitespace || $0 == "=" } ?? chars.endIndex
            let value = String(chars[..<end])
            chars = chars[end...]
            return value
        }
        while true {
            chars = chars.drop { $0.isWhitespace }
            guard !chars.isEmpty else { break }
            let isQuoted = chars.first == "\"" || chars.first == "'" || chars.first == "`"
            var token = word()
            // A key is a name (`alt=`, `data-caption=`); an address's query (`…/u/6375567?v=3&s=400`) is one word.
            if !isQuoted, chars.first == "=", !token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) {
                let end = chars.firstIndex(where: \.isWhitespace) ?? chars.endIndex
                token += chars[..<end]
                chars = chars[end...]
                positional.append(token)
            } else if !isQuoted, chars.first == "=" {
                chars = chars.dropFirst()
                named[token.lowercased()] = word()
            } else {
                positional.append(token)
            }
        }
        return (named, positional)
    }
}
