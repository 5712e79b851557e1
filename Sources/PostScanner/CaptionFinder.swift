import CGumbo
import Foundation

/// Decides the visible caption of each image from the HTML around it (see README, "Caption rules").
struct CaptionFinder {
    /// Elements that start a new line of layout; everything else is inline and transparent.
    static let blockTags = TagSet([
        "p", "div", "figure", "figcaption", "li", "ul", "ol", "td", "th", "tr", "table", "tbody", "thead",
        "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "body",
        "html", "center", "dir", "pre", "hr", "dl", "dd", "dt", "main", "aside", "nav", "details", "summary",
    ])
    /// Embedded media: content that a caption below cannot skip over.
    static let mediaTags = TagSet(ImageCollector.ampImageNames.union([
        "img", "iframe", "video", "embed", "object", "audio", "picture", "svg", "canvas", "amp-video", "amp-iframe", "amp-youtube",
    ]))
    /// Blocks that may hold a caption below an image (WeChat articles lay out with `<section>`).
    static let captionBlockTags = TagSet(["p", "div", "center", "section"])
    /// Texts that are never captions, compared after normalisation and lower-casing.
    static let genericTexts: Set<String> = ["点击查看大图", "查看大图", "点击放大", "点击图片查看大图", "image", "img",
                                            "picture", "photo", "图片", "图", "大图", "screenshot", "untitled",
                                            "alt text", "alternate text", "alternative text", "image description", "alt", "png", "jpg", "jpeg", "gif", "webp", "svg", "placeholder",
                                            "enter image description here", "在这里插入图片描述", "请在此添加图片描述"]

    /// Longest left-aligned grey paragraph still taken as a caption (characters).
    static let maxMutedCaptionLength = 80

    /// Longest centred paragraph still taken as a caption: longer centred text is body text.
    static let maxCentredCaptionLength = 200
    /// Longest centred paragraph set all in caption style (italic, small) still taken as a caption.
    static let maxCentredStyledCaptionLength = 480
    /// Widest text on an image's own line still taken as its caption, in columns (a CJK
    /// character is two): ~300 letters or ~150 CJK characters; wider is the paragraph's body.
    static let maxLineCaptionColumns = 300

    /// The text's width in columns: two for characters outside Latin and other narrow scripts.
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value < 0x1100 ? 1 : 2) }
    }

    /// Openings that mark a short line as a caption wherever it is aligned (`▲现场画面`, `图源：…`, `图 | …`,
    /// `圖片來源`, Japanese `写真：`/`出典：`).
    static let captionMarkers = pointingMarkers + ["图：", "图:", "图为", "图片来源", "图源", "（图", "(图", "图/", "图|", "图 |", "图｜", "图 ｜",
                                 "圖：", "圖:", "圖為", "圖片來源", "圖源", "（圖", "(圖", "写真：", "写真:", "出典：", "出典:", "画像：", "画像:",
                                 // Chinese news credits: `供图/北京市盲人学校`, `摄影：张三`, `图片来自网络`, `资料图`.
                                 "供图", "供圖", "摄影：", "摄影:", "攝影：", "攝影:", "摄影 |", "摄影|", "摄影｜", "图片来自", "圖片來自", "资料图", "資料圖"]
    /// Closing words of a Chinese news credit (`受访者供图`, `新华社记者 李贺 摄`), in brackets or not,
    /// reversed as UTF-8 bytes: compared from the end of a text, with no copy of it.
    static let creditClosings: [[UInt8]] = ["供图", "供圖", " 摄", " 攝", "　摄", "/图", "/圖"].flatMap { [$0, $0 + "）", $0 + ")"] }.map { Array($0.utf8.reversed()) }

    /// True when `text` closes with a news credit (`creditClosings`).
    static func endsWithCreditClosing(_ text: String) -> Bool {
        creditClosings.contains { text.utf8.reversed().starts(with: $0) }
    }
    /// Credit-line openings in Latin scripts, compared in lower case (`Photo: Jane Doe/Reuters`,
    /// `Image courtesy of …`, `Foto: dpa`, French `Photo : …`).
    static let creditOpenings = ["photo:", "photo :", "photo by ", "photos:", "photo credit", "photograph:", "photograph by ",
                                 "photography:", "image:", "image :", "image by ", "image credit", "image courtesy", "image source",
                                 "images:", "picture:", "pictured:", "credit:", "credits:", "source:", "source :", "illustration:",
                                 "illustration by ", "courtesy of ", "foto:", "fotos:", "bild:", "crédit", "crédits", "imagen:"]

    /// Openings that point at the picture or number it (`▲`, `△`, `Fig. 1`, `图2`): a paragraph under
    /// a picture that opens so is its caption even when long (a figure's explanation and source).
    static func opensAsFigureLabel(_ text: String) -> Bool {
        pointingMarkers.contains { text.utf8.starts(with: $0.utf8) } || opensWithFigureNumber(text)
    }
    /// Marks that point at the picture above.
    static let pointingMarkers = ["▲", "△", "↑"]

    /// Longest paragraph under a picture taken as its caption when it opens as a figure label.
    static let maxLabelledCaptionLength = 500

    /// Openings of notices that sit under a picture without being about it (a deal post's
    /// advertising disclaimer), compared in lower case.
    static let noticeOpenings = ["【广告】", "[广告]", "广告：", "【廣告】", "advertisement", "sponsored content", "[ad]",
                                 // The article's own notices: its licence, source and translation (`本文为…原创，著作权归…`, `原文：https://…`).
                                 "本文", "原文：", "原文:", "原文链接", "原文地址", "转载", "轉載", "版权声明", "版權聲明", "著作权", "著作權",
                                 // A report's or a page's disclaimer (游戏葡萄's `说明：本报告为 App Growing 制作…`).
                                 "说明：本报告", "說明：本報告", "免责声明", "免責聲明", "声明：", "聲明："]
    /// Notice openings that credit the pictures instead (`本文图片来自网络`): a caption.
    static let pictureCreditOpenings = ["本文图", "本文配图", "本文题图", "本文圖"]
    /// The first bytes of `noticeOpenings` (ASCII lower-cased): most texts are passed over on their first byte.
    static let noticeFirstBytes = Set(noticeOpenings.compactMap(\.utf8.first).map { $0 < 0x80 ? $0 | 0x20 : $0 })

    /// Closing credits that make a short line under a picture its caption (`…手机（图源微博）`).
    static let creditEndings = ["（图源", "（图片来源", "（图：", "（图/", "(图源", "(图片来源", "（圖源", "（圖片來源"]
    /// A bracketed source that is a caption only when it is the whole line (`（来源：DeepMind）`):
    /// at the end of a sentence it credits the text.
    static let sourceEndings = ["（来源：", "(来源：", "（來源：", "(來源："]
    /// Longest text before a closing picture credit for the line to be a caption (a short title;
    /// a news sentence that ends with the credit is body text).
    static let maxTextBeforeCredit = 30

    /// True when `text` opens with a caption marker, a credit-line opening or a figure number,
    /// or ends with a credit in brackets.
    static func hasCaptionMarker(_ text: String) -> Bool {
        if captionMarkers.contains(where: { text.utf8.starts(with: $0.utf8) }) || opensWithFigureNumber(text) { return true }
        if endsWithCreditClosing(text) { return true }
        if text.hasSuffix("）") || text.hasSuffix(")"), let open = text.lastIndex(where: { $0 == "（" || $0 == "(" }) {
            let bracket = text[open...], before = text.distance(from: text.startIndex, to: open)
            if before <= maxTextBeforeCredit, creditEndings.contains(where: { bracket.hasPrefix($0) }) { return true }
            if before == 0, sourceEndings.contains(where: { bracket.hasPrefix($0) }) { return true }
        }
        let opening = text.prefix(20).lowercased()
        return creditOpenings.contains { opening.hasPrefix($0) }
    }

    /// Words that number a figure (`Figure 2:`, `Fig. 3.`, `图 1：`, `圖2`).
    static let figureWords = ["figure", "fig.", "fig", "abb.", "图", "圖"]

    /// True for `Figure 2: …`, `Fig. 3. …`, `图1 …`, `图 1：…`: a figure word, digits, then the
    /// end, punctuation or a space. `Figures` or `Fig` without a number is no label.
    static func opensWithFigureNumber(_ text: String) -> Bool {
        let lower = text.prefix(12).lowercased()
        guard let word = figureWords.first(where: { lower.hasPrefix($0) }) else { return false }
        var rest = lower.dropFirst(word.count)
        rest = rest.drop { $0 == " " || $0 == "\u{00A0}" }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        guard let next = rest.dropFirst(digits.count).first else { return true }
        return next == " " || ".:：、-—)）,，".contains(next)
    }

    /// The longest generic text in bytes: longer texts skip the lower-casing and the lookup.
    static let longestGenericText = genericTexts.map(\.utf8.count).max() ?? 0

    /// The post title: alt/caption text equal to it is not a caption.
    let title: String?
    /// True for a post its author wrote in a site's source tree: a meaningful `alt` of a raw
    /// HTML image is the caption there too (themes show it), unlike in bodies that came from feeds.
    var authorWritten = false
    /// Caption blocks already given to an image, so no block captions two images.
    var used: Set<HTMLNode> = []

    /// Creates a finder for one post.
    init(title: String?) {
        self.title = title.map(TextNormalizer.normalize)
    }

    /// The caption of `img`, or nil. Call in document order.
    mutating func caption(for img: HTMLNode) -> String? {
        // A figure too large to be one captioned picture is read as if it were not there.
        if let figure = ancestor(of: img, tag: "figure"), let facts = Self.figureFacts(figure) {
            // A caption the author passed to a figure tag is meant even when it repeats the title.
            if facts.lastImage == img, let caption = facts.caption, case let text = TextNormalizer.visibleText(caption), !text.isEmpty {
                // The last figure of a captioned gallery shows the gallery's caption under its own.
                let gallery = PlatformCaption.galleryCaption(around: figure).map { " " + $0 } ?? ""
                return accept(text + gallery, explicit: figure.hasAttribute(SiteMarkup.explicitCaptionMarker), shown: true)
            }
            // 少数派's rows of pictures keep their caption in the figure's `figcaption` attribute,
            // which its stylesheet shows under the row (a bare attribute is no caption).
            if facts.lastImage == img, facts.caption == nil, let text = figure.attribute("figcaption").map(TextNormalizer.normalize),
               let accepted = accept(text, shown: true) {
                return accepted
            }
            if facts.lastImage == img, let text = PlatformCaption.galleryCaption(around: figure) { return accept(text) }
            if facts.lastImage != img || PlatformCaption.figureOwnsCaption(figure) { return nil }
        }
        let isMarkdown = img.hasAttribute(MarkdownBody.markdownMarker)
        let alt = img.attribute("alt").map(TextNormalizer.normalize)
        let below = captionBelow(img, alt: alt)
        // Text under the picture captions it even when it repeats the post's title (北京天文馆
        // captions its picture with the title); a line above that repeats it is a heading.
        if let text = below.text, let accepted = accept(text, explicit: true, shown: below.shown) {
            guard let block = below.block else { return accepted }
            used.insert(block)
            if let (half, halfBlock) = secondHalf(after: block, first: accepted, img: img) ?? secondLine(after: block, img: img) {
                used.insert(halfBlock)
                return accepted + " " + half
            }
            return accepted
        }
        if below.nothingBelow, let block = captionAbove(img), !used.contains(block),
           let accepted = accept(TextNormalizer.visibleText(block)) {
            used.insert(block)
            return accepted
        }
        if let text = PlatformCaption.labelAbove(self, img: img, alt: alt, nothingBelow: below.nothingBelow) { return text }
        if let declared = PlatformCaption.declared(img), let text = accept(declared) { return text }
        if isMarkdown {
            // Markdown images have no surrounding markup: their title, else a meaningful alt. Themes
            // show the title through `markdownify` (Congo, Blowfish, LoveIt): `code` and emphasis marks go.
            if let title = img.attribute("title").map({ SiteMarkup.plainText(TextNormalizer.normalize($0)) }),
               !Self.namesOwnFile(title, img: img), let text = accept(title) { return text }
        }
        if isMarkdown || authorWritten, let alt = alt.map(Self.withoutSizeMarker), !Self.namesOwnFile(alt, img: img),
           alt.unicodeScalars.contains(where: \.properties.isAlphabetic), let text = accept(alt) { return text }
        return nil
    }

    /// The alt without the size MWeb writes into it (`![-w500](a.png)`, `![photo-c500](a.png)`):
    /// an instruction to the editor, not words about the picture. A number alone (`![1](a.png)`)
    /// is no caption either: the alt is read for words only.
    static func withoutSizeMarker(_ alt: String) -> String {
        // Bytes from the end: the digits, then `w` or `c`, then `-` (no regex, no copy for the
        // alts that do not end in a digit: nearly all).
        guard let last = alt.utf8.last, last >= 0x30, last <= 0x39 else { return alt }
        let bytes = Array(alt.utf8)
        var end = bytes.count
        while end > 0, bytes[end - 1] >= 0x30, bytes[end - 1] <= 0x39 { end -= 1 }
        let digits = bytes.count - end
        guard (2...4).contains(digits), end >= 2, bytes[end - 1] == UInt8(ascii: "w") || bytes[end - 1] == UInt8(ascii: "c"),
              bytes[end - 2] == UInt8(ascii: "-") else { return alt }
        return String(decoding: bytes[..<(end - 2)], as: UTF8.self).trimmedWhitespace()
    }

    /// Rejects empty and generic texts: `点击查看大图`, `image`, the post title, file names, lines
    /// of symbols alone (`● ● ●`, `* * *`: the ornaments WeChat's editors put between sections) and
    /// advertising notices. Text `shown` as the picture's caption (a `<figcaption>`, a caption
    /// class) is kept even when generic or a file name: it is what the reader sees under it.
    func accept(_ text: String, explicit: Bool = false, shown: Bool = false) -> String? {
        let text = TextNormalizer.normalize(text)
        if text.isEmpty || !text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) { return nil }
        if let first = text.utf8.first, Self.noticeFirstBytes.contains(first | (first < 0x80 ? 0x20 : 0)) {
            let opening = text.prefix(20).lowercased()
            // (`本文作者供图`: a notice's opening, then a picture credit's closing: a credit.)
            if Self.noticeOpenings.contains(where: { opening.hasPrefix($0) }), !Self.pictureCreditOpenings.contains(where: { opening.hasPrefix($0) }),
               !Self.endsWithCreditClosing(text) { return nil }
        }
        if let title, text == title, !explicit { return nil }
        // A slideshow's counter (机核's `<figcaption> (1/7) </figcaption>`) numbers the picture; it says nothing of it.
        if text.utf8.count <= 16, Self.isSlideCounter(text) { return nil }
        if shown { return text }
        
        if text.utf8.count <= Self.longestGenericText, Self.genericTexts.contains(text.lowercased()) { return nil }
        if looksLikeFileName(text) || Self.isEditorDefault(text) { return nil }
        return text
    }

    /// True for `1/7`, `(1/7)`, `（2 / 7）`: digits, a slash, digits, in brackets or not.
    static func isSlideCounter(_ text: String) -> Bool {
        let core = text.filter { !"()（） ".contains($0) }
        guard let slash = core.firstIndex(of: "/") else { return false }
        let (before, after) = (core[..<slash], core[core.index(after: slash)...])
        return !before.isEmpty && !after.isEmpty && before.allSatisfy(\.isASCIIDigit) && after.allSatisfy(\.isASCIIDigit)
    }

    /// True when `text` is the picture's own file name without its extension, copied as it is
    /// (`![](ros_turtle.png "ros_turtle")`, `![img56](img56.png)`): what an editor fills in, not
    /// words about the picture. A word written as a word (`![Boat](boat.png)`) stays.
    static func namesOwnFile(_ text: String, img: HTMLNode) -> Bool {
        guard let src = img.attribute("src"), text.utf8.count <= 120, !text.utf8.contains(0x20) else { return false }
        let stem = ImageURL.fileStem(of: src)
        // In any case: WordPress.com's exports title `torus1.jpeg` "Torus1".
        guard text.lowercased() == (String(stem).removingPercentEncoding ?? String(stem)).lowercased() else { return false }
        return text.contains { $0 == "_" || $0 == "-" || $0.isNumber } || text == text.lowercased()
    }

    /// True for an image file's name, spaces allowed: editors and exports (Typora, Notion, macOS
    /// screenshots: `Screenshot 2024-01-02 at 10.00.00.png`) write the file name as the alt.
    private func looksLikeFileName(_ text: String) -> Bool {
        guard let dot = text.utf8.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let ext = text[text.utf8.index(after: dot)...].lowercased()
        return ["jpg", "jpeg", "png", "gif", "webp", "bmp", "svg", "avif", "tif", "tiff", "heic", "heif", "jxl"].contains(ext)
    }

    // MARK: figure

    /// A figure's first `<figcaption>` and last image, from one walk given up past
    /// `largestFigure` nodes (nil then): no captioned figure is that large, and the bound keeps a
    /// post of thousands of unclosed, nested `<figure>`s linear (each image's figure held all
    /// the later ones, and was read whole for each).
    static func figureFacts(_ figure: HTMLNode) -> (caption: HTMLNode?, lastImage: HTMLNode?)? {
        var caption: HTMLNode? = nil
        var last: HTMLNode? = nil
        // Body text after the pictures: the figure was left open and holds what follows it.
        var swallowedText = false
        var visited = 0
        // Step by step (first child, next sibling): a figure with thousands of children costs
        // only the nodes visited, not a stack of all its children.
        var node: HTMLNode? = figure
        while let current = node {
            visited += 1
            if visited > largestFigure { return nil }
            // A figure inside this one has its own pictures and caption: an unclosed `<figure>`
            // (Ghost→Markdown converters leave them open) holds every later one.
            if current != figure, current.isElement(GUMBO_TAG_FIGURE) {
                node = afterSubtree(current, within: figure)
                continue
            }
            if caption == nil, current.isElement(GUMBO_TAG_FIGCAPTION) {
                // A caption past the text an unclosed figure swallowed is another block's (a code
                // listing's); one right under the pictures ends the figure (it is the last child).
                if swallowedText { break }
                caption = current
                if last != nil { break }
            }
            // (A paragraph of no text, Medium's `<p><canvas></p>` between a picture's stand-in and the picture, swallows nothing.)
            if last != nil, current.isElement ? Self.swallowedBlocks.contains(current) && !Self.isEmptyParagraph(current) : Self.isParagraphOfText(current) {
                swallowedText = true
            }
            if ImageCollector.isPicture(current) { last = current }
            node = nextInOrder(current, within: figure)
        }
        return (caption, last)
    }

    /// True for text written as a paragraph of its own (after a blank line): an HTML post's body
    /// text, not what is left on the picture's line (`](link)` of a Markdown link, `{ width=… }`).
    static func isParagraphOfText(_ node: HTMLNode) -> Bool {
        node.hasVisibleText && (node.text.containsBytes("\n\n") || node.text.containsBytes("\n\r\n"))
    }

    /// True for a `<p>` with no visible text (a canvas, a picture alone).
    static func isEmptyParagraph(_ node: HTMLNode) -> Bool {
        node.isElement(GUMBO_TAG_P) && TextNormalizer.visibleText(node).isEmpty
    }

    /// Blocks of body text, which a figure holds only when it was left open.
    static let swallowedBlocks = TagSet(["p", "pre", "ol", "ul", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr"])

    /// The most nodes a figure is read for its caption.
    static let largestFigure = 256

    private func ancestor(of node: HTMLNode, tag: String) -> HTMLNode? {
        var current = node.parent
        while let candidate = current {
            if candidate.tag == tag { return candidate }
            current = candidate.parent
        }
        return nil
    }
}
