import Foundation

/// A static-site source tree: where it is and which generator serves it. The one place that
/// knows how a generator lays out content and resolves a reference (the scanner asks it for
/// every local post; `localize` will ask it where archived images go back).
public struct Site: Sendable {
    /// The site root (the folder the generator runs in), absolute.
    public let root: String
    /// The generator's settings and rules.
    let generator: any SiteGenerator

    /// The generator's name (`hexo`, `hugo`, `vitepress`, ...: each generator's `name`).
    public var generatorName: String { type(of: generator).name }

    /// Creates a site from a root and a generator already read.
    init(root: String, generator: any SiteGenerator) {
        self.root = root
        self.generator = generator
    }

    /// The site whose root is `folder` (by its generator's marker files), or nil.
    public static func detect(root folder: String) -> Site? {
        let root = SitePaths.normalize(folder)
        for type in SiteGenerators.all {
            if let generator = type.detect(root: root) { return Site(root: root, generator: generator) }
        }
        return nil
    }

    /// The folders whose files are posts, absolute.
    public var contentFolders: [String] {
        generator.contentFolders.map { $0 == "." ? root : SitePaths.join(root, $0) }
    }

    /// Where `written` (as it appears in the post at `postFile`) points on disk, or nil when it
    /// is not a local reference (another host, `data:`, a protocol-relative URL). A reference
    /// with no file behind it comes back with `exists == false`: the first path tried and its rule.
    func resolve(_ written: String, postFile: String, kind: SiteReference.Kind, addressing: PostAddressing = PostAddressing()) -> LocalFile? {
        var text = written.trimmedWhitespace()
        if text.isEmpty { return nil }
        if let local = withoutSiteURL(text) {
            text = local
        } else if ImageURL.hasScheme(text) || text.hasPrefix("//") {
            return nil
        }
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<cut]) }
        if text.isEmpty { return nil }
        // Written on Windows (`image\2017.png`): a browser reads `\` in a web page's path as `/`.
        text = ImageURL.withForwardSlashes(text)
        // A browser folds `.` and `..` in a root-relative path and stops at the root (RFC 3986
        // 5.2.4): Typora's `/../images/x.png` is `/images/x.png`, never a file above the site.
        if text.hasPrefix("/"), !SitePaths.isClean(text) { text = SitePaths.normalize(text) }
        let post = SitePost(root: root, file: postFile, addressNames: addressing.addressNames, resources: addressing.resources)
        let decoded = text.removingPercentEncoding ?? text
        var tried: [SiteCandidate] = []
        for form in decoded == text ? [text] : [decoded, text] {
            let candidates = generator.candidates(for: SiteReference(path: form, kind: kind), post: post)
            if let hit = candidates.first(where: { $0.published && SitePaths.isFile($0.path) }) {
                return LocalFile(path: hit.path, rule: hit.rule, exists: true)
            }
            tried += candidates
        }
        return tried.first.map { LocalFile(path: $0.path, rule: $0.rule, exists: false) }
    }

    /// The folder a reference to a folder (`/img/trip/`) means in the post at `postFile`: the
    /// first of the generator's candidates for a file in it whose folder exists; nil when none does.
    func folder(for written: String, postFile: String) -> String? {
        let reference = SiteReference(path: SitePaths.trimSlashes(written) + "/-", kind: .link)
        return generator.candidates(for: reference, post: SitePost(root: root, file: postFile)).map { SitePaths.parent($0.path) }
            .first(where: SitePaths.isFolder)
    }

    /// The file a reference written in a Markdown or HTML post of this site means (for
    /// `localize` and other callers outside the scanner); nil when the reference is remote.
    public func file(for written: String, inPost postFile: String) -> LocalFile? {
        resolve(written, postFile: SitePaths.normalize(postFile), kind: .link)
    }

    /// `https://site/x` → `/x` when the URL is the site's own (scheme and case of the host ignored).
    private func withoutSiteURL(_ text: String) -> String? {
        guard let siteURL = generator.siteURL, ImageURL.hasScheme(text) || text.hasPrefix("//") else { return nil }
        func bare(_ url: String) -> Substring {
            guard let slashes = url.range(of: "//") else { return Substring(url) }
            return url[slashes.upperBound...]
        }
        let site = bare(SitePaths.trimSlashes(siteURL)).lowercased()
        let candidate = bare(text)
        guard !site.isEmpty, candidate.lowercased().hasPrefix(site + "/") else { return nil }
        return String(candidate.dropFirst(site.count))
    }

    /// What the site says of the post at `postFile` outside the file (title, date), or nil.
    func metadata(postFile: String) -> SitePostMetadata? {
        generator.metadata(post: SitePost(root: root, file: postFile))
    }

    /// Image files that are the post's cover by name alone (Hugo bundles' `feature*`, `cover*`, `thumb*`).
    func namedCovers(postFile: String, addressing: PostAddressing = PostAddressing()) -> [String] {
        generator.namedCovers(post: SitePost(root: root, file: postFile, resources: addressing.resources))
    }

    /// True when a walk of the site reads `path`: inside a content folder and not in a folder
    /// the generator never publishes, or a folder on the way to a content folder.
    func includes(_ path: String, isFolder: Bool) -> Bool {
        for content in contentFolders {
            if SitePaths.isInside(path, content) {
                let inner = path == content ? "" : String(path.dropFirst(content == "/" ? 1 : content.count + 1))
                let folderPart = isFolder ? inner : (inner as NSString).deletingLastPathComponent
                if !folderPart.isEmpty, generator.skipsFolder(folderPart) { return false }
                return isFolder || (generator.readsFile(inner) && !Self.isKnitted(path))
            }
            if isFolder, SitePaths.isInside(content, path) { return true }
        }
        return false
    }
}

extension Site {
    /// True for an R Markdown source (`x.Rmd`, `x.Rmarkdown`) beside the page knitr rendered from
    /// it (`x.html`, `x.markdown`, `x.md`), as blogdown leaves them in a Hugo site: the site
    /// publishes the rendered page (with the plots the code drew), and ignores the source.
    static func isKnitted(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext == "rmd" || ext == "rmarkdown" else { return false }
        let stem = (path as NSString).deletingPathExtension
        return ["html", "markdown", "md"].contains { SitePaths.isFile(stem + "." + $0) }
    }
}

/// The file a local reference resolves to and the rule that chose it.
public struct LocalFile: Sendable, Equatable {
    /// The absolute path tried.
    public var path: String
    /// The generator rule that produced the path (shown when the file is missing).
    public var rule: String
    /// True when a file exists there.
    public var exists: Bool
    /// `file://` URL of the path.
    public var url: String { URL(fileURLWithPath: path).absoluteString }
}
