import Foundation

extension MarkdownBody {
    /// The text of a level-1 heading that opens the body (`# Title`, or `Title` underlined with
    /// `===`), Markdown marks removed: the title of a post whose front matter names none, as
    /// MkDocs and GitHub Pages (jekyll-titles-from-headings) take it. Nil otherwise.
    static func leadingHeading(_ body: Substring) -> String? {
        var rest = body
        var line: Substring = ""
        repeat {  // the first line that is not blank
            guard !rest.isEmpty else { return nil }
            let end = rest.firstIndex(of: "\n") ?? rest.endIndex
            line = rest[..<end]
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
        } while line.allSatisfy(\.isWhitespace)
        guard line.prefix(while: { $0 == " " }).count <= 3 else { return nil }  // four spaces make code
        let first = line.trimmingCharacters(in: .whitespacesAndNewlines)
        let next = rest.prefix { $0 != "\n" }
        var text: String
        if first.hasPrefix("# ") || first == "#" {
            text = String(first.dropFirst())
            // An optional closing sequence: `# Title #`.
            if let closing = text.range(of: #"\s+#+\s*$"#, options: .regularExpression) { text.removeSubrange(closing) }
        } else if case let underline = next.trimmingCharacters(in: .whitespacesAndNewlines),
                  !underline.isEmpty, underline.allSatisfy({ $0 == "=" }), !first.hasPrefix("<") {
            text = first
        } else {
            return nil
        }
        let title = SiteMarkup.plainText(text.trimmingCharacters(in: .whitespaces))
        return title.isEmpty ? nil : title
    }
}
