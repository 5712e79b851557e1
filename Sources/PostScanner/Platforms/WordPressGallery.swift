import Foundation

/// WordPress's classic `[gallery]` shortcode (also Jetpack's tiled and slideshow galleries,
/// which use it): the post's HTML names no image, only attachment ids (`ids="12,34"`) or none
/// at all (every image attached to the post). In an export the attachments are items of their
/// own, so the gallery becomes the figures WordPress renders, each captioned by its
/// attachment's caption (`excerpt:encoded`).
enum WordPressGallery {
    /// An uploaded file of the export.
    struct Attachment: Sendable, Equatable {
        /// `wp:attachment_url`.
        var url: String
        /// `excerpt:encoded`: the caption WordPress shows under the image (HTML), or "".
        var caption: String
        /// `wp:post_parent`: the post the file was uploaded to.
        var parent: Int?
        /// `wp:menu_order`, by which a gallery of a post's attachments is ordered.
        var order: Int
    }

    /// `html` with every `[gallery …]` replaced by its images as `<figure>`s; unchanged when it has none.
    static func expand(_ html: String, postID: Int?, attachments: [Int: Attachment]) -> String {
        guard html.contains("[gallery") else { return html }
        var out = ""
        var rest = Substring(html)
        while let open = rest.range(of: "[gallery"), let close = rest[open.upperBound...].firstIndex(of: "]") {
            let head = rest[open.upperBound..<close]
            // `[gallery_x]` or `[galleryfoo]` is another shortcode.
            guard head.first.map({ $0 == " " || $0 == "\t" }) ?? true else {
                out += rest[..<open.upperBound]
                rest = rest[open.upperBound...]
                continue
            }
            out += rest[..<open.lowerBound]
            out += figures(images(attributes: String(head), postID: postID, attachments: attachments))
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The attachments a gallery shows: `ids` (or `include`) in that order, else the post's own
    /// attached images by `menu_order`, then id; `exclude` removes some.
    static func images(attributes: String, postID: Int?, attachments: [Int: Attachment]) -> [Attachment] {
        let named = SiteMarkup.arguments(attributes.replacingOccurrences(of: "&quot;", with: "\"")).named
        func ids(_ key: String) -> [Int] {
            (named[key] ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        let excluded = Set(ids("exclude"))
        let listed = ids("ids").isEmpty ? ids("include") : ids("ids")
        let chosen: [Int]
        if !listed.isEmpty {
            chosen = listed
        } else {
            // `id="N"` shows another post's attachments.
            let owner = named["id"].flatMap { Int($0) } ?? postID
            chosen = attachments.filter { $0.value.parent == owner && owner != nil }
                .sorted { ($0.value.order, $0.key) < ($1.value.order, $1.key) }.map(\.key)
        }
        return chosen.filter { !excluded.contains($0) }.compactMap { attachments[$0] }.filter { SitePaths.namesImage($0.url) }
    }

    /// The figures WordPress renders for a gallery (`gallery-item` figures, captions in `<figcaption>`).
    private static func figures(_ images: [Attachment]) -> String {
        images.map { image in
            let caption = image.caption.trimmedWhitespace().isEmpty ? "" : "<figcaption class=\"wp-caption-text gallery-caption\">\(image.caption)</figcaption>"
            return "<figure class=\"wp-caption gallery-item\"><img src=\"\(HTMLEscaping.escape(image.url))\" alt=\"\">\(caption)</figure>"
        }.joined()
    }
}
