import CGumbo

/// Caption evidence that publishing platforms write in their own way: figures whose caption
/// can only be their `<figcaption>`, caption attributes, and a bold label naming the image.
enum PlatformCaption {
    /// Figure classes of platforms that always write a caption as the figure's `<figcaption>`
    /// (Medium `graf--figure`, Ghost `kg-card`, Gutenberg `wp-block-image`, WordPress
    /// `wp-caption`): without one the image has no caption, and the next paragraph is body text.
    static let captionedFigureClasses = ["graf--figure", "kg-card", "kg-image-card", "kg-gallery-card", "wp-block-image", "wp-caption"]

    /// Attributes in which a platform writes the caption of an image it shows without one:
    /// HuffPost/AOL `data-caption`, Jetpack `data-image-caption` (HTML, `<p>…</p>`).
    static let captionAttributes = ["data-caption", "data-image-caption"]

    /// True when the figure belongs to a platform that puts captions only in `<figcaption>`.
    static func figureOwnsCaption(_ figure: HTMLNode) -> Bool {
        guard let classes = figure.attribute("class"), !classes.isEmpty else { return false }
        return classes.split(separator: " ").contains { name in captionedFigureClasses.contains { name.hasPrefix($0) } }
    }

    /// The caption of a gallery of figures (Gutenberg `figure.wp-block-gallery` holding one
    /// `figure.wp-block-image` per image, then its own `figcaption`) for the gallery's last
    /// image (the caller's: `figure` holds it last), whose own figure has no caption: one caption
    /// for several images belongs to the last.
    static func galleryCaption(around figure: HTMLNode) -> String? {
        guard figureOwnsCaption(figure), let gallery = figure.parent.flatMap({ $0.tag == "figure" ? $0 : nil }) else { return nil }
        // The gallery is its figures, then its caption; the figure just before it holds the last
        // image. Anything else among them (a picture, body text) is an unclosed `<figure>` holding
        // what followed it, whose caption is not a gallery's.
        var lastFigure: HTMLNode? = nil
        var child = gallery.firstChild
        while let node = child, !node.isElement(GUMBO_TAG_FIGCAPTION) {
            if node.isElement(GUMBO_TAG_FIGURE) {
                lastFigure = node
            } else if node.isElement || node.hasVisibleText {
                return nil
            }
            child = node.nextSibling
        }
        guard let caption = child, lastFigure == figure else { return nil }
        let text = TextNormalizer.visibleText(caption)
        return text.isEmpty ? nil : text
    }

    /// The caption an attribute declares, tags stripped; nil when there is none.
    static func declared(_ img: HTMLNode) -> String? {
        for name in captionAttributes {
            guard let value = img.attribute(name) else { continue }
            let text = TextNormalizer.normalize(stripTags(value))
            if !text.isEmpty { return text }
        }
        return nil
    }

    /// The alt, when the bold line right above the image says the same (`<p><b>Mommy Shorts:</b></p>`
    /// above an image whose alt is `Mommy Shorts`): the label names the picture, so it is its caption.
    static func labelAbove(_ finder: CaptionFinder, img: HTMLNode, alt: String?, nothingBelow: Bool) -> String? {
        guard nothingBelow, let alt, !alt.isEmpty, let block = finder.captionAbove(img, centred: false),
              !finder.used.contains(block) else { return nil }
        let label = TextNormalizer.visibleText(block).trimmedWhitespace()
        let core = label.hasSuffix(":") || label.hasSuffix("：") ? String(label.dropLast()).trimmedWhitespace() : label
        guard core == alt else { return nil }
        return finder.accept(alt)
    }

    /// The text of an HTML fragment without its tags.
    static func stripTags(_ html: String) -> String {
        guard html.contains("<") else { return html }
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true; out.append(" ") } else if character == ">" { inTag = false } else if !inTag { out.append(character) }
        }
        return out
    }
}
