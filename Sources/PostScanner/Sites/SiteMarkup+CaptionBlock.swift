extension SiteMarkup {
    /// The block names of pymdown-extensions' caption blocks (MkDocs Material's image captions):
    /// `/// caption` (10.12) and `/// figure-caption` (10.14), each closed by a `///` line.
    static let captionBlockNames: Set<String> = ["caption", "figure-caption"]
    /// The most lines (options and text) read for a caption block's closing `///`.
    static let captionBlockLines = 64

    /// A pymdown-extensions caption block at the start of a line, made the caption paragraph of
    /// the block before it (as pymdownx wraps that block in a `<figure>` with this
    /// `<figcaption>`); its YAML options (indented lines right after the header) are not caption
    /// text. False, with nothing consumed, for any other line or a block not closed within
    /// `captionBlockLines` lines.
    mutating func captionBlock() -> Bool {
        let headerEnd = lineEnd(position)
        let header = text(position, headerEnd).trimmedWhitespace()
        guard header.hasPrefix("///"), !header.hasPrefix("////") else { return false }
        let name = header.dropFirst(3).prefix { $0 != "|" }.trimmedWhitespace()
        guard Self.captionBlockNames.contains(name) else { return false }
        var lines: [String] = []
        var start = headerEnd + 1
        var inOptions = true
        // A caption is a few lines: looking no further keeps a post of many unclosed headers
        // linear (each would otherwise read the rest of the post).
        for _ in 0..<Self.captionBlockLines where start < count {
            let end = lineEnd(start)
            let line = text(start, end)
            start = end + 1
            if line.trimmedWhitespace() == "///" {
                let words = Self.plainText(lines.joined(separator: " "))
                guard !words.isEmpty else { return false }
                emit("<p class=\"caption\">\(HTMLEscaping.escape(words))</p>\n", replacing: min(start, count), block: true)
                return true
            }
            if inOptions, line.hasPrefix("    ") || line.hasPrefix("\t") { continue }
            inOptions = false
            lines.append(line.trimmedWhitespace())
        }
        return false
    }
}
