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
        if let subpath = addressing.mediaSubpath, kind == .link || kind == .frontMatter, !written.contains(":"), !written.hasPrefix("//") {
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

    /// Cover images chosen by name (Hugo bundle resources), first one only.
    func namedCover() -> LocalFile? {
        guard let site, let path = site.namedCovers(postFile: postFile, addressing: addressing).first else { return nil }
        return LocalFile(path: path, rule: "\(site.generatorName) cover by name (feature*, cover*, thumb*)", exists: true)
    }
}
