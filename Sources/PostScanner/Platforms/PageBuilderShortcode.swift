import Foundation

/// Page builders' image modules written as WordPress shortcodes, which the builder's theme renders
/// as `<img>`: Divi's `[et_pb_image src=…]`, `[et_pb_fullwidth_image src=…]` and the picture of
/// `[et_pb_blurb image=…]`. A post built with Divi keeps its whole layout as such shortcodes, in
/// WXR exports and in the Markdown that WordPress-to-Jekyll/Hugo exporters write from them.
enum PageBuilderShortcode {
    /// `html` with each image module replaced by the `<img>` the builder renders for it.
    static func expand(_ html: String) -> String {
        guard html.containsBytes("[et_pb_") else { return html }
        var out = ""
        var last = html.startIndex
        for match in html.matches(of: imageModule) {
            // Markdown renderers escape the quotes of text they do not know as markup.
            let attributes = String(match.2).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#34;", with: "\"")
            let key = match.1 == "et_pb_blurb" ? "image" : "src"
            guard let src = SitePaths.attributeValues(key, in: attributes).first, !src.isEmpty else { continue }
            let alt = SitePaths.attributeValues("alt", in: attributes).first ?? ""
            out += html[last..<match.range.lowerBound]
            out += "<img src=\"\(HTMLEscaping.escape(src))\" alt=\"\(HTMLEscaping.escape(alt))\" class=\"et_pb_image\">"
            last = match.range.upperBound
        }
        return last == html.startIndex ? html : out + html[last...]
    }

    /// An opening image module and its attributes (up to the `]` or `/]` that ends it).
    nonisolated(unsafe) static let imageModule = /\[(et_pb_image|et_pb_fullwidth_image|et_pb_blurb)\s([^\]]*)\]/
}
