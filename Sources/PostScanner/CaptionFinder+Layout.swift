import CGumbo
import Foundation

/// The layout side of the caption rules: what follows or precedes an image on the page.
extension CaptionFinder {
    /// What was found below an image: caption text (and the block holding it), and whether the
    /// image is free of anything below that rules out a caption above.
    struct Below {
        /// Caption text, not yet checked against generic texts.
        var text: String?
        /// The block that holds the caption (nil for a same-paragraph caption).
        var block: HTMLNode?
        /// True when nothing follows the image that makes a caption above improbable.
        var nothingBelow: Bool
        /// True when the text is in an element made to caption a picture (`<figcaption>`, a caption class).
        var shown = false
    }

    /// The caption in the same paragraph after a `<br>` (or right after the image when all of
    /// that text is caption-styled: italic, small, grey, class "caption"), or in the next
    /// paragraph when that is centred, short and muted/italic, has a caption class, or equals the alt.
    func captionBelow(_ img: HTMLNode, alt: String?) -> Below {
        let block = nearestBlock(img)
        var sawBreak = false
        var textBeforeBreak = false
        // A blank line (two breaks, nothing between) before any text: what follows is a new
        // paragraph of the block (a film's cast under its poster), not the picture's line.
        var blankLineFirst = false
        var lineHasText = false
        // The picture's own paragraph given a caption class: its text is caption-styled.
        var allStyled = true
        let styledBlock = Self.hasCaptionClassMarker(block)
        var raw = ""
        // The picture's line split at its breaks: labelled fields (`发售日期：…`, `价格：…`) are no caption.
        var lines: [String] = []
        var currentLine = ""
        var stopBlock: HTMLNode? = nil
        var followedByMedia = false
        var node = Self.afterSubtree(img, within: block)
        while let current = node {
            if current.isElement {
                if Self.blockTags.contains(current) { stopBlock = current; break }
                if Self.mediaTags.contains(current) { followedByMedia = true; break }
                if current.isElement(GUMBO_TAG_BR) {
                    if TextNormalizer.hasVisibleText(currentLine) { lines.append(currentLine) }
                    currentLine = ""
                    if sawBreak || textBeforeBreak { raw += " " }
                    if sawBreak, !lineHasText {
                        // A blank line ends the picture's line: after text, what follows is another paragraph.
                        if TextNormalizer.hasVisibleText(raw) { break }
                        blankLineFirst = true
                    }
                    sawBreak = true
                    lineHasText = false
                    node = Self.afterSubtree(current, within: block)
                    continue
                }
                if TextNormalizer.hiddenTags.contains(current) { node = Self.afterSubtree(current, within: block); continue }
                node = Self.nextInOrder(current, within: block)
            } else {
                if current.hasVisibleText {
                    if !sawBreak { textBeforeBreak = true }
                    lineHasText = true
                    if allStyled, !styledBlock, !Self.text(current, decidedBy: Self.captionStyle, below: block) { allStyled = false }
                }
                raw += current.text
                currentLine += current.text
                node = Self.afterSubtree(current, within: block)
            }
        }
        if TextNormalizer.hasVisibleText(raw) {
            // Text on the image's own line: a caption after a line break, or when it is all
            // caption-styled, unless it runs as long as body text; otherwise the image sits
            // inside running text.
            // A picture set between lines of a block's running text (a shop's description, its
            // cover, then the price) is captioned on its line only by a marked or styled line; a
            // credit written right after the picture with no break (`<img>（来源：DeepMind）`) is one.
            let line = TextNormalizer.normalize(raw)
            let opensBlock = !Self.hasTextBefore(img, within: block)
            let marked = Self.hasCaptionMarker(line)
            let afterBreak = sawBreak && !textBeforeBreak && (opensBlock || marked)
            let creditBesideIt = opensBlock && marked && line.count <= Self.maxMutedCaptionLength
            // A news feed's teaser: the item's whole description is a picture, a break and the
            // summary, in no paragraph (`<img><br /> Banqueira foi condenada …`): the text runs to
            // the end of the item and is the article's summary, not words about the picture.
            let teaser = block.isElement(GUMBO_TAG_BODY) && opensBlock && stopBlock == nil && !marked
                && line.count > Self.maxMutedCaptionLength
            if teaser { return Below(text: nil, block: nil, nothingBelow: false) }
            // A list of labelled fields under the picture (an eShop item's release date, price,
            // publisher, one per line) is the item's data, not words about the picture.
            if TextNormalizer.hasVisibleText(currentLine) { lines.append(currentLine) }
            if lines.filter({ Self.opensWithFieldLabel(TextNormalizer.normalize($0)) }).count >= 2 {
                return Below(text: nil, block: nil, nothingBelow: false)
            }
            if afterBreak || allStyled || creditBesideIt, !blankLineFirst, Self.columns(line) <= Self.maxLineCaptionColumns {
                return Below(text: raw, block: nil, nothingBelow: false)
            }
            return Below(text: nil, block: nil, nothingBelow: false)
        }
        if followedByMedia { return Below(text: nil, block: nil, nothingBelow: false) }

        // An image in a table cell is captioned from the rows below, never the cells beside it.
        let row = Self.isCell(block) ? block.parent : nil
        var candidate = stopBlock ?? followingElement(after: row ?? block)
        var skipped = 0
        // Past the end of the picture's box through its empty caption slot: what follows captions
        // the picture only by its own marks (`图 | …`, grey, italic), not by being centred (a
        // list of pictures each titled above by a centred line).
        var leftTheBox = false
        while var current = candidate {
            if !current.isElement { return Below(text: nil, block: nil, nothingBelow: false) }
            if Self.isColumnBeside(current, img: img) { return Below(text: nil, block: nil, nothingBelow: false) }
            // Under an image's table cell or `<dt>`, the next row's one cell or the `<dd>`.
            let cell = Self.captionCell(current, below: block)
            if let cell { current = cell }
            // A list (item) holding only a figure of text (巴哈姆特's `<li><figure class="common-desc">`
            // under a row of pictures, each in its own item): that figure.
            if let figure = Self.onlyFigure(inList: current) { current = figure }
            if contains(current, where: Self.mediaTags.contains) { return Below(text: nil, block: nil, nothingBelow: false) }
            // A rule closes the picture's part: what comes after it opens another.
            if current.isElement(GUMBO_TAG_HR) { return Below(text: nil, block: nil, nothingBelow: true) }
            let text = TextNormalizer.visibleText(current)
            if text.isEmpty, skipped < 2 {
                // An empty spacer paragraph between an image and its caption (the last one of the
                // picture's box, as 头条's empty `pgc-img-caption`: the caption is after the box).
                skipped += 1
                if let next = Self.nextElementOrText(after: current) {
                    candidate = next
                } else {
                    candidate = followingElement(after: current)
                    leftTheBox = true
                }
                continue
            }
            // A bare `<figcaption>` under an image (no `<figure>`: Kirby, some feeds) is its caption.
            let bareCaption = current.isElement(GUMBO_TAG_FIGCAPTION)
            // So is a figure of text alone (巴哈姆特 wraps the picture in an empty `<figcaption>` and
            // writes its caption in the `<figure class="pic-desc">` after it; media inside returned above).
            let textFigure = current.isElement(GUMBO_TAG_FIGURE)
            guard Self.captionBlockTags.contains(current) || bareCaption || textFigure || cell != nil, !used.contains(current) else { break }
            // Grey text alone is weak evidence (body text is sometimes grey): a left-aligned grey
            // paragraph counts only when it is short, as credit lines are.
            let length = text.count
            let shortStyled = length <= Self.maxMutedCaptionLength && allText(of: current, decidedBy: Self.captionStyle)
            // Centred and set in italics both: a long caption (a group photo naming everyone in it).
            let centred = (length <= Self.maxCentredCaptionLength || length <= Self.maxCentredStyledCaptionLength && allText(of: current, decidedBy: Self.captionStyle))
                && isCentred(current, img: img)
            let marked = length <= Self.maxMutedCaptionLength && Self.hasCaptionMarker(text)
                || length <= Self.maxLabelledCaptionLength && Self.opensAsFigureLabel(text)
            let pictureText = length <= Self.maxCentredCaptionLength && Self.namesPictureText(current)
            let captionElement = bareCaption || Self.hasCaptionClass(current) || textFigure && Self.namesText(current)
            // A line ending in a colon introduces what follows (`这是开启后所花费的时间：` over the next pictures).
            if !captionElement, text.hasSuffix("：") || text.hasSuffix(":") { break }
            let otherEvidence = captionElement || shortStyled || marked || pictureText || (alt != nil && text == alt)
            // A centred line that opens a run of centred lines is a passage (a WeChat article's
            // sign-off, a poem), not the picture's caption: only centring spoke for it.
            // Nor is a centred section number (guancha's `<p align="center"><strong>3</strong></p>`
            // opening part 3 after a part that ends with a picture).
            if centred, !otherEvidence, leftTheBox || text.allSatisfy(\.isASCIIDigit) || opensCentredPassage(current, img: img) { break }
            // The words of the site's buttons under a picture (`收藏`) are none (asked last: a walk).
            if otherEvidence || centred, !allText(of: current, isInside: Self.isControl) {
                return Below(text: text, block: current, nothingBelow: false, shown: captionElement)
            }
            break
        }
        return Below(text: nil, block: nil, nothingBelow: true)
    }

    /// The figure a list or list item holds alone, through lists holding one item, or nil.
    static func onlyFigure(inList element: HTMLNode) -> HTMLNode? {
        var current = element
        while current.isElement(GUMBO_TAG_LI) || current.isElement(GUMBO_TAG_UL), let only = onlyElementChild(current) {
            if only.isElement(GUMBO_TAG_FIGURE) { return only }
            current = only
        }
        return nil
    }

    /// The element's one child element when it has exactly one and no text beside it, else nil.
    static func onlyElementChild(_ element: HTMLNode) -> HTMLNode? {
        var only: HTMLNode? = nil
        for child in element.children {
            if child.isElement {
                if only != nil { return nil }
                only = child
            } else if child.hasVisibleText {
                return nil
            }
        }
        return only
    }

    /// True when visible text precedes `img` inside `block` (the picture is not at the start of
    /// its block's text).
    static func hasTextBefore(_ img: HTMLNode, within block: HTMLNode) -> Bool {
        var current = img
        while current != block, let parent = current.parent {
            var sibling = current.previousSibling
            while let node = sibling {
                // A block before it ends the line before (La Nación's `<p>…</p><img><br/><caption>…`):
                // the picture opens a line of its own.
                if node.isElement, blockTags.contains(node) { return false }
                if node.isElement ? TextNormalizer.hasVisibleText(TextNormalizer.visibleText(node)) : node.hasVisibleText { return true }
                sibling = node.previousSibling
            }
            current = parent
        }
        return false
    }

    /// True when the two blocks after `block` (past empty spacers) are centred lines of text with
    /// no picture (a title, then its credit, as 北京天文馆 writes them, is a caption; three
    /// centred lines in a row are a passage).
    func opensCentredPassage(_ block: HTMLNode, img: HTMLNode) -> Bool {
        var previous = block
        for _ in 0..<2 {
            var next = Self.nextElementOrText(after: previous)
            while let node = next, node.isElement, !contains(node, where: Self.mediaTags.contains), TextNormalizer.visibleText(node).isEmpty {
                next = Self.nextElementOrText(after: node)
            }
            guard let node = next, node.isElement, Self.captionBlockTags.contains(node), !contains(node, where: Self.mediaTags.contains),
                  isCentred(node, img: img) else { return false }
            previous = node
        }
        return true
    }

    /// The cell that may caption an image in `imageBlock`: when the image sits in a table cell,
    /// the cell of the next row in the same column (Blogger's `tr-caption`, photo tables of old
    /// news layouts); when it sits in a `<dt>`, the `<dd>` after it (WordPress's classic
    /// `gallery-caption`). A one-column table whose head holds the image is captioned by the first
    /// row of its body: Markdown's `| ![](a.png) |` over `|:--:|` over `| *caption* |`, as GitHub
    /// READMEs and many blogs write a caption. Nil otherwise.
    static func captionCell(_ candidate: HTMLNode, below imageBlock: HTMLNode) -> HTMLNode? {
        if candidate.isElement(GUMBO_TAG_DD), imageBlock.isElement(GUMBO_TAG_DT) { return candidate }
        guard isCell(imageBlock), let row = imageBlock.parent else { return nil }
        if candidate.isElement(GUMBO_TAG_TBODY), row.parent?.isElement(GUMBO_TAG_THEAD) == true, row.children.filter(isCell).count == 1,
           let first = candidate.children.first(where: { $0.isElement(GUMBO_TAG_TR) }) {
            return captionCell(first, below: imageBlock)
        }
        guard candidate.isElement(GUMBO_TAG_TR) else { return nil }
        let cells = candidate.children.filter(isCell)
        if cells.count == 1 { return cells[0] }
        let imageRow = row.children.filter(isCell)
        guard imageRow.count == cells.count, let column = imageRow.firstIndex(of: imageBlock) else { return nil }
        return cells[column]
    }

    /// True for a table cell.
    static func isCell(_ node: HTMLNode) -> Bool {
        node.isElement(GUMBO_TAG_TD) || node.isElement(GUMBO_TAG_TH)
    }

    /// A centred (unless `centred` is false), all-bold line right above an image that starts
    /// its own block (or a centred one opening with a bold label, `附：`); nil otherwise.
    func captionAbove(_ img: HTMLNode, centred: Bool = true) -> HTMLNode? {
        let block = nearestBlock(img)
        // Walk backwards from the image (never from the block's start, which would make a long
        // run of images directly in one container quadratic): the first block element met is
        // the line above; visible text or media on the image's own line rule a caption out.
        var previous: HTMLNode? = nil
        var current = img
        search: while current != block, let parent = current.parent {
            var sibling = current.previousSibling
            while let node = sibling {
                if Self.blockTags.contains(node) { previous = node; break search }
                if node.isElement, contains(node, where: Self.mediaTags.contains) { return nil }
                if node.isElement ? TextNormalizer.hasVisibleText(TextNormalizer.visibleText(node)) : node.hasVisibleText {
                    return nil
                }
                sibling = node.previousSibling
            }
            current = parent
        }
        // Else the line above the image's block; a block that opens its wrapper (vgtime's
        // `<div class=vg_insert_img><figure>`) has the wrapper's line above it.
        var opening = block
        for _ in 0..<3 where previous == nil {
            previous = opening.previousSibling
            while let node = previous, node.isElement(GUMBO_TAG_BR) || (!node.isElement && !node.hasVisibleText) {
                previous = node.previousSibling
            }
            guard previous == nil, let wrapper = opening.parent, Self.captionBlockTags.contains(wrapper) else { break }
            opening = wrapper
        }
        guard let candidate = previous, Self.captionBlockTags.contains(candidate),
              !contains(candidate, where: Self.mediaTags.contains),
              !centred || isCentred(candidate, img: img), isAllBold(candidate) || centred && opensWithBoldLabel(candidate) else { return nil }
        return candidate
    }

    /// The line after a composite picture's first caption line that captions its other half
    /// (`上图：…` then `下图：…`, `左图` then `右图`: 观察者网 under a two-part photo), and its block.
    func secondHalf(after block: HTMLNode, first: String, img: HTMLNode) -> (String, HTMLNode)? {
        // Cells side by side each caption their own column's picture.
        guard !Self.isCell(block), let pair = Self.halfLabels.first(where: { first.hasPrefix($0.first) }),
              let next = Self.nextElementOrText(after: block), next.isElement, !used.contains(next),
              !contains(next, where: Self.mediaTags.contains) else { return nil }
        let text = TextNormalizer.visibleText(next)
        // Set apart as the first line is (grey, italic, centred), not a paragraph of body text.
        guard text.hasPrefix(pair.second), text.count <= Self.maxCentredCaptionLength,
              allText(of: next, decidedBy: Self.captionStyle) || isCentred(next, img: img) else { return nil }
        return (text, next)
    }

    /// A second caption line set exactly as the first (centred and all in caption style: 游戏葡萄's
    /// `<p><em>左为2020年；右为2021年</em></p>` then the chart's legend, `<p><em>蓝线为PS系列…</em></p>`),
    /// short, neither numbered as another figure nor a quotation, not followed by a third such line (three are a
    /// passage) nor by a picture (it is then that picture's caption, above it), and its block.
    func secondLine(after block: HTMLNode, img: HTMLNode) -> (String, HTMLNode)? {
        // The line after first (most captions have none set so), then the caption's own block.
        guard !Self.isCell(block), let next = Self.nextElementOrText(after: block), !used.contains(next),
              let line = Self.styledCentredLine(next, finder: self, img: img), !Self.opensWithFigureNumber(line),
              !["“", "\"", "「", "『"].contains(where: { line.hasPrefix($0) }),  // a quotation set apart, not a legend
              isCentred(block, img: img), allText(of: block, decidedBy: Self.captionStyle) else { return nil }
        if let third = Self.nextElementOrText(after: next) {
            if Self.styledCentredLine(third, finder: self, img: img) != nil { return nil }
            if third.isElement, contains(third, where: Self.mediaTags.contains) || contains(third, where: ImageCollector.isPicture) { return nil }
        }
        return (line, next)
    }

    /// The text of `node` when it is a short caption-block line, centred and all in caption style, with no picture.
    private static func styledCentredLine(_ node: HTMLNode, finder: CaptionFinder, img: HTMLNode) -> String? {
        guard node.isElement, captionBlockTags.contains(node) else { return nil }
        let text = TextNormalizer.visibleText(node)
        guard !text.isEmpty, text.utf8.count <= maxMutedCaptionLength * 4, text.count <= maxMutedCaptionLength,
              !finder.contains(node, where: mediaTags.contains), finder.isCentred(node, img: img),
              finder.allText(of: node, decidedBy: captionStyle) else { return nil }
        return text
    }

    /// The labels of the two halves of a composite picture.
    static let halfLabels: [(first: String, second: String)] = [("上图", "下图"), ("左图", "右图"), ("上圖", "下圖"), ("左圖", "右圖")]

    // MARK: tree navigation

    /// The nearest ancestor that is a block element.
    func nearestBlock(_ node: HTMLNode) -> HTMLNode {
        var current = node.parent
        while let candidate = current {
            if Self.blockTags.contains(candidate) { return candidate }
            current = candidate.parent
        }
        return node.parent ?? node
    }

    /// The next node in document order after `node` and its descendants, staying inside `root`.
    static func afterSubtree(_ node: HTMLNode, within root: HTMLNode) -> HTMLNode? {
        var current = node
        while current != root {
            if let next = current.nextSibling { return next }
            guard let parent = current.parent else { return nil }
            current = parent
        }
        return nil
    }

    /// The next node in document order (first child first), staying inside `root`.
    static func nextInOrder(_ node: HTMLNode, within root: HTMLNode) -> HTMLNode? {
        if let first = node.firstChild { return first }
        return afterSubtree(node, within: root)
    }

    /// The first element or visible text after `node` among its siblings, skipping blank text and `<br>`.
    static func nextElementOrText(after node: HTMLNode) -> HTMLNode? {
        var sibling = node.nextSibling
        while let current = sibling, current.isElement(GUMBO_TAG_BR) || (!current.isElement && !current.hasVisibleText) {
            sibling = current.nextSibling
        }
        return sibling
    }

    /// True for a line that opens with a short label and a colon (`发售日期：2022.6.24`, `Price: 5€`).
    static func opensWithFieldLabel(_ line: String) -> Bool {
        guard let colon = line.firstIndex(where: { $0 == "：" || $0 == ":" }) else { return false }
        let label = line[..<colon]
        return !label.isEmpty && label.count <= 8 && !label.contains("http")
    }

    /// True when `candidate` is a column set beside the picture's own: both `display: inline-block`
    /// (WeChat's editors, xiumi and 135, lay out a picture and the article's summary, or a
    /// portrait and its bio, side by side so). Its text is beside the picture, not under it.
    static func isColumnBeside(_ candidate: HTMLNode, img: HTMLNode) -> Bool {
        guard isInlineBlock(candidate) else { return false }
        var column = candidate.previousSibling
        while let blank = column, !blank.isElement, !blank.hasVisibleText { column = blank.previousSibling }
        guard let column, column.isElement, img.isInside(column) else { return false }
        return isInlineBlock(column)
    }

    /// True for an element styled `display: inline-block`.
    private static func isInlineBlock(_ node: HTMLNode) -> Bool {
        guard let style = node.attribute("style"), style.containsBytes("inline-block") else { return false }
        return styleValue(style, "display") == "inline-block"
    }

    /// What follows a block: its next sibling, or (when it is the last child of a wrapper
    /// such as `<div align=center>`) what follows the wrapper.
    func followingElement(after block: HTMLNode) -> HTMLNode? {
        var container = block
        while true {
            if let next = Self.nextElementOrText(after: container) { return next }
            guard let parent = container.parent, !parent.isElement(GUMBO_TAG_BODY), !parent.isElement(GUMBO_TAG_HTML) else { return nil }
            container = parent
        }
    }

    /// True when some descendant of `node` (or itself) matches.
    func contains(_ node: HTMLNode, where predicate: (HTMLNode) -> Bool) -> Bool {
        node.first(where: predicate) != nil
    }
}
