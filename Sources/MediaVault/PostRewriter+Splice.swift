import ArchiveStore
import Foundation
import PostScanner

/// Works out the edits of one post: byte ranges of its source and what replaces them.
struct PostSplicer {
    /// One edit: `range` of the source replaced by `text` (an insertion when `range` is empty).
    struct Edit {
        /// Bytes of the source replaced.
        var range: Range<Int>
        /// The new text.
        var text: String
    }

    /// The post's URL sites.
    let map: PostSourceMap
    /// The scanned post (for its cover image's fetched URL).
    let post: ScannedPost
    /// Resolved URLs whose references were rewritten.
    private(set) var rewrittenURLs: Set<String> = []

    /// Creates a splicer for one post.
    init(map: PostSourceMap, post: ScannedPost) {
        self.map = map
        self.post = post
    }

    /// The edits for every element, Markdown image and cover that maps to an archived object.
    mutating func edits(context: inout RewriteContext) throws -> [Edit] {
        var edits: [Edit] = []
        for element in map.elements { edits += try elementEdits(element, context: &context) }
        for image in map.markdownImages {
            guard let url = map.resolve(image.url), let object = context.object(for: url) else { continue }
            rewrittenURLs.insert(url)
            edits += try Self.markdownEdits(image, object: object, context: &context)
        }
        // A link to an archived image opens the local file offline; it is no image of its own (not counted).
        for link in map.markdownLinks {
            guard let url = map.resolve(link.url), let object = context.object(for: url) else { continue }
            edits += try Self.markdownEdits(link, object: object, context: &context)
        }
        for cover in map.covers {
            var url = map.resolve(cover.value)
            var object = url.flatMap { context.object(for: $0) }
            if object == nil, cover.value.trimmingCharacters(in: .whitespaces) == post.cover,
               let fetched = post.images.first(where: \.isCover)?.url {
                url = fetched
                object = context.object(for: fetched)  // the cover is a variant of a body image that was fetched
            }
            guard let url, let object else { continue }
            rewrittenURLs.insert(url)
            edits.append(Edit(range: cover.valueRange, text: try context.localPath(of: object)))
            let line = cover.isTOML
                ? "\(cover.key)_original = \"\(cover.value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"\n"
                : "\(cover.key)_original: '\(cover.value.replacingOccurrences(of: "'", with: "''"))'\n"
            edits.append(Edit(range: cover.lineEnd..<cover.lineEnd, text: line))
        }
        return edits
    }

    /// The edits of a Markdown image's or link's destination: the local path, and the original
    /// URL in a comment after it (`--` encoded, which would end the comment).
    private static func markdownEdits(_ destination: PostSourceMap.MarkdownDestination, object: ObjectRecord,
                                      context: inout RewriteContext) throws -> [Edit] {
        let original = destination.url.replacingOccurrences(of: "--", with: "%2D%2D")
        return [Edit(range: destination.destinationRange, text: try context.localPath(of: object)),
                Edit(range: destination.end..<destination.end, text: "<!-- original: \(original) -->")]
    }

    /// Edits of one `<img>`/`<source>` (or a link whose `href` is an archived image):
    /// each URL attribute gets the local path of its object,
    /// else of the element's archived image (the scanner fetched one candidate per image: the
    /// others are the same picture in another size); the old value moves to `data-original-*`.
    private mutating func elementEdits(_ element: PostSourceMap.Element, context: inout RewriteContext) throws -> [Edit] {
        var fallback: (url: String, object: ObjectRecord)?
        let candidates = element.attributes.flatMap { attribute -> [String] in
            PostSourceMap.srcsetAttributes.contains(attribute.name) ? Self.srcsetURLs(attribute.value) : [attribute.value]
        }
        for written in candidates where Self.usable(written) {
            if let url = map.resolve(written), let object = context.object(for: url) { fallback = (url, object); break }
        }
        guard let fallback else { return [] }
        var names = element.allNames
        var edits: [Edit] = []
        // The archived URLs this element's values now point at. A link to an archived image points
        // at the archived file too (offline, a click opens it), but it is no image of its own.
        var used: Set<String> = []
        defer { if element.tag != "a" { rewrittenURLs.formUnion(used) } }
        for attribute in element.attributes {
            var replacement: String
            if PostSourceMap.srcsetAttributes.contains(attribute.name) {
                var failure: Error?
                replacement = PostSourceMap.replacingSrcsetURLs(attribute.value) { written in
                    do { return try localPath(written, fallback: fallback, context: &context, used: &used) } catch { failure = error; return nil }
                }
                if let failure { throw failure }
            } else if Self.usable(attribute.value) {
                replacement = try localPath(attribute.value, fallback: fallback, context: &context, used: &used)
            } else if attribute.name == "src", element.tag == "img" {
                // A placeholder src (data: URI, empty) that lazy-loading JS would replace: show the real image without JS.
                used.insert(fallback.url)
                replacement = try context.localPath(of: fallback.object)
            } else {
                continue
            }
            guard replacement != attribute.value else { continue }
            edits.append(Edit(range: attribute.valueRange, text: HTMLEscaping.escape(replacement)))
            var keeper = attribute.name == "src" ? "data-original-src" : "data-original-\(attribute.name)"
            if names.contains(keeper) { keeper = "data-mediavault-original-\(attribute.name)" }
            names.insert(keeper)
            edits.append(Edit(range: attribute.end..<attribute.end, text: " \(keeper)=\"\(HTMLEscaping.escape(attribute.value))\""))
        }
        return edits
    }

    /// The local path for a URL as written: its own object, else the element's fallback object;
    /// the archived URL it stands for goes into `used`.
    private func localPath(_ written: String, fallback: (url: String, object: ObjectRecord),
                           context: inout RewriteContext, used: inout Set<String>) throws -> String {
        if let url = map.resolve(written), let object = context.object(for: url) {
            used.insert(url)
            return try context.localPath(of: object)
        }
        used.insert(fallback.url)
        return try context.localPath(of: fallback.object)
    }

    /// The URLs of a srcset value, in order.
    static func srcsetURLs(_ srcset: String) -> [String] {
        var urls: [String] = []
        _ = PostSourceMap.replacingSrcsetURLs(srcset) { urls.append($0); return nil }
        return urls.filter { !$0.isEmpty }
    }

    /// False for empty values and lazy-loading stand-ins (data:, about:, javascript:).
    static func usable(_ value: String) -> Bool {
        let lower = value.trimmingCharacters(in: .whitespacesAndNewlines).prefix(11).lowercased()
        return !lower.isEmpty && !lower.hasPrefix("data:") && !lower.hasPrefix("about:") && !lower.hasPrefix("javascript:")
    }


    /// The source with the edits applied; edits never overlap (each is one value or an insertion after one).
    static func apply(_ edits: [Edit], to source: [UInt8]) -> [UInt8] {
        let ordered = edits.enumerated().sorted { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }.map(\.element)
        var out: [UInt8] = []
        out.reserveCapacity(source.count + edits.count * 64)
        var cursor = 0
        for edit in ordered where edit.range.lowerBound >= cursor {
            out += source[cursor..<edit.range.lowerBound]
            out += Array(edit.text.utf8)
            cursor = edit.range.upperBound
        }
        out += source[cursor...]
        return out
    }
}
