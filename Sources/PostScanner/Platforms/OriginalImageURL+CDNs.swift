/// Image CDNs that name a rendition in the URL: Pinterest, Flickr, Cloudinary, and the services
/// that resize by query parameters (imgix and the CMSs built on it, Unsplash, Sanity, Contentful).
extension OriginalImageURL {
    /// Hosts whose query only renders the upload (`?w=800&q=80&fit=crop`): without it, the upload itself.
    static let queryResizers: Set<String> = ["images.unsplash.com", "plus.unsplash.com", "cdn.sanity.io", "images.ctfassets.net"]

    /// Pinterest's sizes: `236x`, `474x`, `736x`, `564x`, `1200x`, `170x` (→ `originals`, as gallery-dl asks).
    static func isPinterestSize(_ segment: Substring) -> Bool {
        segment.count > 1 && segment.hasSuffix("x") && segment.dropLast().allSatisfy(\.isASCIIDigit)
    }

    /// Ghost (any blog's domain): `/content/images/size/w600/2024/01/a.jpg` (`w600h400`, and
    /// `/format/webp/` after it) → `/content/images/2024/01/a.jpg`, the upload.
    static func ghost(_ url: String) -> String? {
        guard let marker = url.range(of: "/content/images/size/") else { return nil }
        var rest = url[marker.upperBound...]
        guard let slash = rest.firstIndex(of: "/"), rest[..<slash].first == "w" || rest[..<slash].first == "h" else { return nil }
        rest = rest[rest.index(after: slash)...]
        if rest.hasPrefix("format/"), let next = rest.dropFirst("format/".count).firstIndex(of: "/") { rest = rest[rest.index(after: next)...] }
        return String(url[..<marker.lowerBound] + "/content/images/" + rest)
    }

    /// Wix: `/media/<id>~mv2.jpg/v1/fill/w_740,h_493,…/<name>.jpg` → `/media/<id>~mv2.jpg`.
    static func wix(_ url: String) -> String? {
        guard url.contains("/media/"), let rendition = url.range(of: "/v1/") else { return nil }
        return String(url[..<rendition.lowerBound])
    }

    /// Tumblr's older sizes: `tumblr_<id>_500.jpg` (`_75sq`, `_100`, `_250`, `_400`, `_540`, `_640`) → `_1280`.
    static func tumblr(_ url: String) -> String? {
        guard let file = FileName(url), file.stem.hasPrefix("tumblr_"), let underscore = file.stem.lastIndex(of: "_"),
              ["75sq", "100", "250", "400", "500", "540", "640"].contains(file.stem[file.stem.index(after: underscore)...]) else { return nil }
        return file.with(stem: file.stem[...underscore] + "1280")
    }

    /// Imgur: a thumbnail is the image's id (7 characters, 5 for old images) and a size letter
    /// (`s b t m l h`): `AbCdEfGm.jpg` → `AbCdEfG.jpg`.
    static func imgur(_ url: String) -> String? {
        guard let file = FileName(url), file.stem.count == 8 || file.stem.count == 6, let size = file.stem.last, "sbtmlh".contains(size),
              file.stem.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return file.with(stem: file.stem.dropLast())
    }

    /// Flickr: `<id>_<secret>_<size>.jpg` with a size below 1024 (`s q t m n w z c`), or none (500),
    /// → `_b`, the largest size the same secret serves (the original has a secret of its own).
    static func flickr(_ url: String) -> String? {
        guard let file = FileName(url) else { return nil }
        let parts = file.stem.split(separator: "_")
        guard parts.count == 2 || parts.count == 3, parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isHexDigit) else { return nil }
        if parts.count == 3 { guard ["s", "q", "t", "m", "n", "w", "z", "c"].contains(parts[2]) else { return nil } }
        return file.with(stem: parts[0] + "_" + parts[1] + "_b")
    }

    /// Cloudinary: the transformations between `/image/upload/` and the version or public id
    /// (`w_300,c_fill,g_face/`, `t_thumb/`) go. (`/image/fetch/` is a proxy: its source is its inner URL.)
    static func cloudinary(_ url: String) -> String? {
        guard let upload = url.range(of: "/image/upload/") else { return nil }
        var rest = url[upload.upperBound...]
        var removed = false
        while let slash = rest.firstIndex(of: "/"), isCloudinaryTransformation(rest[..<slash]) {
            rest = rest[rest.index(after: slash)...]
            removed = true
        }
        return removed ? String(url[..<upload.upperBound] + rest) : nil
    }

    /// Cloudinary's transformation parameters (its URL API's keys).
    private static let cloudinaryKeys: Set<Substring> = ["a", "ac", "af", "ar", "b", "bo", "c", "co", "cs", "d", "dl", "dn", "dpr", "du", "e",
                                                         "eo", "f", "fl", "fn", "fps", "g", "h", "ki", "l", "o", "p", "pg", "q", "r", "so",
                                                         "sp", "t", "u", "vc", "vs", "w", "x", "y", "z"]

    /// `w_300,c_fill`, `t_media_lib_thumb`, `q_auto:good`: comma-separated `key_value` items with
    /// Cloudinary's keys. A version (`v1712345678`) or a folder name (`my_pics`) is none.
    private static func isCloudinaryTransformation(_ segment: Substring) -> Bool {
        !segment.isEmpty && segment.split(separator: ",").allSatisfy { item in
            guard let underscore = item.firstIndex(of: "_") else { return false }
            return cloudinaryKeys.contains(item[..<underscore]) && item.index(after: underscore) < item.endIndex
        }
    }
}
