import Foundation
import Yams

extension SiteMarkup {
    /// A `{% figure PATH [class] %}caption{% endfigure %}` block: the path its arguments name, the
    /// body's text as the caption, and where the block ends; nil when no argument names an image.
    func figureBlock(_ args: (named: [String: String], positional: [String]), from end: Int) -> (path: String, caption: String?, end: Int)? {
        guard let path = args.positional.first(where: { SitePaths.namesImage($0) }),
              let block = blockBody(endTag: "endfigure", open: "{%", close: "%}", from: end) else { return nil }
        let caption = Self.plainText(block.body)
        return (path, caption.isEmpty ? nil : caption, block.end)
    }

    /// The pictures of a `{% gallery %}…{% endgallery %}` block whose lines are `src="…" alt="…"`
    /// attributes, and where the block ends; nil for a block of other lines (Markdown images).
    func attributeLineGallery(from end: Int) -> (pictures: [(src: String, alt: String?)], end: Int)? {
        guard let block = blockBody(endTag: "endgallery", open: "{%", close: "%}", from: end) else { return nil }
        let lines = block.body.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty, lines.allSatisfy({ $0.hasPrefix("src=") }) else { return nil }
        let pictures = lines.compactMap { line in
            SitePaths.attributeValues("src", in: line).first.map { (src: $0, alt: SitePaths.attributeValues("alt", in: line).first) }
        }
        return pictures.isEmpty ? nil : (pictures, block.end)
    }

    /// Minimal Mistakes' `{% include gallery id=… caption=… %}`: the front-matter array `id`
    /// (default `gallery`) of `{image_path, url, alt, title}` as one figure; the caption belongs
    /// to the gallery (its last image), and a `url` that is an image file is the full-size picture.
    /// The older themes' form (So Simple, HPSTR): `images=NAME` names a `{% capture NAME %}`
    /// listing one path per line.
    func gallery(id: String, caption: String?, captured: String? = nil) -> String {
        var html = "<figure class=\"gallery\">"
        let items = captured.map { list in
            list.split(whereSeparator: \.isWhitespace).map { ["image_path": String($0)] }
        } ?? frontMatterMappings(id)
        for item in items {
            guard let src = item["image_path"] ?? item["url"] else { continue }
            html += "<img src=\"\(HTMLEscaping.escape(src))\" alt=\"\(HTMLEscaping.escape(item["alt"] ?? ""))\""
            if let full = item["url"], full != src, SitePaths.isImageName(full) { html += " data-original=\"\(HTMLEscaping.escape(full))\"" }
            html += ">"
        }
        if let caption, !caption.isEmpty { html += "<figcaption>\(HTMLEscaping.escape(Self.plainText(caption)))</figcaption>" }
        return html + "</figure>"
    }

    /// The scalar fields (keys lower-cased) of each mapping in the front-matter sequence `key`
    /// (a Jekyll gallery's items, Hugo's page `resources`).
    func frontMatterMappings(_ key: String) -> [[String: String]] {
        guard !frontMatter.isEmpty, let node = try? Yams.compose(yaml: String(frontMatter)),
              let sequence = node.mapping?[Node(key)]?.sequence else { return [] }
        return sequence.compactMap { element in
            guard let mapping = element.mapping else { return nil }
            var fields: [String: String] = [:]
            for (key, value) in mapping {
                if let name = key.scalar?.string, let text = value.scalar?.string { fields[name.lowercased()] = text }
            }
            return fields
        }
    }
}
