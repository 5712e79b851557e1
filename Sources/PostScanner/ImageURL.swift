import Foundation

/// A base URL worked out only when a relative URL needs it: most posts use absolute URLs only,
/// and Foundation's URL parsing is among the costliest steps of a scan.
final class LazyBaseURL {
    private let make: () -> URL?
    /// The base URL, made on first use.
    lazy var url: URL? = make()
    /// The site address a root-relative reference (`/uploads/a.jpg`) resolves against when the
    /// base is no web address (a post read from disk, in no static site): `--site-url`.
    let root: URL?
    /// Wraps the code that makes the base.
    init(root: URL? = nil, _ make: @escaping () -> URL?) {
        self.root = root
        self.make = make
    }
}

/// URL rules for images: resolution against a base, proxy inner URLs, placeholders, srcset.
enum ImageURL {
    /// Hosts that serve stand-in pictures rather than a post's own image.
    static let placeholderHosts: Set<String> = [
        "picsum.photos", "fastly.picsum.photos", "placehold.it", "placehold.co", "placeholder.com",
        "via.placeholder.com", "dummyimage.com", "placekitten.com", "loremflickr.com", "lorempixel.com",
        "placeimg.com", "fakeimg.pl", "source.unsplash.com",
    ]

    /// Resolves `written` (already entity-decoded) against `base`; protocol-relative URLs take the
    /// base's scheme (https without a web base). Nil when relative and there is no base.
    static func resolve(_ written: String, base: URL?) -> String? {
        let trimmed = written.trimmedWhitespace()
        if trimmed.isEmpty { return nil }
        if hasScheme(trimmed) { return trimmed }
        if trimmed.hasPrefix("//") {
            let scheme = base?.scheme.flatMap { $0 == "http" || $0 == "https" ? $0 : nil } ?? "https"
            return scheme + ":" + trimmed
        }
        guard let base else { return nil }
        if let url = URL(string: trimmed, relativeTo: base) { return url.absoluteURL.absoluteString }
        // Non-ASCII or spaces in a relative path: percent-encode and try again.
        if let encoded = trimmed.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed.union(["%", "#", "?"])),
           let url = URL(string: encoded, relativeTo: base) {
            return url.absoluteURL.absoluteString
        }
        return nil
    }

    /// Resolves like `resolve(_:base:)`, asking `base` for its URL only when `written` is not absolute.
    static func resolve(_ written: String, base: LazyBaseURL) -> String? {
        if hasScheme(written) { return written.trimmedWhitespace() }  // starts with a letter: nothing to trim in front
        if let root = base.root, written.hasPrefix("/"), !written.hasPrefix("//"), base.url?.isFileURL != false {
            return resolve(written, base: root)
        }
        return resolve(written, base: base.url)
    }

    /// `written` with its backslashes read as slashes, as browsers read them in a web or file URL
    /// (the URL Standard: Windows Live Writer wrote `src="\images\posts\1\a.png"`); a path on a
    /// Windows drive (`C:\…`, see `LocalResolver.windowsDrivePath`) and other schemes are left as written.
    static func withForwardSlashes(_ written: String) -> String {
        guard SitePaths.contains(written, byte: UInt8(ascii: "\\")), LocalResolver.windowsDrivePath(written) == nil else { return written }
        if hasScheme(written), !["http:", "https:", "file:"].contains(where: { written.lowercased().hasPrefix($0) }) { return written }
        // Only in the path: a query keeps its backslashes (`png.latex?\frac{12}{6}`, an encoded polyline).
        let pathEnd = written.firstIndex { $0 == "?" || $0 == "#" } ?? written.endIndex
        return written[..<pathEnd].replacingOccurrences(of: "\\", with: "/") + written[pathEnd...]
    }

    /// The URL's last path segment, without query or fragment ("" after a trailing `/`).
    static func fileName(of url: String) -> Substring {
        url.prefix { $0 != "?" && $0 != "#" }.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    }

    /// The URL's file name without its extension (`blank` of `…/blank.gif?x`).
    static func fileStem(of url: String) -> Substring {
        let name = fileName(of: url)
        return name.lastIndex(of: ".").map { name[..<$0] } ?? name
    }

    /// The path (with its query) of a web URL: `/a/b.png?x` of `https://host/a/b.png?x`; nil for none.
    static func webPath(of url: String) -> Substring? {
        guard isWeb(url), let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return nil }
        return url[slash...]
    }

    /// True when `text` starts with `scheme:` (RFC 3986: an ASCII letter, then letters, digits, + - .).
    static func hasScheme(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        guard let first = bytes.next(), isASCIILetter(first) else { return false }
        while let byte = bytes.next() {
            if byte == UInt8(ascii: ":") { return true }
            guard isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") else { return false }
        }
        return false
    }

    /// True for an `http:` or `https:` URL (any case), which the downloader fetches.
    static func isWeb(_ url: String) -> Bool {
        let scheme = url.utf8.prefix(8).map { $0 | 0x20 }
        return scheme.starts(with: "http://".utf8) || scheme.starts(with: "https://".utf8)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= 0x61 && lower <= 0x7A
    }

    /// The URL wrapped by a proxy: a query that is itself an http(s) URL
    /// (`https://proxy/?http://img/a.jpg`), a `url=`-style parameter holding one, a
    /// percent-encoded URL as the last part of the path (resizers such as AOL's
    /// `…/resize/630x315!/http%3A%2F%2Fimg%2Fa.jpg`, Substack's), a URL written as it is in the
    /// path (Cloudinary's `…/image/fetch/w_300/https://img/a.jpg`, dev.to's, the Wayback
    /// Machine's), or Jetpack's Photon (`https://i0.wp.com/blog.host/a.jpg?resize=…`).
    static func innerURL(_ url: String) -> String? {
        // Byte searches first, as below: these run on every image of every post.
        if url.containsBytes(".wp.com/"), let photon = photonSource(url) { return photon }
        if url.containsBytes("/http"), let written = urlWrittenInPath(url) { return written }
        // A byte search first: Foundation's case-insensitive search costs 3% of a scan when run on every URL.
        if url.containsBytes("%3"), let encoded = url.range(of: "/http%3A%2F%2F", options: .caseInsensitive) ?? url.range(of: "/https%3A%2F%2F", options: .caseInsensitive) {
            let tail = url[url.index(after: encoded.lowerBound)...].prefix { $0 != "?" && $0 != "#" && $0 != "/" }
            if let decoded = tail.removingPercentEncoding { return decoded }
        }
        guard let question = url.utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        let query = url[url.index(after: question)...]
        let lower = query.prefix(8).lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return String(query) }
        for pair in query.split(separator: "&") {
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let name = pair[..<eq].lowercased()
            guard ["url", "u", "src", "image", "img", "imgurl"].contains(name) else { continue }
            let value = String(pair[pair.index(after: eq)...])
            let decoded = value.removingPercentEncoding ?? value
            if decoded.lowercased().hasPrefix("http://") || decoded.lowercased().hasPrefix("https://"), !namesPage(decoded) { return decoded }
        }
        return nil
    }

    /// True for an address that names a web page, not a file: a tracker's or a share button's
    /// `url=` of the post (`…/p.php?idsite=8&url=https://blog/posts/x/`) is no original.
    static func namesPage(_ url: String) -> Bool {
        let path = url.prefix { $0 != "?" && $0 != "#" }
        guard let scheme = path.range(of: "://") else { return false }
        let afterHost = path[scheme.upperBound...].drop { $0 != "/" }
        if afterHost.count <= 1 || afterHost.hasSuffix("/") { return true }
        let name = afterHost.split(separator: "/").last.map { $0.lowercased() } ?? ""
        return [".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp"].contains { name.hasSuffix($0) }
    }

    /// The source of a Jetpack Photon URL (`i0.wp.com` … `i3.wp.com`): the path names the
    /// source's host and path, fetched over https when `ssl=1` says so; the query only resizes.
    private static func photonSource(_ url: String) -> String? {
        guard let host = host(of: url), host.count == 9, host.hasPrefix("i"), host.hasSuffix(".wp.com"),
              let hostRange = url.range(of: host, options: .caseInsensitive) else { return nil }
        let rest = url[hostRange.upperBound...]
        let path = rest.prefix { $0 != "?" && $0 != "#" }
        guard path.hasPrefix("/"), path.dropFirst().contains("/"), path.dropFirst().first != "/" else { return nil }
        let secure = rest.dropFirst(path.count).split(separator: "&").contains { $0 == "ssl=1" || $0 == "?ssl=1" }
        return (secure ? "https:/" : "http:/") + path
    }

    /// An http(s) URL written as it is after a `/` of the path (before any query).
    private static func urlWrittenInPath(_ url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let afterScheme = url[scheme.upperBound...]
        let pathAndMore = afterScheme.drop { $0 != "/" }
        let path = pathAndMore.prefix { $0 != "?" && $0 != "#" }
        for marker in ["/https://", "/http://"] {
            if let found = path.range(of: marker, options: .caseInsensitive) {
                return String(url[url.index(after: found.lowerBound)...])
            }
        }
        return nil
    }

    /// True when the URL's host is a placeholder service, or its path ends in a script's missing
    /// value (`https://www.huxiu.com/article/undefined`: a feed generator wrote JavaScript's
    /// `undefined` where the picture's address was to go; fetched, it is an error page), or it is
    /// a site's empty stand-in the post does not describe (see `isStandIn`; `alt`: the picture's).
    static func isPlaceholder(_ url: String, alt: String? = nil) -> Bool {
        guard let host = host(of: url) else { return false }
        if placeholderHosts.contains(host) { return true }
        if isStandIn(url), !describes(alt, url) { return true }
        // Bytes first: nearly no address holds either word.
        guard url.containsBytes("/undefined") || url.containsBytes("/null") else { return false }
        let path = url.prefix { $0 != "?" && $0 != "#" }
        return path.hasSuffix("/undefined") || path.hasSuffix("/null")
    }

    /// True for a site's empty stand-in on the web (`…/blank.png`, `spacer.gif`, `transparent.gif`,
    /// also behind a proxy), shown where a script or a video was to go. A picture the post
    /// describes (an alt) is a picture of that name, not a stand-in.
    private static func isStandIn(_ url: String) -> Bool {
        // On the bytes after the last `/` (a proxy's `…/?http://site/blank.png` too): nearly no
        // picture's name starts with these words.
        let utf8 = url.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")), let first = utf8[utf8.index(after: slash)...].first,
              "bst".utf8.contains(first | 0x20) else { return false }
        let name = String(Substring(utf8[utf8.index(after: slash)...])).lowercased()
        guard name.hasPrefix("blank.") || name.hasPrefix("spacer.") || name.hasPrefix("transparent."), isWeb(url) else { return false }
        return isStandInFile(url) || innerURL(url).map(isStandInFile) == true
    }

    /// True when `alt` says something of the picture at `url`: not empty, nor its file's name
    /// again (a template's `<img src="blank.gif" alt="blank">`).
    static func describes(_ alt: String?, _ url: String) -> Bool {
        guard let alt = alt?.trimmedWhitespace(), !alt.isEmpty else { return false }
        return alt.lowercased() != fileStem(of: url).lowercased()
    }

    /// True when the URL's file is named `blank`, `spacer` or `transparent` (any image extension).
    private static func isStandInFile(_ url: String) -> Bool {
        let name = fileName(of: url).lowercased()
        guard let dot = name.lastIndex(of: ".") else { return false }
        return ["blank", "spacer", "transparent"].contains(String(name[..<dot])) && SitePaths.isImageName(name)
    }

    /// True when the URL is on this machine (`localhost`, `127.x`, `0.0.0.0`, `[::1]`): the
    /// address of a development server (`hugo server`, `hexo server`), not where a page is published.
    static func isOnThisMachine(_ url: String) -> Bool {
        guard let host = host(of: url) else { return false }
        return host == "localhost" || host.hasSuffix(".localhost") || host.hasPrefix("127.") || host == "0.0.0.0" || host.hasPrefix("[")
    }

    /// The lower-cased host of an absolute or protocol-relative URL, parsed by hand (on bytes)
    /// so that odd characters later in the URL cannot make it fail.
    static func host(of url: String) -> String? {
        let utf8 = url.utf8
        var previousWasSlash = false
        var authorityStart: String.Index? = nil
        for index in utf8.indices {
            let isSlash = utf8[index] == UInt8(ascii: "/")
            if isSlash && previousWasSlash { authorityStart = utf8.index(after: index); break }
            previousWasSlash = isSlash
        }
        guard let authorityStart else { return nil }
        let authority = utf8[authorityStart...].prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        // user:password@host:port -> host
        let hostStart = authority.lastIndex(of: UInt8(ascii: "@")).map { utf8.index(after: $0) } ?? authority.startIndex
        let hostPort = utf8[hostStart..<authority.endIndex]
        let hostEnd = hostPort.firstIndex(of: UInt8(ascii: ":")) ?? hostPort.endIndex
        guard hostStart < hostEnd else { return nil }
        return url[hostStart..<hostEnd].lowercased()
    }

    /// One `srcset` candidate: the URL and its size (width in px for `w`, density × 1 for `x`).
    struct Candidate {
        /// The URL as written in the srcset.
        var url: String
        /// Width descriptor, or nil.
        var width: Double?
        /// Density descriptor (1 when none is given).
        var density: Double
    }

    /// True for a srcset descriptor (`1200w`, `2x`, `1.5x`) standing where a URL should be.
    static func isDescriptor(_ text: String) -> Bool {
        guard let last = text.last, "wWxXhH".contains(last) else { return false }
        let number = text.dropLast()
        return !number.isEmpty && Double(number) != nil
    }

    /// Parses a `srcset` value: comma-separated `URL [descriptor]` items (commas inside URLs survive
    /// because a URL ends at whitespace, as in the HTML spec's algorithm).
    static func parseSrcset(_ srcset: String) -> [Candidate] {
        var result: [Candidate] = []
        var chars = Substring(srcset)
        while true {
            chars = chars.drop { $0.isWhitespace || $0 == "," }
            if chars.isEmpty { break }
            var url = chars.prefix { !$0.isWhitespace }
            chars = chars.dropFirst(url.count)
            var descriptor = ""
            if url.hasSuffix(",") {
                url = url.dropLast()  // "a.jpg," with no descriptor
                while url.hasSuffix(",") { url = url.dropLast() }
            } else {
                let desc = chars.prefix { $0 != "," }
                descriptor = desc.trimmedWhitespace()
                chars = chars.dropFirst(desc.count)
            }
            var candidate = Candidate(url: String(url), width: nil, density: 1)
            if let last = descriptor.last, let value = Double(descriptor.dropLast()) {
                if last == "w" || last == "W" { candidate.width = value }
                if last == "x" || last == "X" { candidate.density = value }
            }
            // A descriptor with no URL (`a.jpg, 1200w`: a comma too many) names no picture.
            if !candidate.url.isEmpty, !isDescriptor(candidate.url) { result.append(candidate) }
        }
        return result
    }
}
