import Foundation

/// Resolves the references of one local post through its site, for the scanner. A post that
/// uses Pelican placeholders (`{static}`) where no site was detected gets the Pelican site they
/// imply, so a trimmed tree without `pelicanconf.py` still resolves.
final class LocalResolver {
    /// The post file, absolute.
    let postFile: String
    /// The post's site, once known.
    private(set) var site: Site?
    /// What the post's front matter says of where its files are served (`read(_:)`).
    private(set) var addressing = PostAddressing()

    /// Creates a resolver for the post at `postFile` in `site` (nil when none was detected).
    init(postFile: String, site: Site?) {
        self.postFile = postFile
        self.site = site
    }

    /// Reads what the post's front matter says of where its files are served, as its site's generator reads it.
    func read(_ front: FrontMatter) {
        guard let site else { return }
        addressing = site.generator.addressing(front, post: SitePost(root: site.root, file: postFile))
    }

    /// The local file `written` means, or nil when it is not a site reference (the scanner then
    /// resolves it the generic way: against the post's URL or folder).
    func resolve(_ written: String, kind: SiteReference.Kind = .link) -> LocalFile? {
        if let drive = Self.windowsDrivePath(written) {
            return LocalFile(path: drive, rule: "a path on the author's own Windows disk (Typora's default when it does not copy pictures beside the post): no site or browser serves it; copy the file into the site and write a relative path", exists: false)
        }
        if let subpath = addressing.mediaSubpath, kind == .link || kind == .html || kind == .frontMatter, !written.contains(":"), !written.hasPrefix("//") {
            // `_includes/media-url.html`: subpath + "/" + src, `//` collapsed, then `relative_url`.
            let parts = [subpath, written].map { $0.split(separator: "/").joined(separator: "/") }
            let joined = "/" + parts.filter { !$0.isEmpty }.joined(separator: "/")
            guard let file = site?.resolve(joined, postFile: postFile, kind: .link, addressing: addressing) else { return nil }
            return LocalFile(path: file.path, rule: "chirpy media_subpath \(subpath): \(file.rule)", exists: file.exists)
        }
        if site == nil, Pelican.hasPlaceholder(written) {
            let implied = Pelican.implied(forPost: postFile)
            site = Site(root: implied.root, generator: implied.generator)
        }
        return site?.resolve(written, postFile: postFile, kind: kind, addressing: addressing)
    }

    /// `C:\Users\a\x.png` (or `C:/Users/…`) as the absolute path `/C:/Users/a/x.png`, whose URL is
    /// `file:///C:/Users/a/x.png`; nil for anything else (`c:` is no URL scheme a post uses).
    static func windowsDrivePath(_ written: String) -> String? {
        let bytes = Array(written.utf8.prefix(3))
        guard bytes.count == 3, (bytes[0] | 0x20) >= UInt8(ascii: "a"), (bytes[0] | 0x20) <= UInt8(ascii: "z"),
              bytes[1] == UInt8(ascii: ":"), bytes[2] == UInt8(ascii: "\\") || bytes[2] == UInt8(ascii: "/") else { return nil }
        let path = (written.removingPercentEncoding ?? written).replacingOccurrences(of: "\\", with: "/")
        return "/" + path.prefix { $0 != "?" && $0 != "#" }
    }

    /// Cover images chosen by name (Hugo bundle resources), first one only.
    func namedCover() -> LocalFile? {
        guard let site, let path = site.namedCovers(postFile: postFile, addressing: addressing).first else { return nil }
        return LocalFile(path: path, rule: "\(site.generatorName) cover by name (feature*, cover*, thumb*)", exists: true)
    }
}
