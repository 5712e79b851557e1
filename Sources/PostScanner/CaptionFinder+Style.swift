import CGumbo
import Foundation

/// The styling side of the caption rules: centred lines, muted (grey) text, bold lines.
extension CaptionFinder {
    /// Centred by its own alignment, by being `<center>`, or by a wrapper that also holds the
    /// image (`<div align=center><p><img></p><p>caption</p></div>`); the nearest explicit
    /// alignment wins, as in a browser (`<p align=left>` inside a centred div is left-aligned).
    func isCentred(_ block: HTMLNode, img: HTMLNode) -> Bool {
        if let own = Self.alignment(block) { return own == "center" }
        var current = block.parent
        while let wrapper = current, !wrapper.isElement(GUMBO_TAG_BODY), img.isInside(wrapper) {
            if let inherited = Self.alignment(wrapper) { return inherited == "center" }
            current = wrapper.parent
        }
        return false
    }

    /// The element's own horizontal alignment: CSS `text-align` beats the `align` attribute
    /// (a presentational hint), as browsers apply them; `<center>` is centre.
    static func alignment(_ node: HTMLNode) -> String? {
        if let style = node.attribute("style"), let value = styleValue(style, "text-align"), !value.isEmpty {
            return value == "middle" ? "center" : value
        }
        if let align = node.attribute("align")?.lowercased(), !align.isEmpty { return align == "middle" ? "center" : align }
        return node.isElement(GUMBO_TAG_CENTER) ? "center" : nil
    }

    /// True when every visible character of `block` is bold (`<strong>`, `<b>`, a heading or font-weight).
    func isAllBold(_ block: HTMLNode) -> Bool {
        allText(of: block, isInside: Self.isBold)
    }

    /// True when the block's first words are a bold label (`<strong>附：</strong>2021年10月MPV销量排行榜`):
    /// a title set apart as an all-bold line is.
    func opensWithBoldLabel(_ block: HTMLNode) -> Bool {
        guard let first = block.first(where: { $0.hasVisibleText }) else { return false }
        let label = TextNormalizer.visibleText(first)
        return (label.hasSuffix("：") || label.hasSuffix(":")) && Self.text(first, decidedBy: { Self.isBold($0) ? true : nil }, below: block, including: true)
    }

    /// True when `block` has visible text and every visible text node has an ancestor (up to
    /// `block` itself) that satisfies `predicate`.
    func allText(of block: HTMLNode, isInside predicate: (HTMLNode) -> Bool) -> Bool {
        allText(of: block, decidedBy: { predicate($0) ? true : nil })
    }

    /// True when `block` has visible text and, for every visible text node, the nearest ancestor
    /// (up to `block` itself) that `verdict` decides on says true.
    func allText(of block: HTMLNode, decidedBy verdict: (HTMLNode) -> Bool?) -> Bool {
        var sawText = false
        var all = true
        block.walk { node in
            guard all, node.hasVisibleText else { return }
            sawText = true
            if !Self.text(node, decidedBy: verdict, below: block, including: true) { all = false }
        }
        return sawText && all
    }

    /// The verdict of the nearest element between `text` and `limit` (including `limit` when
    /// asked) that `verdict` decides on; false when none does.
    static func text(_ text: HTMLNode, decidedBy verdict: (HTMLNode) -> Bool?, below limit: HTMLNode, including: Bool = false) -> Bool {
        var current = text.parent
        while let element = current {
            if element == limit { return including ? verdict(element) ?? false : false }
            if let decided = verdict(element) { return decided }
            current = element.parent
        }
        return false
    }

    /// Tags that make their text bold.
    static let boldTags = TagSet(["strong", "b", "h1", "h2", "h3", "h4", "h5", "h6"])
    /// Tags that set a caption apart by their look.
    static let captionStyleTags = TagSet(["em", "i", "small", "sub", "cite", "figcaption"])

    /// Bold markup: `<strong>`, `<b>`, headings, or a bold `font-weight`.
    static func isBold(_ element: HTMLNode) -> Bool {
        if boldTags.contains(element) { return true }
        if let style = element.attribute("style"), let weight = styleValue(style, "font-weight") {
            return weight == "bold" || weight == "bolder" || (Int(weight) ?? 0) >= 600
        }
        return false
    }

    /// Whether markup sets its text apart as a caption: true for italic/small/cite, a caption
    /// class, a grey colour; false for another colour (the nearest colour is the one the reader
    /// sees: body text pasted as black inside a grey span is black); nil when it says nothing.
    static func captionStyle(_ element: HTMLNode) -> Bool? {
        if captionStyleTags.contains(element) || hasCaptionClass(element) || namesPictureText(element) { return true }
        // Italics set by the style attribute (极客公园's `<span style="font-style: italic;">`), as `<em>` is.
        if let style = element.attribute("style"), style.containsBytes("italic"), styleValue(style, "font-style") == "italic" { return true }
        return textColor(element).map(isMuted)
    }

    /// True for a Markdown paragraph given a caption class by kramdown's `{:.figcaption}`, left
    /// as a marker at its end (`SiteMarkup.captionClassMarker`).
    static func hasCaptionClassMarker(_ element: HTMLNode) -> Bool {
        guard element.isElement(GUMBO_TAG_P) else { return false }
        // From the end, past the line break's text: only the paragraph's last element is read.
        var node = element.lastChild
        while let current = node, !current.isElement {
            if current.hasVisibleText { return false }
            node = current.previousSibling
        }
        return node?.hasAttribute(SiteMarkup.captionClassMarker) == true
    }

    /// True when the element's class names a caption (`wp-caption-text`, `image-caption`, ...).
    static func hasCaptionClass(_ element: HTMLNode) -> Bool {
        guard let classes = element.attribute("class"), !classes.isEmpty else { return hasCaptionClassMarker(element) }
        let lower = classes.lowercased()
        // Themes also abbreviate: Karpathy's `thecap`, `figcap`.
        return lower.contains("caption") || lower.split(separator: " ").contains { $0.count > 3 && $0.hasSuffix("cap") }
    }

    /// True when a class names both a picture and its text: news sites name the line under a
    /// picture so (`img_descr` at Sina, `image-desc`, `pic-txt`, `photo-credit`, `imgtitle`).
    /// Weaker than a caption class (a media block's text column may be named so too), so
    /// callers bound the text's length.
    static func namesPictureText(_ element: HTMLNode) -> Bool {
        guard let classes = element.attribute("class"), !classes.isEmpty else { return false }
        return classes.lowercased().split(separator: " ").contains { name in
            let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" })
            let joined = words.count == 1 ? String(name) : nil
            let pictured = words.contains { pictureWords.contains(String($0)) } || joined.map { word in pictureWords.contains { word.hasPrefix($0) } } == true
            let texted = words.contains { captionWords.contains(String($0)) } || joined.map { word in captionWords.contains { word.hasSuffix($0) } } == true
            return pictured && texted
        }
    }

    /// True when a class names text (`common-desc`, `img-note`): of a figure holding text alone,
    /// its caption.
    static func namesText(_ element: HTMLNode) -> Bool {
        guard let classes = element.attribute("class"), !classes.isEmpty else { return false }
        return classes.lowercased().split(separator: " ").contains { name in
            name.split(whereSeparator: { $0 == "-" || $0 == "_" }).contains { captionWords.contains(String($0)) }
        }
    }

    /// True when a class names a control of the site around a picture (`image-info-icons`,
    /// `share-btn`, `toolbar`): its words (`收藏`, "Save", "Share") are buttons, not a caption.
    static func isControl(_ element: HTMLNode) -> Bool {
        guard let classes = element.attribute("class"), !classes.isEmpty else { return false }
        return classes.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).contains { controlWords.contains(String($0)) }
    }

    /// Words of a class name that mean a control (a button, an icon, a toolbar).
    static let controlWords: Set<String> = ["icon", "icons", "btn", "button", "buttons", "toolbar", "share", "actions", "collect",
                                            "collection", "like", "likes", "vote"]

    /// Words of a class name that mean a picture.
    static let pictureWords = ["img", "image", "pic", "picture", "photo", "figure", "fig"]
    /// Words of a class name that, beside a picture word, mean the text about it.
    static let captionWords = ["desc", "descr", "description", "text", "txt", "note", "info", "intro", "credit", "title", "source", "legend"]

    /// The text colour an element sets, by `style="color:…"` or `<font color>`, lower-cased.
    static func textColor(_ node: HTMLNode) -> String? {
        var color: String? = nil
        if let style = node.attribute("style") { color = styleValue(style, "color") }
        if color == nil, node.isElement(GUMBO_TAG_FONT) { color = node.attribute("color")?.lowercased() }
        return color.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A grey colour: equal RGB channels between 0x60 and 0xCC (darker greys, `#585858`, are
    /// the body text colour of many sites), or a grey colour name.
    static func isMuted(_ color: String) -> Bool {
        if ["gray", "grey", "darkgray", "darkgrey", "dimgray", "dimgrey", "silver", "slategray", "lightslategray"].contains(color) { return true }
        var channels: [Int] = []
        if color.hasPrefix("#") {
            let hex = Array(color.dropFirst())
            if hex.count == 3 { channels = hex.compactMap { Int(String([$0, $0]), radix: 16) } }
            if hex.count == 6 { channels = stride(from: 0, to: 6, by: 2).compactMap { Int(String(hex[$0...$0 + 1]), radix: 16) } }
        } else if color.hasPrefix("rgb") {
            let inside = color.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }
            channels = inside.split(separator: ",").prefix(3).compactMap { Int($0.trimmedWhitespace()) }
        }
        guard channels.count == 3, let first = channels.first else { return false }
        return channels.allSatisfy { abs($0 - first) <= 8 } && (0x60...0xCC).contains(first)
    }

    /// The lower-cased value of `property` in an inline style (`color` never matches `background-color`).
    /// Declarations are split on bytes: this runs for every styled element near an image.
    static func styleValue(_ style: String, _ property: String) -> String? {
        var style = style
        return style.withUTF8 { bytes -> String? in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
                defer { start = end + 1 }
                var colon = start
                while colon < end, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
                guard colon < end else { continue }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<colon]), as: UTF8.self)
                guard name.trimmedWhitespace().lowercased() == property else { continue }
                var value = String(decoding: UnsafeBufferPointer(rebasing: bytes[(colon + 1)..<end]), as: UTF8.self)
                    .trimmedWhitespace().lowercased()
                var search = value.startIndex
                while let bang = value[search...].utf8.firstIndex(of: UInt8(ascii: "!")) {
                    if value.utf8[bang...].starts(with: "!important".utf8) {
                        value = String(value[..<bang]).trimmedWhitespace()
                        break
                    }
                    search = value.utf8.index(after: bang)
                }
                return value
            }
            return nil
        }
    }
}
