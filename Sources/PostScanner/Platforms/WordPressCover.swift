import Foundation

/// Gutenberg's cover block shows its picture as a CSS background: `<div role="img"
/// class="wp-block-cover__image-background" style="background-image:url(…)">` (a fixed or
/// repeated background; older WordPress wrote every cover so, on the block's own `div`). The
/// picture is the post's as much as an `<img>` is, so an `<img>` of it is put first inside.
enum WordPressCover {
    /// `html` with an `<img>` of each cover block's background picture.
    static func expand(_ html: String) -> String {
        guard html.containsBytes("wp-block-cover"), html.containsBytes("background-image") else { return html }
        var out = ""
        var last = html.startIndex
        for match in html.matches(of: openingTag) {
            let attributes = String(match.2)
            guard attributes.contains("wp-block-cover"),
                  let style = SitePaths.attributeValues("style", in: attributes).first,
                  let picture = style.firstMatch(of: backgroundImage) else { continue }
            let url = String(picture.1).replacingOccurrences(of: "&quot;", with: "").trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
            guard !url.isEmpty else { continue }
            out += html[last..<match.range.upperBound]
            out += "<img src=\"\(HTMLEscaping.escape(url))\" alt=\"\" class=\"wp-block-cover__image\">"
            last = match.range.upperBound
        }
        return last == html.startIndex ? html : out + html[last...]
    }

    /// An opening `div` or `span` and its attributes.
    nonisolated(unsafe) static let openingTag = /<(div|span)(\s[^<>]*)>/
    /// `background-image: url(…)` in a style attribute.
    nonisolated(unsafe) static let backgroundImage = /background-image\s*:\s*url\(\s*([^)]+?)\s*\)/
}
