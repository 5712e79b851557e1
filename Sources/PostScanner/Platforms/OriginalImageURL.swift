/// The full-size original behind a resized copy, where an image host names its sizes in the
/// URL (what gallery-dl fetches for these hosts). `mirror --originals` asks for it first and
/// falls back to the URL the post shows when the original fails, so a wrong guess costs one
/// request, never the image.
public enum OriginalImageURL {
    /// Blogger's and Google's image hosts (`1.bp.blogspot.com`, `blogger.googleusercontent.com`,
    /// Picasa's `lh5.ggpht.com` of older Blogger uploads).
    static func isGoogleImageHost(_ host: String) -> Bool {
        host.hasSuffix(".bp.blogspot.com") || host.hasSuffix("googleusercontent.com") || host.hasSuffix(".ggpht.com")
    }

    /// The original of `url`, or nil when its host has no rule or the URL names the original.
    public static func original(of url: String) -> String? {
        guard ImageURL.isWeb(url), let host = ImageURL.host(of: url) else { return nil }
        let candidate: String?
        if isGoogleImageHost(host) {
            candidate = google(url)
        } else if host == "pbs.twimg.com" {
            candidate = twitter(url)
        } else if host.hasSuffix(".sinaimg.cn") {
            candidate = replacingFirstSegment(of: url, when: isWeiboSize, with: "large")
        } else if host.hasSuffix(".zhimg.com") {
            candidate = zhihu(url)
        } else if host == "mmbiz.qpic.cn" {
            candidate = wechat(url)
        } else if host == "cdn.shopify.com" {
            candidate = shopify(url)
        } else if url.contains("/.a/6a0") {
            candidate = typepad(url)
        } else if url.contains("/content/images/size/") {
            candidate = ghost(url)
        } else if host == "static.wixstatic.com" {
            candidate = wix(url)
        } else if host.hasSuffix(".media.tumblr.com") {
            candidate = tumblr(url)
        } else if host == "i.imgur.com" {
            candidate = imgur(url)
        } else if host == "i.pinimg.com" {
            candidate = replacingFirstSegment(of: url, when: isPinterestSize, with: "originals")
        } else if host.hasSuffix("staticflickr.com") || host.hasSuffix(".static.flickr.com") {
            candidate = flickr(url)
        } else if host == "res.cloudinary.com" {
            candidate = cloudinary(url)
        } else if queryResizers.contains(host) || host.hasSuffix(".imgix.net") {
            candidate = String(split(url).path)
        } else {
            candidate = WordPressImageURL.original(of: url)
        }
        return candidate == url ? nil : candidate
    }

    /// True when `sized` and `other`, one of them a resized copy on a host that names its sizes,
    /// are the same uploaded file (Blogger's `…=s72-c` feed thumbnail and the `…` picture the post
    /// shows; Flickr's `_b` attached to an item whose body shows its `_m`).
    static func sameUpload(_ sized: String, as other: String) -> Bool {
        let mine = original(of: sized), theirs = original(of: other)
        guard mine != nil || theirs != nil else { return false }
        // Google's uploaded size is `s0` or no size at all (`…/AAAAAAAAAio/x/image.png`, whose feed thumbnail is `…/x/s72-c/image.png`).
        func key(_ url: String) -> String {
            if url.hasSuffix("=s0") { return String(url.dropLast(3)) }
            guard let host = ImageURL.host(of: url), isGoogleImageHost(host), let file = FileName(url), file.folder.hasSuffix("/s0/") else { return url }
            return String(file.folder.dropLast(3) + file.stem + file.ext + file.query)
        }
        return key(mine ?? sized) == key(theirs ?? other)
    }

    // MARK: hosts

    /// Blogger and Google Photos: a size segment before the file name (`/s320/`, `/w400-h300-p/`)
    /// or a size suffix (`=s320`, `=w400-h300`) becomes `s0`, the uploaded size.
    private static func google(_ url: String) -> String? {
        let (path, query) = split(url)
        if let equals = path.lastIndex(of: "="), path[path.index(after: equals)...].allSatisfy({ $0 != "/" }),
           isGoogleSize(path[path.index(after: equals)...]) {
            return String(path[...equals] + "s0" + query)
        }
        guard let last = path.lastIndex(of: "/"), let previous = path[..<last].lastIndex(of: "/") else { return nil }
        let segment = path[path.index(after: previous)..<last]
        guard isGoogleSize(segment) else { return nil }
        return String(path[...previous] + "s0" + path[last...] + query)
    }

    /// `s320`, `s1600-rw`, `w400-h300-p-k-no-nu`: a Google image size with its options.
    private static func isGoogleSize(_ text: Substring) -> Bool {
        let first = text.split(separator: "-").first ?? ""
        guard let letter = first.first, letter == "s" || letter == "w" || letter == "h" else { return false }
        let digits = first.dropFirst()
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }

    /// Twitter: `?name=small` (any size) → `name=orig`; the older `ID.jpg:large` → `ID.jpg:orig`.
    private static func twitter(_ url: String) -> String? {
        guard url.contains("/media/") else { return nil }
        let (path, query) = split(url)
        if let colon = path.lastIndex(of: ":"), ["small", "medium", "large", "thumb"].contains(path[path.index(after: colon)...]) {
            return String(path[...colon] + "orig" + query)
        }
        guard !query.isEmpty else { return nil }
        let pairs = query.dropFirst().split(separator: "&", omittingEmptySubsequences: false).map { pair in
            pair.hasPrefix("name=") ? "name=orig" : String(pair)
        }
        return String(path) + "?" + pairs.joined(separator: "&")
    }

    /// Weibo's sizes: `mw690`, `bmiddle`, `thumb150`, `orj360`, `wap180`, `crop.0.0.640.640.180`.
    private static func isWeiboSize(_ segment: Substring) -> Bool {
        if ["bmiddle", "thumbnail", "small", "square", "middle"].contains(segment) || segment.hasPrefix("crop.") { return true }
        for prefix in ["mw", "thumb", "orj", "wap", "woriginal"] where segment.hasPrefix(prefix) {
            let rest = segment.dropFirst(prefix.count)
            return rest.allSatisfy(\.isASCIIDigit)
        }
        return false
    }

    /// Zhihu: `v2-<hash>_720w.jpg` (`_b`, `_hd`, `_1440w`, `_l`, …) → `v2-<hash>_r.jpg`, the raw upload.
    private static func zhihu(_ url: String) -> String? {
        guard let file = FileName(url), let underscore = file.stem.lastIndex(of: "_") else { return nil }
        let size = file.stem[file.stem.index(after: underscore)...]
        let known: Set<Substring> = ["b", "hd", "qhd", "l", "xl", "xll", "s", "xs", "is", "m", "xld", "ipico", "im", "ms"]
        guard known.contains(size) || (size.hasSuffix("w") && size.dropLast().allSatisfy(\.isASCIIDigit) && size.count > 1) else { return nil }
        return file.with(stem: file.stem[...underscore] + "r")
    }

    /// WeChat: `/mmbiz_jpg/<id>/640?wx_fmt=jpeg` → `/mmbiz_jpg/<id>/0?wx_fmt=jpeg`, the uploaded size.
    private static func wechat(_ url: String) -> String? {
        let (path, query) = split(url)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let size = path[path.index(after: slash)...]
        guard !size.isEmpty, size != "0", size.allSatisfy(\.isASCIIDigit), path.contains("/mmbiz") else { return nil }
        return String(path[...slash] + "0" + query)
    }

    /// Shopify: `name_800x.jpg`, `name_800x600.jpg`, `name_x600@2x.jpg`, `name_800x_crop_center.jpg` → `name.jpg`.
    private static func shopify(_ url: String) -> String? {
        guard let file = FileName(url) else { return nil }
        var stem = file.stem
        if let crop = stem.range(of: "_crop_") { stem = stem[..<crop.lowerBound] }
        if stem.hasSuffix("@2x") || stem.hasSuffix("@3x") { stem = stem.dropLast(3) }
        guard let underscore = stem.lastIndex(of: "_") else { return nil }
        let size = stem[stem.index(after: underscore)...]
        let sides = size.split(separator: "x", omittingEmptySubsequences: false)
        guard sides.count == 2, sides.contains(where: { !$0.isEmpty }), sides.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        return file.with(stem: stem[..<underscore])
    }

    /// Typepad (its blogs' own domains too): `/.a/6a00…-600wi` (`-320wi`, `-120si`, `-800pi`) →
    /// `/.a/6a00…-pi`, the uploaded file. Asset ids start `6a0`; the suffix is a size and a letter pair.
    private static func typepad(_ url: String) -> String? {
        let (path, query) = split(url)
        guard let slash = path.lastIndex(of: "/"), path[..<slash].hasSuffix("/.a"),
              let dash = path[slash...].lastIndex(of: "-") else { return nil }
        let size = path[path.index(after: dash)...]
        guard size.count > 2, ["wi", "si", "pi", "hi"].contains(size.suffix(2)),
              size.dropLast(2).allSatisfy(\.isASCIIDigit) else { return nil }
        return String(path[...dash] + "pi" + query)
    }

    // MARK: helpers

    /// A URL's file name taken apart for renaming: all before it (with its `/`), its stem, its
    /// extension (with its `.`) and the query (with its `?`). Nil when the name has no extension.
    struct FileName {
        let folder: Substring, stem: Substring, ext: Substring, query: Substring

        init?(_ url: String) {
            let (path, query) = OriginalImageURL.split(url)
            guard let slash = path.lastIndex(of: "/"), let dot = path.lastIndex(of: "."), slash < dot else { return nil }
            folder = path[...slash]
            stem = path[path.index(after: slash)..<dot]
            ext = path[dot...]
            self.query = query
        }

        /// The URL with `stem` in place of the file's stem.
        func with(stem: some StringProtocol) -> String { String(folder) + stem + ext + query }
    }

    /// The URL before its query, and the query with its `?` (empty when none).
    static func split(_ url: String) -> (path: Substring, query: Substring) {
        guard let question = url.firstIndex(of: "?") else { return (url[...], "") }
        return (url[..<question], url[question...])
    }

    /// `url` with its first path segment replaced by `replacement` when `matches` says so.
    static func replacingFirstSegment(of url: String, when matches: (Substring) -> Bool, with replacement: String) -> String? {
        guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return nil }
        let rest = url[url.index(after: slash)...]
        guard let end = rest.firstIndex(of: "/"), matches(rest[..<end]) else { return nil }
        return String(url[...slash] + replacement + rest[end...])
    }
}

extension Character {
    /// `0`…`9` only (`isNumber` would take other scripts' digits and fractions too).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
