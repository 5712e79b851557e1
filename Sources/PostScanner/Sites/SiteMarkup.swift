import Foundation

/// Expands the template tags that generators turn into images before the body is read as
/// Markdown or HTML: Hexo `{% asset_img %}`, Hugo `{{< figure >}}`, Jekyll Liquid paths and
/// `{% include figure %}`. Code (fences, inline code, `{% raw %}`, `{% highlight %}`,
/// `{{< highlight >}}`, HTML comments) is never expanded, and example blocks are dropped, so
/// nothing shown as an example becomes an image. Works on UTF-8 bytes; every marker is ASCII.
struct SiteMarkup {
    /// Attribute on an `<img>` made from a post-asset tag: its name resolves in the asset folder only.
    static let assetMarker = "data-mediavault-asset"
    /// Attribute on an `<img>` made from a bare name passed to an include: `TEMPLATE ARGUMENT`,
    /// for the site to read the template's path (`SiteReference.Kind.included`).
    static let includeMarker = "data-mediavault-include"
    /// Attribute on an `<img>` made from a wiki embed (`![[name.png]]`): found by its name.
    static let wikiMarker = "data-mediavault-wiki"
    /// Attribute on a `<figure>` made from a tag's `caption=`: the author's own words, kept even
    /// when they repeat the post title.
    static let explicitCaptionMarker = "data-mediavault-caption"

    /// Front-matter fields, for Liquid `{{ page.x }}`.
    let page: [String: String]
    /// The front-matter text, read again only for structured values (Jekyll gallery arrays).
    let frontMatter: Substring
    /// Liquid `{% capture NAME %}` blocks seen so far, by name.
    var captures: [String: String] = [:]
    /// Paths `{% assign NAME = "…" %}` gave a name (`{% assign imgpath = "/assets/img/h.jpg" %}`),
    /// shown where `{{ NAME }}` stands.
    var assigns: [String: String] = [:]
    /// True for a Markdown body (fences, indentation and `![](a b.png)` matter there).
    let markdown: Bool
    /// Lists the files a gallery of a folder shows (the post's site answers); nil outside a site.
    var galleryFiles: ((SiteGallery.Query) -> [String])? = nil
    /// The site's own template of a Hugo shortcode, by name; nil outside a Hugo site.
    var shortcodeTemplate: ((String) -> HugoShortcodeTemplate?)? = nil
    /// The web address a Hugo shortcode's template makes of an argument with the site's settings
    /// (`{{ .Site.Params.imageCdn }}{{ .Get 0 }}`: `TEMPLATE ARGUMENT VALUE`), nil for a path of the site.
    var shortcodeWebAddress: ((String, String, String) -> String?)? = nil
    /// The page bundle's resources as Hugo names them (read on first use); nil outside a Hugo site.
    var pageResources: (() -> HugoResources)? = nil
    /// The text of a Jekyll site's include template, by name; nil outside a Jekyll site.
    var includeTemplate: ((String) -> String?)? = nil
    /// The path a site's include template makes of a bare name with the post's front matter and the
    /// site's settings (`TEMPLATE ARGUMENT VALUE`), when it needs them; nil otherwise (Jekyll).
    var includedPathWithPage: ((String, String, String) -> String?)? = nil
    /// jekyll_picture_tag's `picture.source` folder, relative to the site's source ("" for it),
    /// for a Jekyll site; nil elsewhere (the tag's path is then kept as written).
    var pictureSource: String? = nil
    /// True once a gallery listed a folder's files: the result depends on more than the post.
    var listedFolder = false
    /// Liquid sets assigned from Jekyll's static files (`where: "image", true`), by name.
    var staticFileSets: [String: (key: String?, value: String?)] = [:]

    private var input: [UInt8] = []
    private var out: [UInt8] = []
    private var i = 0
    /// Where the current output line starts (to drop the indentation before a tag alone on its line).
    private var lineStartOut = 0
    /// What searches of this input found missing, so that unclosed constructs stay linear.
    private let misses = SearchMisses()
    /// Bytes read by searches in the last `expand`.
    var bytesSearched: Int { misses.bytesRead }

    /// Creates an expander for one post.
    init(page: [String: String], markdown: Bool, frontMatter: Substring = "") {
        self.page = page
        self.markdown = markdown
        self.frontMatter = frontMatter
    }

    /// True when the body has anything to expand (a cheap byte scan; most posts have none).
    static func applies(to body: Substring, markdown: Bool) -> Bool {
        var body = body
        return body.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 1 else { return false }
            // memchr finds each candidate byte; the pair is looked at only there.
            func pairs(_ first: UInt8, _ next: (UInt8) -> Bool) -> Bool {
                var k = 0
                while k < bytes.count - 1, let hit = memchr(base + k, Int32(first), bytes.count - 1 - k) {
                    k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    if next(bytes[k]) { return true }
                }
                return false
            }
            if pairs(UInt8(ascii: "{"), { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "{") }) { return true }
            return markdown && pairs(UInt8(ascii: "!"), { $0 == UInt8(ascii: "[") })
        }
    }

    /// The body with its tags expanded.
    mutating func expand(_ body: Substring) -> String {
        input = Array(body.utf8)
        out = []
        out.reserveCapacity(input.count + 256)
        i = 0
        lineStartOut = 0
        misses.reset()
        while i < input.count {
            if atLineStart(), markdown, copyFence() { continue }
            if atLineStart(), markdown, input[i] == UInt8(ascii: "/"), captionBlock() { continue }
            let byte = input[i]
            switch byte {
            case UInt8(ascii: "\n"):
                out.append(byte); i += 1; lineStartOut = out.count
            case UInt8(ascii: "`"):
                copyInlineCode()
            case UInt8(ascii: "<") where starts("<!--"):
                copyThrough("-->")
            case UInt8(ascii: "{") where starts("{%"):
                liquidTag()
            case UInt8(ascii: "{") where starts("{{<") || starts("{{%"):
                shortcode()
            case UInt8(ascii: "{") where starts("{{"):
                liquidOutput()
            case UInt8(ascii: "!") where markdown && starts("!["):
                markdownImage()
            case UInt8(ascii: "{") where markdown && starts("{:"):
                kramdownAttributes()
            default:
                out.append(byte); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: scanning

    private func atLineStart() -> Bool { i == 0 || input[i - 1] == UInt8(ascii: "\n") }

    func starts(_ text: String, at position: Int? = nil) -> Bool {
        let at = position ?? i
        let bytes = Array(text.utf8)
        guard at + bytes.count <= input.count else { return false }
        for (k, b) in bytes.enumerated() where input[at + k] != b { return false }
        return true
    }

    /// The index of the next occurrence of `text` at or after `from` and ending by `limit` (the
    /// end of the input when nil), or nil. A miss is remembered: a text with thousands of
    /// unclosed `{%` or `![` asks again from every one of them, and must not read the rest of the
    /// input each time (a 1 MB post of `{% a` took minutes).
    func find(_ text: String, from: Int, before limit: Int? = nil) -> Int? {
        let bytes = Array(text.utf8)
        let limit = min(limit ?? input.count, input.count)
        guard let first = bytes.first, from < limit, !misses.known(text, from: from, limit: limit) else { return nil }
        var k = from
        defer { misses.bytesRead += k - from }
        while k + bytes.count <= limit {
            if input[k] == first, bytes.indices.allSatisfy({ input[k + $0] == bytes[$0] }) { return k }
            k += 1
        }
        misses.record(text, from: from, limit: limit)
        return nil
    }

    /// The end of the line holding `position` (the index of its `\n`, or the end); the last
    /// line's answer is kept, as every `![` of a long line asks it.
    func lineEnd(_ position: Int) -> Int {
        if let line = misses.line, position >= line.from, position <= line.end { return line.end }
        var k = position
        while k < input.count, input[k] != UInt8(ascii: "\n") { k += 1 }
        misses.line = (position, k)
        misses.bytesRead += k - position
        return k
    }

    /// A fenced code block (``` or ~~~, any indentation) copied unchanged through its closing fence.
    private mutating func copyFence() -> Bool {
        var k = i
        while k < input.count, input[k] == 0x20 || input[k] == 0x09 { k += 1 }
        guard k < input.count, input[k] == UInt8(ascii: "`") || input[k] == UInt8(ascii: "~") else { return false }
        let mark = input[k]
        var count = 0
        while k + count < input.count, input[k + count] == mark { count += 1 }
        guard count >= 3 else { return false }
        var line = lineEnd(i)
        while line < input.count {
            var start = line + 1
            while start < input.count, input[start] == 0x20 || input[start] == 0x09 { start += 1 }
            var run = 0
            while start + run < input.count, input[start + run] == mark { run += 1 }
            line = lineEnd(start)
            if run >= count, input[(start + run)..<line].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { break }
        }
        out += input[i..<min(line, input.count)]
        i = min(line, input.count)
        return true
    }

    /// A backtick code span copied unchanged (a run with no closing run is plain text).
    private mutating func copyInlineCode() {
        var run = 0
        while i + run < input.count, input[i + run] == UInt8(ascii: "`") { run += 1 }
        let ticks = String(repeating: "`", count: run)
        var k = i + run
        while let close = find(ticks, from: k) {
            var after = 0
            while close + run + after < input.count, input[close + run + after] == UInt8(ascii: "`") { after += 1 }
            if after == 0 {
                out += input[i..<(close + run)]
                i = close + run
                return
            }
            k = close + run + after
        }
        out += input[i..<(i + run)]
        i += run
    }

    /// Copies from here through the end of `terminator` (or to the end of the text).
    private mutating func copyThrough(_ terminator: String) {
        let end = find(terminator, from: i + 1).map { $0 + terminator.utf8.count } ?? input.count
        out += input[i..<end]
        i = end
    }

    /// Emits `html` for the construct that spans `i..<end`. A tag alone on its line loses its
    /// indentation (generators expand tags before Markdown, so indentation never makes them code).
    mutating func emit(_ html: String, replacing end: Int, block: Bool = false, keepIndent: Bool = false) {
        let standalone = !keepIndent && out[lineStartOut...].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            && input[end..<lineEnd(end)].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        if standalone && markdown { out.removeSubrange(lineStartOut...) }
        out += Array(html.utf8)
        // A blank line ends the HTML block, so that Markdown after it is Markdown; not before a line
        // of HTML (`    </div>` of the raw block around the tag), which it would make an indented code block.
        if block && standalone && markdown && !nextLineIsHTML(after: end) { out += Array("\n".utf8) }
        i = end
    }

    /// True when the line after the one holding `position` starts, after spaces, with a tag.
    private func nextLineIsHTML(after position: Int) -> Bool {
        var k = lineEnd(position) + 1
        while k < input.count, input[k] == 0x20 || input[k] == 0x09 { k += 1 }
        guard k + 1 < input.count, input[k] == UInt8(ascii: "<") else { return false }
        let next = input[k + 1] | 0x20
        return input[k + 1] == UInt8(ascii: "/") || (next >= 0x61 && next <= 0x7A)
    }

    /// Skips from here past the end tag that closes an example block, emitting nothing; false
    /// (nothing skipped) when no end tag follows: a generator would refuse such a post, so the
    /// text is more likely prose that mentions the tag than an example to hide.
    mutating func dropBlock(endTag: String, open: String, close: String) -> Bool {
        guard let block = blockBody(endTag: endTag, open: open, close: close) else { return false }
        i = block.end
        return true
    }

    /// The text from after the current tag (ending at `from`) to the end tag (`{% endraw %}`:
    /// `endTag` "endraw", any case, `-` trim marks allowed), and the index after the end tag; nil
    /// when no end tag follows (remembered, as for `find`).
    func blockBody(endTag: String, open: String, close: String, from: Int? = nil) -> (body: String, end: Int)? {
        let begin = from ?? i
        let key = open + endTag + close
        guard !misses.known(key, from: begin, limit: input.count) else { return nil }
        var k = begin
        while let start = find(open, from: k) {
            guard let stop = find(close, from: start + open.utf8.count) else { break }
            let inner = String(decoding: input[(start + open.utf8.count)..<stop], as: UTF8.self)
            k = stop + close.utf8.count
            if inner.trimmingCharacters(in: Self.tagTrim).lowercased() == endTag {
                return (String(decoding: input[begin..<start], as: UTF8.self), k)
            }
        }
        misses.record(key, from: begin, limit: input.count)
        return nil
    }

    /// What surrounds a tag's name: spaces, line breaks and Liquid's `-` trim marks.
    static let tagTrim = CharacterSet(charactersIn: "- \t\r\n")

    /// True right after a Markdown reference definition's label (`[chi]: ` at a line's start):
    /// Jekyll runs Liquid before Markdown, so `[chi]: {{ site.baseurl }}/a.png` is a definition
    /// only once its Liquid is replaced (its spaces would otherwise unmake it, and the ones after it).
    var atReferenceDefinitionStart: Bool {
        guard markdown, out.count > lineStartOut else { return false }
        var k = lineStartOut
        while k < out.count, out[k] == UInt8(ascii: " "), k - lineStartOut < 3 { k += 1 }
        guard k < out.count, out[k] == UInt8(ascii: "[") else { return false }
        guard let close = out[k...].firstIndex(of: UInt8(ascii: "]")), close + 1 < out.count, out[close + 1] == UInt8(ascii: ":") else { return false }
        return out[(close + 2)...].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "<") }
    }

    /// True when the output so far ends inside an HTML attribute value just opened (`="`).
    var atAttributeStart: Bool {
        out.count >= 2 && out[out.count - 2] == UInt8(ascii: "=") && (out[out.count - 1] == UInt8(ascii: "\"") || out[out.count - 1] == UInt8(ascii: "'"))
    }

    /// True when the output so far ends where a Markdown link's destination starts (`](`).
    var atDestinationStart: Bool {
        out.count >= 2 && out[out.count - 2] == UInt8(ascii: "]") && out[out.count - 1] == UInt8(ascii: "(")
    }

    /// The text between `open` (at `i`) and `close`, and the index after `close`; nil when unclosed.
    func enclosed(open: String, close: String) -> (inner: String, end: Int)? {
        let start = i + open.utf8.count
        guard let stop = find(close, from: start) else { return nil }
        return (String(decoding: input[start..<stop], as: UTF8.self), stop + close.utf8.count)
    }

    /// Copies the input up to `end` unchanged (a construct that is not expanded).
    mutating func copy(to end: Int) {
        out += input[i..<end]
        i = end
    }

    /// Copies the current byte unchanged.
    mutating func copyByte() {
        out.append(input[i])
        i += 1
    }

    /// The input bytes from `start` to `end` as text.
    func text(_ start: Int, _ end: Int) -> String { String(decoding: input[start..<end], as: UTF8.self) }

    /// The current position in the input.
    var position: Int { i }
    /// The input length.
    var count: Int { input.count }
    /// The input byte at `k`.
    func byte(_ k: Int) -> UInt8 { input[k] }
    /// The input bytes from `start` to `end`, not copied.
    func bytes(_ start: Int, _ end: Int) -> ArraySlice<UInt8> { input[start..<end] }

    /// The `)` that closes a destination opened before `from`, parentheses inside it balanced
    /// (Typora's `6 6 Version Control(git).assets/x.png`), on the line; nil when unclosed.
    func closingParenthesis(from: Int, before lineEnd: Int) -> Int? {
        var depth = 0
        var k = from
        while k < lineEnd {
            switch input[k] {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                if depth == 0 { return k }
                depth -= 1
            default: break
            }
            k += 1
        }
        // Unbalanced (`a(b.png)`): the first `)`, as before.
        return find(")", from: from, before: lineEnd)
    }
}

/// The searches of one input that found nothing (a needle absent from `from` up to `limit` is
/// absent from any later start up to that limit) and the last line end found.
final class SearchMisses {
    private var misses: [String: (from: Int, limit: Int)] = [:]
    /// The last line asked about: from a position in it to its end.
    var line: (from: Int, end: Int)?
    /// Bytes read by searches since the last reset (what keeps them linear is checked by tests).
    var bytesRead = 0

    /// Forgets everything (a new input).
    func reset() {
        misses.removeAll(keepingCapacity: true)
        line = nil
        bytesRead = 0
    }

    /// True when `needle` is known to be absent from `from` up to `limit`.
    func known(_ needle: String, from: Int, limit: Int) -> Bool {
        guard let miss = misses[needle] else { return false }
        return from >= miss.from && limit <= miss.limit
    }

    /// Remembers that `needle` is absent from `from` up to `limit`.
    func record(_ needle: String, from: Int, limit: Int) {
        if let miss = misses[needle], miss.from <= from, miss.limit >= limit { return }
        misses[needle] = (from, limit)
    }
}
