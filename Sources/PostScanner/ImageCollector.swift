import CGumbo
import Foundation

/// Finds the images of an HTML document in order and works out each one's URLs.
struct ImageCollector {
    /// Attributes that lazy-loading scripts read the real image from, most specific first.
    static let lazyAttributes = ["data-original", "data-actualsrc", "data-src", "data-lazy-src",
                                 "data-lazyload", "data-original-src", "data-echo", "lazyload", "data-url",
                                 "data-large-file", "data-medium-file", "file"]
    /// Attributes holding a `srcset` (lazy-loading plugins write it under a data- name).
    static let srcsetAttributes = ["srcset", "data-srcset", "data-lazy-srcset"]
    /// Attributes that name the full-size original (Jetpack's `data-orig-file`, Discuz's `zoomfile`,
    /// Tumblr's `data-orig-src`, the `data-full-url` WordPress 5.0–5.8 galleries write on each
    /// picture): the best candidate to fetch, though never a stand-in for the `src` as written.
    static let originalAttributes = ["data-orig-file", "zoomfile", "data-orig-src", "data-full-url"]

    /// AMP's image elements, which AMP pages write instead of `<img>` (a runtime script draws them).
    static let ampImageNames: Set<String> = ["amp-img", "amp-anim"]
    private static let ampImageTags = TagSet(ampImageNames)

    /// True for an element that is one of the post's pictures: an image (`isImage`) that is not
    /// an AMP image's `<noscript>` copy. The one test the scanner and the caption rules share.
    static func isPicture(_ node: HTMLNode) -> Bool { isImage(node) && !isAMPCopy(node) }

    /// True for an image element: `<img>`, or an AMP image that is the picture itself, not the
    /// `placeholder` shown while an embed loads nor the `fallback` of another AMP image.
    private static func isImage(_ node: HTMLNode) -> Bool {
        if node.isElement(GUMBO_TAG_IMG) { return true }
        return ampImageTags.contains(node) && !node.hasAttribute("placeholder") && !node.hasAttribute("fallback")
    }

    /// The `<img>` in an AMP image's `<noscript>`: its copy for browsers without the AMP runtime.
    private static func isAMPCopy(_ node: HTMLNode) -> Bool {
        guard node.isElement(GUMBO_TAG_IMG), let noscript = node.parent, noscript.isElement(GUMBO_TAG_NOSCRIPT),
              let amp = noscript.parent else { return false }
        return ampImageTags.contains(amp)
    }

    /// One `<img>` occurrence with its URLs worked out.
    struct Found {
        /// The `<img>` element.
        var element: HTMLNode
        /// The URL as written (src, or the lazy attribute standing in for a placeholder src).
        var src: String
        /// The resolved form of `src` (nil when relative without a base); the dedupe key.
        var resolvedSrc: String?
        /// The best candidate to fetch, resolved.
        var url: String?
        /// Other candidates, resolved (or as written when unresolvable), without `resolvedSrc`.
        var variants: [String]
        /// The site file `src` resolved to, when the post's site resolved it.
        var localFile: LocalFile? = nil
        /// The first lazy-loading attribute's URL as written, when it differs from `src`.
        var lazySrc: String? = nil
        /// `lazySrc` resolved.
        var lazyResolved: String? = nil
        /// The picture the page shows, when `url` is another one (an original, a larger size):
        /// fetched instead when `url` fails, so a dead original does not lose the picture.
        var fallback: String? = nil
        /// The full-size image file the picture links to (`LinkedFullSize`), resolved, when it is
        /// on the web and not `url` nor the picture shown.
        var linked: String? = nil
    }

    /// The base relative URLs resolve against, worked out on first use.
    let base: LazyBaseURL
    /// The post's site resolver (local posts only): asked before `base`.
    var local: LocalResolver? = nil
    /// Front-matter fields, for Liquid in a URL (`{{ page.image }}`).
    var page: [String: String] = [:]

    /// Every `<img>` with a usable URL (in `scope` when given: a web page's article), in document
    /// order (duplicates kept; the scanner merges them), and the `src` of those that are no
    /// pictures (tracking pixels).
    func collect(_ document: HTMLDocument, within scope: [HTMLNode]? = nil) -> (found: [Found], notPictures: Set<String>) {
        var found: [Found] = []
        var notPictures: Set<String> = []
        for root in scope ?? [document.root] { root.walk { node in
            guard Self.isPicture(node), let image = examine(node) else { return }
            if TrackingPixel.isNotAPicture(node, url: image.resolvedSrc ?? image.src) {
                notPictures.insert(image.src)
                return
            }
            found.append(image)
        } }
        Self.replacePlaceholders(&found)
        return (found, notPictures)
    }

    /// A `src` is a loading placeholder (`grey.gif`, `lazy_placeholder.gif`), not a picture, when
    /// it is shared by images whose lazy-loading attributes name different pictures, or when the
    /// lazy picture is shown as a `src` of its own (the `<noscript>` copy lazy-loading plugins add).
    /// Each such image is its lazy picture, as written: otherwise images sharing a placeholder
    /// would be merged as one, and the `<noscript>` copy would be a second image. A thumbnail
    /// shown again with the same original, or once without one, stays one image.
    static func replacePlaceholders(_ found: inout [Found]) {
        guard found.contains(where: { $0.lazySrc != nil }) else { return }
        var pictures: [String: Set<String>] = [:]
        for image in found { if let lazy = image.lazySrc { pictures[image.resolvedSrc ?? image.src, default: []].insert(lazy) } }
        let shown = Set(found.map { $0.resolvedSrc ?? $0.src })
        for index in found.indices {
            guard let lazy = found[index].lazySrc else { continue }
            let shared = pictures[found[index].resolvedSrc ?? found[index].src, default: []].count > 1
            let picture = found[index].lazyResolved
            guard shared || picture.map(shown.contains) == true else { continue }
            found[index].src = lazy
            found[index].resolvedSrc = picture
            found[index].variants.removeAll { $0 == picture }
            found[index].lazySrc = nil
        }
    }

    private func examine(_ img: HTMLNode) -> Found? {
        let isMarkdown = img.hasAttribute(MarkdownBody.markdownMarker)
        // `src` as written; a data: URI or empty src is a lazy-loading placeholder, so the
        // first lazy attribute stands in for it.
        var src: String? = nil
        if let raw = isMarkdown ? img.attribute("src") : img.rawAttribute("src"), usable(raw) { src = raw.trimmedWhitespace() }
        // Vue's bound `src` in VuePress and VitePress pages: `:src="$withBase('/a.png')"` (the site's
        // `base` put before a public path) or a string literal.
        if src == nil, let bound = img.attribute(":src") ?? img.attribute("v-bind:src"), let path = Self.vueLiteral(bound) { src = path }
        var lazy: [String] = []
        for name in Self.lazyAttributes {
            if let value = img.attribute(name), usable(value) { lazy.append(value.trimmedWhitespace()) }
        }
        var sized: [ImageURL.Candidate] = []
        for name in Self.srcsetAttributes { if let srcset = img.attribute(name) { sized += ImageURL.parseSrcset(srcset) } }
        if let picture = img.parent, picture.tag == "picture" {
            for source in picture.children where source.tag == "source" {
                for name in Self.srcsetAttributes { if let srcset = source.attribute(name) { sized += ImageURL.parseSrcset(srcset) } }
            }
        }
        sized = sized.filter { usable($0.url) && !Self.isLoadingPicture($0.url) }
        var originals = Self.originalAttributes.compactMap { img.attribute($0) }.filter(usable).map { $0.trimmedWhitespace() }
        // Blogger links each picture to its full size (`<a imageanchor="1" href="…/s1600/x.jpg">`
        // around `…/s320/x.jpg`; new URLs end in `=s1600`, no extension; since 2020 the editor
        // writes no `imageanchor`: `<a href="…/s1200/x.png"><img src="…/w200-h100/x.png">`): the
        // original to fetch.
        if let anchor = img.parent, anchor.tag == "a", let href = anchor.attribute("href"), usable(href),
           !href.contains("{"),  // a template's broken tag (`{[site.baseurl}}`) is no address
           anchor.hasAttribute("imageanchor") || Self.isBloggerFullSize(href, of: img.attribute("src") ?? "") {
            originals.append(href.trimmedWhitespace())
        }
        if src == nil { src = lazy.first ?? sized.first?.url ?? originals.first }
        guard let written = src else { return nil }
        // A video or a sound written as an image (`![clip](a.mp4)`: pandoc, Quarto and Obsidian
        // show a player for it) is no picture.
        if Self.namesVideoOrSound(written) { return nil }

        let decodedSrc = isMarkdown ? written : (img.attribute("src").flatMap { usable($0) ? $0 : nil } ?? written)
        // Liquid stays in `src` as written and is evaluated for resolving (`{{ "/a.png" | relative_url }}`).
        let path = SiteMarkup.liquidPath(decodedSrc, page: page).map(ImageURL.withForwardSlashes)
        let localFile = path.flatMap { local?.resolve($0, kind: Self.referenceKind(img)) }
        let resolvedSrc = localFile?.url ?? path.flatMap(resolve)
        // Resolves the picture's other copies (candidates, its lazy and linked URLs) as any URL,
        // except that a post with no web address of its own (a feed item saved to disk) that
        // writes them relative beside an absolute `src` (`<source srcset="/a.webp">` by
        // `<img src="https://blog/a.jpg">`) has them on the src's server, not on this disk.
        let resolveCopy = { (written: String) -> String? in
            guard let resolvedSrc, ImageURL.isWeb(resolvedSrc), local?.site == nil, base.root == nil,
                  !ImageURL.hasScheme(written), !written.hasPrefix("//"), base.url?.isFileURL != false else { return self.resolve(written) }
            return ImageURL.resolve(written, base: URL(string: resolvedSrc))
        }
        // Best candidate: the largest srcset/picture candidate when it beats src (src counts as 1x);
        // otherwise the lazy original (src is then a thumbnail or placeholder); otherwise src.
        var best = resolvedSrc
        // The site file reported (its rule, whether it is there): the one `best` names.
        var bestFile = localFile
        // Every candidate a resizing proxy's copy of `src` itself (Substack's
        // `substackcdn.com/image/fetch/w_1456,…/<src>`): `src` is the original, larger than any.
        let srcIsTheSource = !sized.isEmpty && resolvedSrc.map { source in sized.allSatisfy { ImageURL.innerURL($0.url) == source } } == true
        // A larger copy that is a site file too (a srcset size, a figure's `link`): fetched, unless
        // it is missing where the picture shown is there (a migrated Ghost post's `size/w2400/`
        // copies, which Ghost makes on request and no source tree holds).
        func take(_ copy: String) {
            if let localFile, let file = SiteMarkup.liquidPath(copy, page: page).flatMap({ local?.resolve($0) }) {
                if file.exists || !localFile.exists { (best, bestFile) = (file.url, file) }
            } else {
                best = resolveCopy(copy) ?? best
            }
        }
        if srcIsTheSource {
            best = resolvedSrc
        } else if let largest = sized.max(by: { size($0) < size($1) }), size(largest) > 1 {
            take(largest.url)
        } else if let original = originals.first ?? lazy.first {
            take(original)
        }
        var variants: [String] = []
        var seen: Set<String> = [resolvedSrc ?? decodedSrc]
        for candidate in originals + lazy + sized.map(\.url) {
            let resolved = resolveCopy(candidate) ?? candidate
            if seen.insert(resolved).inserted { variants.append(resolved) }
        }
        let lazySrc = lazy.first.flatMap { $0 == written || localFile != nil ? nil : $0 }
        let lazyPicture = lazy.first.flatMap(resolveCopy)  // resolved once: lazySrc, when set, is lazy.first
        let linked = LinkedFullSize.href(around: img).flatMap(resolveCopy).flatMap {
            ImageURL.isWeb($0) && $0 != best && $0 != resolvedSrc ? $0 : nil
        }
        return Found(element: img, src: written, resolvedSrc: resolvedSrc, url: best, variants: variants, localFile: bestFile,
                     lazySrc: lazySrc, lazyResolved: lazySrc.map { lazyPicture ?? $0 },
                     fallback: Self.fallback(shown: lazyPicture ?? resolvedSrc, best: best), linked: linked)
    }

    /// The picture as shown, as the fallback of `best`: the lazy picture when there is one (the
    /// `src` is then a placeholder or a thumbnail the script replaces), else the `src`; nil when
    /// it is `best` itself or not on the web (a local file is copied, never fetched).
    static func fallback(shown: String?, best: String?) -> String? {
        guard let shown, let best, shown != best, ImageURL.isWeb(shown), ImageURL.isWeb(best) else { return nil }
        return shown
    }

    /// A URL resolved through the post's site when it names a site file, else against the base.
    private func resolve(_ written: String) -> String? {
        guard let path = SiteMarkup.liquidPath(written, page: page) else { return nil }
        if let file = local?.resolve(path) { return file.url }
        return ImageURL.resolve(path, base: base)
    }

    /// A comparable size: width descriptors dominate density ones (a srcset uses one kind).
    private func size(_ candidate: ImageURL.Candidate) -> Double {
        if let width = candidate.width { return width }
        return candidate.density
    }

    /// How a site should read the image's path: a post asset, a bare name given to an include, a wiki embed, or a link.
    static func referenceKind(_ img: HTMLNode) -> SiteReference.Kind {
        if img.hasAttribute(SiteMarkup.assetMarker) { return .postAsset }
        if img.hasAttribute(SiteMarkup.wikiMarker) { return .wikiEmbed }
        if let marker = img.attribute(SiteMarkup.includeMarker), let space = marker.lastIndex(of: " ") {
            return .included(template: String(marker[..<space]), argument: String(marker[marker.index(after: space)...]))
        }
        return img.hasAttribute(MarkdownBody.markdownMarker) ? .link : .html
    }

    /// False for empty values, data: URIs and `about:blank`, which are lazy-loading stand-ins, and JSX expressions.
    /// True when `href` is Blogger's copy of the picture `src` shows, at another size: both on
    /// Blogger's image hosts, the same file name.
    static func isBloggerFullSize(_ href: String, of src: String) -> Bool {
        func onBlogger(_ url: String) -> Bool { ImageURL.host(of: url).map(OriginalImageURL.isGoogleImageHost) ?? false }
        let name = ImageURL.fileName(of: href)
        return href != src && !name.isEmpty && onBlogger(href) && onBlogger(src) && name == ImageURL.fileName(of: src)
    }

    /// File names of the spinners and blanks lazy loaders put in `srcset` or `data-*` until the
    /// picture loads (Hexo Fluid's `srcset="/img/loading.gif"`): no copy of the picture.
    static let loadingPictureNames: Set<String> = ["loading.gif", "loading.svg", "loading.png", "loading.webp", "lazy.gif", "lazyload.gif",
                                                    "blank.gif", "spacer.gif", "transparent.gif", "transparent.png", "pixel.gif", "1x1.gif",
                                                    "placeholder.gif", "placeholder.png", "placeholder.svg", "grey.gif", "gray.gif"]

    /// True when the URL's file name is one of `loadingPictureNames`.
    static func isLoadingPicture(_ url: String) -> Bool {
        let name = ImageURL.fileName(of: url)
        return name.count <= 16 && loadingPictureNames.contains(name.lowercased())
    }

    private func usable(_ value: String) -> Bool {
        let trimmed = value.trimmedWhitespace()
        if trimmed.isEmpty { return false }
        let lower = trimmed.prefix(11).lowercased()
        // `{expression}`: a JSX attribute (MDX) whose value is code, not a URL.
        if trimmed.hasPrefix("{"), trimmed.hasSuffix("}"), !trimmed.hasPrefix("{{"), !trimmed.hasPrefix("{%") { return false }
        // `#fragment` alone names the page itself, no picture.
        if trimmed.hasPrefix("#") { return false }
        return !lower.hasPrefix("data:") && !lower.hasPrefix("about:") && !lower.hasPrefix("javascript:")
    }

    /// The path a Vue binding names: `$withBase('/a.png')`, `withBase('/a.png')`, `'/a.png'`; nil
    /// for any other expression.
    static func vueLiteral(_ expression: String) -> String? {
        let trimmed = expression.trimmedWhitespace()
        guard let match = trimmed.wholeMatch(of: /(?:\$?withBase\(\s*)?(['"`])([^'"`]+)\1(?:\s*\))?/) else { return nil }
        return String(match.2)
    }

    /// True when the path ends in a video or sound file's extension.
    static func namesVideoOrSound(_ url: String) -> Bool {
        // On the bytes, from the end of the path: it runs for every picture of every post.
        let bytes = url.utf8
        let end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        var start = end
        while start > bytes.startIndex {
            let previous = bytes.index(before: start)
            let byte = bytes[previous]
            if byte == UInt8(ascii: ".") { break }
            if byte == UInt8(ascii: "/") || bytes.distance(from: previous, to: end) > 4 { return false }
            start = previous
        }
        guard start > bytes.startIndex, start < end else { return false }
        return videoAndSoundExtensions.contains(String(decoding: bytes[start..<end], as: UTF8.self).lowercased())
    }

    /// Extensions of video and sound files.
    static let videoAndSoundExtensions: Set<String> = ["mp4", "m4v", "webm", "mov", "ogv", "mkv", "avi", "mp3", "m4a", "wav", "ogg", "oga", "flac", "opus"]

    /// The base URL for a document: `<base href>` (itself resolved against the post URL), else
    /// the post URL, else the canonical link, else the post file's folder.
    static func base(baseHref: String?, canonicalLink canonical: String?, postURL: String?, folder: URL?) -> URL? {
        let postBase = postURL.flatMap { URL(string: $0) }
        let fallback = postBase ?? canonical.flatMap { URL(string: $0) } ?? folder.map { $0.hasDirectoryPath ? $0 : URL(fileURLWithPath: $0.path, isDirectory: true) }
        if let baseHref, let resolved = ImageURL.resolve(baseHref, base: fallback), let url = URL(string: resolved) { return url }
        return fallback
    }
}
