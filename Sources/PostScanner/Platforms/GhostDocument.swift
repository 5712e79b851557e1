import Foundation

/// A Ghost post's body when its export holds no `html`: the editor's own document, Lexical
/// (Ghost 5) or Mobiledoc (Ghost 1–4), whose image, gallery, HTML and Markdown cards are turned
/// into the HTML Ghost renders for them. Exports written by migration tools often carry only these.
enum GhostDocument {
    /// The HTML of the `lexical` JSON string, or nil when it is not one.
    static func html(lexical: String) -> String? {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(lexical.utf8))) as? [String: Any],
              let top = root["root"] as? [String: Any] else { return nil }
        var html = ""
        func walk(_ node: [String: Any]) {
            switch node["type"] as? String {
            case "image": html += figure([node], caption: node["caption"] as? String)
            case "gallery": html += figure((node["images"] as? [[String: Any]]) ?? [], caption: node["caption"] as? String)
            case "html": html += (node["html"] as? String) ?? ""
            case "markdown": html += MarkdownBody.html(from: ((node["markdown"] as? String) ?? "")[...])
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
            switch name {
            case "image": html += figure([payload], caption: payload["caption"] as? String)
            case "gallery": html += figure((payload["images"] as? [[String: Any]]) ?? [], caption: payload["caption"] as? String)
            case "html": html += (payload["html"] as? String) ?? ""
            case "markdown", "card-markdown": html += MarkdownBody.html(from: ((payload["markdown"] as? String) ?? "")[...])
            default: break
            }
        }
        return html
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
