import Foundation

/// Hugo: a configuration (`hugo.toml|yaml`, `config.toml|yaml` or `config/_default/`) beside the
/// content folder. Page bundles (`<slug>/index.md`, `_index.md`) own the files beside them;
/// `/path` is served from `static/` (and any module mount targeting `static`).
struct Hugo: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "hugo"
    /// The configuration files Hugo reads, in its order of preference.
    static let configFiles = ["hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"]
    /// Content folders relative to the root (`contentDir`, and each language's).
    var contentFolders: [String]
    /// Static folders relative to the root (`staticDir` and module mounts targeting `static`).
    var staticFolders: [String]
    /// `baseURL`.
    var siteURL: String?

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Hugo? {
        var config = SiteConfig.read(root: root, files: configFiles)
        let configFolder = root + "/config/_default"
        let hasFolder = SitePaths.isFolder(configFolder)
        guard hasFolder || configFiles.contains(where: { SitePaths.isFile(root + "/" + $0) }) else { return nil }
        if hasFolder { config.merge(SiteConfig.readFolder(configFolder)) }
        var content = [config["contentdir"] ?? "content"]
        content += config.values { $0.hasPrefix("languages.") && $0.hasSuffix(".contentdir") }
        content = unique(content.map(SitePaths.trimSlashes)).filter { SitePaths.isFolder(root + "/" + $0) }
        guard !content.isEmpty else { return nil }
        var statics = [config["staticdir"] ?? "static"]
        statics += config.values { $0.hasPrefix("languages.") && $0.hasSuffix(".staticdir") }
        statics += staticMounts(root: root, hasFolder: hasFolder)
        // A theme's static files are served at / too, after the site's own.
        if let theme = config["theme"] { statics.append("themes/\(theme)/static") }
        return Hugo(contentFolders: collapse(content), staticFolders: unique(statics.map(SitePaths.trimSlashes)), siteURL: config["baseurl"])
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.isRootRelative {
            var path = reference.path
            let prefix = SiteConfig.urlPath(siteURL)
            if !prefix.isEmpty, path.hasPrefix(prefix + "/") { path = String(path.dropFirst(prefix.count)) }
            let relative = String(path.drop { $0 == "/" })
            return staticFolders.map { SiteCandidate(path: post.inRoot($0 + "/" + relative), rule: "hugo root-relative: \($0)/ is served at /") }
                + contentFolders.map { SiteCandidate(path: post.inRoot($0 + "/" + relative), rule: "hugo root-relative: a page resource under \($0)/") }
        }
        let path = SitePaths.join(post.folder, reference.trimmed)
        guard isBundle(post) else {
            // A single page is served at `/section/slug/`; a relative name there usually means a static file.
            return [SiteCandidate(path: path, rule: "relative to the post file's folder")]
                + staticFolders.map { SiteCandidate(path: post.inRoot($0 + "/" + reference.trimmed), rule: "hugo: relative to \($0)/") }
        }
        // Hugo matches page resources by name ignoring case.
        let folder = (path as NSString).deletingLastPathComponent
        let match = SitePaths.caseInsensitiveMatch((path as NSString).lastPathComponent, in: folder) ?? path
        return [SiteCandidate(path: match, rule: "hugo page bundle resource (beside \((post.file as NSString).lastPathComponent), any case)")]
    }

    /// Congo and other themes take a bundle's image named `feature*`, `cover*` or `thumb*` as its cover.
    func namedCovers(post: SitePost) -> [String] {
        guard isBundle(post) else { return [] }
        return SitePaths.names(in: post.folder).filter { name in
            let lower = name.lowercased()
            return SitePaths.isImageName(lower) && ["feature", "cover", "thumb"].contains { lower.contains($0) }
        }.map { post.folder + "/" + $0 }
    }

    /// True for `index.*` and `_index.*`: the post owns the files of its folder.
    private func isBundle(_ post: SitePost) -> Bool { post.stem == "index" || post.stem == "_index" }

    /// `[[module.mounts]]` entries whose target is `static` (TOML only; one `source`/`target` pair per block).
    private static func staticMounts(root: String, hasFolder: Bool) -> [String] {
        var files = configFiles.map { root + "/" + $0 }
        if hasFolder { files += SitePaths.names(in: root + "/config/_default").map { root + "/config/_default/" + $0 } }
        var mounts: [String] = []
        for file in files where file.hasSuffix(".toml") {
            guard let text = SitePaths.read(file) else { continue }
            var source: String?, target: String?
            for line in text.split(separator: "\n").map({ $0.trimmedWhitespace() }) {
                if line.hasPrefix("[") { source = nil; target = nil; continue }
                let fields = FrontMatter.toml(line[...])
                if let value = fields["source"] { source = value }
                if let value = fields["target"] { target = value }
                if let s = source, target == "static" { mounts.append(s); source = nil; target = nil }
            }
        }
        return mounts
    }

    /// Drops folders inside other listed folders (`content` holds `content/en`).
    private static func collapse(_ folders: [String]) -> [String] {
        folders.filter { folder in !folders.contains { $0 != folder && folder.hasPrefix($0 + "/") } }
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
