/// WordPress image URL rules: a resized copy names its original, which is then a variant.
enum WordPressImageURL {
    /// The full-size original of a WordPress resized copy, or nil when `url` is not one.
    ///
    /// WordPress writes resized copies beside the upload as `name-300x200.jpg` (and, since 5.3,
    /// big uploads as `name-scaled.jpg`); WordPress.com and Jetpack's Photon resize on the fly
    /// with `?w=487`/`?resize=…`. Only URLs under `/wp-content/uploads/` or on a WordPress.com
    /// host are rewritten: elsewhere `-300x200` is just part of a name.
    static func original(of url: String) -> String? {
        guard isWordPressUpload(url) else { return nil }
        var path = Substring(url)
        var changed = false
        if let question = path.firstIndex(of: "?") {
            let query = path[path.index(after: question)...]
            if query.split(separator: "&").contains(where: { isResizeParameter($0) }) {
                path = path[..<question]
                changed = true
            }
        }
        if let stripped = withoutSizeSuffix(path) {
            path = stripped
            changed = true
        }
        return changed ? String(path) : nil
    }

    /// True for uploads of a self-hosted WordPress or any WordPress.com / Jetpack image host.
    static func isWordPressUpload(_ url: String) -> Bool {
        if url.containsBytes("/wp-content/uploads/") { return true }
        guard url.containsBytes("wp.com") || url.containsBytes("wordpress.com"), let host = ImageURL.host(of: url) else { return false }
        return host.hasSuffix(".files.wordpress.com") || host.hasSuffix(".wp.com")
    }

    /// Query parameters that ask WordPress.com / Photon for a resized copy.
    private static func isResizeParameter(_ pair: Substring) -> Bool {
        let name = pair.prefix { $0 != "=" }.lowercased()
        return ["w", "h", "resize", "fit", "crop", "quality", "ssl", "strip"].contains(name)
    }

    /// `a-300x200.jpg` → `a.jpg`, `a-scaled.jpg` → `a.jpg`; nil when the name has neither.
    private static func withoutSizeSuffix(_ path: Substring) -> Substring? {
        guard let dot = path.lastIndex(of: "."), let slash = path.lastIndex(of: "/"), slash < dot else { return nil }
        let stem = path[path.index(after: slash)..<dot]
        let ext = path[dot...]
        guard let dash = stem.lastIndex(of: "-") else { return nil }
        let suffix = stem[stem.index(after: dash)...]
        let base = path[..<dash]
        if suffix == "scaled" { return Substring(base + ext) }
        let parts = suffix.split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        return Substring(base + ext)
    }
}
