import Foundation

/// A Ghost post's body when its export holds no `html`: the editor's own document, Lexical
/// (Ghost 5) or Mobiledoc (Ghost 1–4), whose image, gallery, product, audio, HTML and Markdown
/// cards are turned into the HTML Ghost renders for them, so the same rules read both. Exports
/// written by migration tools often carry only these.
enum GhostDocument {
    /// The HTML of the `lexical` JSON string, or nil when it is not one.
    static func html(lexical: String) -> String? {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(lexical.utf8))) as? [String: Any],
              let top = root["root"] as? [String: Any] else { return nil }
        var html = ""
        func walk(_ node: [String: Any]) {
            let type = node["type"] as? String ?? ""
            if let card = card(type, node) { return html += card }
            switch type {
            case "text": html += HTMLEscaping.escape((node["text"] as? String) ?? "")
            default:
                let block = ["paragraph", "heading", "quote"].contains(node["type"] as? String ?? "")
                if block { html += "<p>" }
                for child in (node["children"] as? [[String: Any]]) ?? [] { walk(child) }
                if block { html += "</p>" }
            }
        }
        walk(top)
        return html
    }

    /// The HTML of the `mobiledoc` JSON string's cards, or nil when it is not one.
    static func html(mobiledoc: String) -> String? {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(mobiledoc.utf8))) as? [String: Any],
              let cards = root["cards"] as? [[Any]] else { return nil }
        var html = ""
        for card in cards {
            guard let name = card.first as? String, let payload = card.dropFirst().first as? [String: Any] else { continue }
            html += Self.card(name, payload) ?? ""
        }
        return html
    }

    /// The HTML Ghost renders for a card of either editor (the same names and fields in both);
    /// nil for a node that is no card of these kinds (Lexical's text and blocks).
    private static func card(_ type: String, _ payload: [String: Any]) -> String? {
        switch type {
        case "image": return figure([payload], caption: payload["caption"] as? String)
        case "gallery": return figure((payload["images"] as? [[String: Any]]) ?? [], caption: payload["caption"] as? String)
        case "html": return (payload["html"] as? String) ?? ""
        case "markdown", "card-markdown": return MarkdownBody.html(from: ((payload["markdown"] as? String) ?? "")[...])
        case "product":
            // The product's picture above its title (`kg-product-card-image`), as Ghost renders it.
            var html = "<div class=\"kg-card kg-product-card\"><div class=\"kg-product-card-container\">"
            if let src = payload["productImageSrc"] as? String, !src.isEmpty {
                html += "<img src=\"\(HTMLEscaping.escape(src))\" class=\"kg-product-card-image\">"
            }
            let title = (payload["productTitle"] as? String) ?? ""
            return html + "<div class=\"kg-product-card-title-container\"><h4 class=\"kg-product-card-title\">\(title)</h4></div></div></div>"
        case "audio":
            // The episode's artwork beside the player; without one Ghost hides an empty `<img>`.
            guard let src = payload["thumbnailSrc"] as? String, !src.isEmpty else { return "" }
            return "<div class=\"kg-card kg-audio-card\"><img src=\"\(HTMLEscaping.escape(src))\" alt=\"audio-thumbnail\" class=\"kg-audio-thumbnail\"></div>"
        default: return nil
        }
    }

    /// A Ghost image or gallery card: one `kg-card` figure, the caption (HTML) under its last image.
    private static func figure(_ images: [[String: Any]], caption: String?) -> String {
        let pictures = images.compactMap { image -> String? in
            guard let src = image["src"] as? String, !src.isEmpty else { return nil }
            return "<img src=\"\(HTMLEscaping.escape(src))\" alt=\"\(HTMLEscaping.escape((image["alt"] as? String) ?? ""))\">"
        }
        guard !pictures.isEmpty else { return "" }
        let kind = images.count > 1 ? "kg-gallery-card" : "kg-image-card"
        var html = "<figure class=\"kg-card \(kind)\">" + pictures.joined()
        if let caption, !caption.isEmpty { html += "<figcaption>\(caption)</figcaption>" }
        return html + "</figure>"
    }
}
