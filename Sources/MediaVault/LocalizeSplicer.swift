import ArchiveStore
import Foundation
import PostScanner

/// The edits `localize` makes in one post: every remote, archived image reference (HTML
/// `src`/`srcset`/lazy attributes, Markdown images, Hugo image shortcodes, front-matter covers) becomes the reference
/// the site's generator publishes, and the value as written is kept right after it (see
/// `LocalizeMarkers`). Only those bytes change, so a diff of the post shows only those lines.
struct LocalizeSplicer {
    /// The post's URL sites.
    let map: PostSourceMap
    /// The scanned post (its cover's fetched URL).
    let post: ScannedPost
    /// The post file, absolute.
    let postFile: String
    /// The post's bytes.
    let source: SourceBytes
    /// Resolved URLs whose references were rewritten.
    private(set) var rewrittenURLs: Set<String> = []
    private var counter: [String: Int] = [:]
    /// `--add-dimensions`: `width`/`height` on `<img>` elements that have neither, from the catalog.
    let addDimensions: Bool

    /// Creates a splicer for one post.
    init(map: PostSourceMap, post: ScannedPost, postFile: String, bytes: [UInt8], addDimensions: Bool = false) {
        self.addDimensions = addDimensions
        self.map = map
        self.post = post
        self.postFile = postFile
        source = SourceBytes(bytes: bytes)
    }

    /// True for a reference to another host (`http(s)://`, `//`), not to the site itself.
    static func isRemote(_ value: String, site: Site, postFile: String) -> Bool {
        let lower = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("//") else { return false }
        return site.file(for: value, inPost: postFile) == nil
    }

    /// The edits for the post, with files registered in `files`.
    mutating func edits(files: LocalizeFiles) -> [PostSplicer.Edit] {
        var edits: [PostSplicer.Edit] = []
        // Files are numbered in the order the post shows its images (the scanner's order), not
        // in the order the kinds of reference are visited below.
        for image in post.images.sorted(by: { $0.index < $1.index }) {
            guard let url = image.url, let object = files.object(for: url), counter[object.sha256] == nil else { continue }
            counter[object.sha256] = counter.count + 1
        }
        for element in map.elements { edits += elementEdits(element, files: files) }
        // Markdown images, and links to an archived image (a thumbnail's link to its full size).
        for destination in map.markdownImages + map.markdownLinks where Self.isRemote(destination.url, site: files.site, postFile: postFile) {
            guard let url = map.resolve(destination.url), let object = files.object(for: url),
                  let reference = files.reference(for: object, postFile: postFile, counter: &counter, date: post.date, mediaSubpath: post.mediaSubpath) else { continue }
            rewrittenURLs.insert(url)
            edits.append(.init(range: destination.destinationRange, text: reference))
            edits.append(.init(range: destination.end..<destination.end, text: LocalizeMarkers.markdownKeeper(source.text(destination.destinationRange))))
        }
        for shortcode in LocalizeShortcodes.sources(in: source.bytes) where Self.isRemote(shortcode.value, site: files.site, postFile: postFile) {
            guard let url = map.resolve(shortcode.value), let object = files.object(for: url),
                  let reference = files.reference(for: object, postFile: postFile, counter: &counter, date: post.date, mediaSubpath: post.mediaSubpath) else { continue }
            rewrittenURLs.insert(url)
            edits.append(.init(range: shortcode.valueRange, text: reference))
            edits.append(.init(range: shortcode.end..<shortcode.end, text: LocalizeMarkers.markdownKeeper(source.text(shortcode.valueRange))))
        }
        for cover in map.covers where Self.isRemote(cover.value, site: files.site, postFile: postFile) {
            var url = map.resolve(cover.value)
            var object = url.flatMap { files.object(for: $0) }
            if object == nil, cover.value.trimmingCharacters(in: .whitespaces) == post.cover,
               let fetched = post.images.first(where: \.isCover)?.url {
                url = fetched  // the cover is a variant of a body image that was fetched
                object = files.object(for: fetched)
            }
            guard let url, let object, let reference = files.reference(for: object, postFile: postFile, counter: &counter, as: .frontMatter, date: post.date, mediaSubpath: post.mediaSubpath) else { continue }
            rewrittenURLs.insert(url)
            edits.append(.init(range: cover.valueRange, text: reference))
            edits.append(.init(range: cover.lineEnd..<cover.lineEnd, text: LocalizeMarkers.frontMatterKeeper(
                key: cover.key, raw: source.text(cover.valueRange), indent: cover.indent, toml: cover.isTOML)))
        }
        return edits
    }

    /// Names of attributes that are keepers an earlier run wrote (never localized themselves).
    func keeperNames(_ element: PostSourceMap.Element) -> Set<String> {
        var keepers: Set<String> = []
        for attribute in element.attributes {
            for name in LocalizeMarkers.htmlKeeperNames(for: attribute.name) where source.has(" \(name)=", at: attribute.end) {
                keepers.insert(name)
            }
        }
        return keepers
    }

    /// Edits of one `<img>`/`<source>`: each remote URL gets the reference of its own object,
    /// else of the element's archived image (other candidates are the same picture in other sizes).
    /// A link whose `href` is an archived image (a picture's full size, the picture itself) gets
    /// that file's reference, as `src` does: a generator treats both alike.
    private mutating func elementEdits(_ element: PostSourceMap.Element, files: LocalizeFiles) -> [PostSplicer.Edit] {
        let keepers = keeperNames(element)
        let attributes = element.attributes.filter { !keepers.contains($0.name) }
        let site = files.site, postFile = postFile
        let remote = { (value: String) in Self.isRemote(value, site: site, postFile: postFile) }
        var fallback: ObjectRecord?
        var fallbackURL = ""
        for attribute in attributes {
            let values = PostSourceMap.srcsetAttributes.contains(attribute.name) ? PostSplicer.srcsetURLs(attribute.value) : [attribute.value]
            for value in values where remote(value) {
                if let url = map.resolve(value), let object = files.object(for: url) { (fallbackURL, fallback) = (url, object); break }
            }
            if fallback != nil { break }
        }
        guard let fallback else { return [] }
        var names = element.allNames
        var edits: [PostSplicer.Edit] = []
        for attribute in attributes {
            let replacement: String?
            if PostSourceMap.srcsetAttributes.contains(attribute.name) {
                let values = PostSplicer.srcsetURLs(attribute.value)
                guard values.contains(where: remote) else { continue }
                replacement = PostSourceMap.replacingSrcsetURLs(attribute.value) { written in
                    remote(written) ? self.reference(written, fallback: (fallbackURL, fallback), files: files, as: .literal) : nil
                }
            } else if remote(attribute.value) {
                replacement = reference(attribute.value, fallback: (fallbackURL, fallback), files: files, as: ["src", "href"].contains(attribute.name) ? .body : .literal)
            } else if attribute.name == "src", element.tag == "img", !PostSplicer.usable(attribute.value) {
                // A lazy-loading placeholder (data: URI): show the real image without JavaScript.
                replacement = reference("", fallback: (fallbackURL, fallback), files: files)
            } else {
                continue
            }
            guard let replacement, replacement != attribute.value else { continue }
            edits.append(.init(range: attribute.valueRange, text: HTMLEscaping.escape(replacement)))
            let candidates = LocalizeMarkers.htmlKeeperNames(for: attribute.name)
            let keeper = names.contains(candidates[0]) ? candidates[1] : candidates[0]
            names.insert(keeper)
            let quoted = attribute.end > attribute.valueRange.upperBound
            let quote = quoted ? (source.quote(before: attribute.valueRange.lowerBound).map { Character(UnicodeScalar($0)) } ?? "\"") : "\""
            var kept = " \(keeper)=\(quote)\(source.text(attribute.valueRange))\(quote)"
            if attribute.name == "src", element.tag == "img", addDimensions, !names.contains("width"), !names.contains("height") {
                let shown = map.resolve(attribute.value).flatMap { files.object(for: $0) } ?? fallback
                if let width = shown.width, let height = shown.height { kept += LocalizeMarkers.dimensions(width: width, height: height) }
            }
            edits.append(.init(range: attribute.end..<attribute.end, text: kept))
        }
        return edits
    }

    /// The reference for a URL as written: its own object, else the element's fallback object.
    private mutating func reference(_ written: String, fallback: (url: String, object: ObjectRecord), files: LocalizeFiles,
                                    as form: SitePlacement.Form = .body) -> String? {
        if !written.isEmpty, let url = map.resolve(written), let object = files.object(for: url) {
            rewrittenURLs.insert(url)
            return files.reference(for: object, postFile: postFile, counter: &counter, as: form, date: post.date, mediaSubpath: post.mediaSubpath)
        }
        rewrittenURLs.insert(fallback.url)
        return files.reference(for: fallback.object, postFile: postFile, counter: &counter, as: form, date: post.date, mediaSubpath: post.mediaSubpath)
    }
}
