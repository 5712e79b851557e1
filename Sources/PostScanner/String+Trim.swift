/// Whitespace trimming without Foundation's NSString bridge, which dominated scan profiles.
extension Substring {
    /// The text without leading and trailing whitespace (Unicode White_Space incl. U+3000, BOM, ZWSP).
    func trimmedWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !TextNormalizer.isSpace($0) }),
              let last = scalars.lastIndex(where: { !TextNormalizer.isSpace($0) }) else { return "" }
        // Scalar indices are valid string indices: slice the text, do not rebuild it scalar by scalar.
        return String(self[first..<scalars.index(after: last)])
    }
}

/// The same trimming for whole strings.
extension String {
    /// The text without leading and trailing whitespace (Unicode White_Space, incl. U+3000).
    func trimmedWhitespace() -> String { self[...].trimmedWhitespace() }
}
