import Foundation

/// Hexo: `_config.yml` beside `source/`; `source/` is the web root and `source/_posts/<name>.md`
/// owns the asset folder `source/_posts/<name>/` (also in sub-folders of `_posts`).
struct Hexo: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "hexo"
    /// The source folder relative to the root (`source_dir`, default `source`).
    var sourceDir: String
    /// `post_asset_folder: true`: relative names in a post mean its asset folder.
    var postAssetFolder: Bool
    /// `url` joined with `root`.
    var siteURL: String?
    /// The `root` setting's path (`/blog`), stripped from root-relative references.
    var rootPath: String
    /// The `theme` setting: `themes/<theme>/source/` is merged into the web root.
    var theme: String? = nil
    /// `permalink` names `:post_title`: a post's address is its title made a slug, lower-cased.
    var postTitlePermalink = false

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Hexo? {
        guard SitePaths.isFile(root + "/_config.yml") else { return nil }
        let config = SiteConfig.read(root: root, files: ["_config.yml"])
        let source = config["source_dir"] ?? "source"
        // Jekyll sites have `_config.yml` too: Hexo's mark is the source folder with posts or scaffolds.
        guard SitePaths.isFolder(root + "/" + source + "/_posts") || SitePaths.isFolder(root + "/scaffolds") else { return nil }
        let rootPath = SiteConfig.urlPath(config["root"])
        return Hexo(sourceDir: source, postAssetFolder: ["true", "yes", "on"].contains(config["post_asset_folder"]?.lowercased() ?? ""),
                    siteURL: config["url"].map { SitePaths.trimSlashes($0) + rootPath }, rootPath: rootPath, theme: config["theme"],
                    postTitlePermalink: config["permalink"]?.contains(":post_title") == true)
    }

    /// The folders whose files are posts.
    var contentFolders: [String] { [sourceDir] }

    /// Hexo copies nothing starting with `_` except `_posts`; drafts are not published.
    func skipsFolder(_ relative: String) -> Bool {
        let first = SitePaths.topFolder(relative)
        return first.hasPrefix("_") && first != "_posts"
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        let assetFolder = post.folder + "/" + post.stem
        let name = reference.trimmed
        if reference.kind == .postAsset {
            // Hexo keeps a post's asset files only with `post_asset_folder: true`; without it the
            // tag finds none and renders nothing.
            guard postAssetFolder else {
                return [SiteCandidate(path: SitePaths.join(assetFolder, name), rule: "hexo asset tag: post_asset_folder is off in _config.yml, so Hexo publishes no asset folder and the tag shows nothing (turn it on)", published: false)]
            }
            return [SiteCandidate(path: SitePaths.join(assetFolder, name), rule: "hexo asset tag: the post asset folder \(relative(assetFolder, post))/")]
        }
        let source = post.inRoot(sourceDir)
        if reference.isRootRelative {
            var path = reference.path
            if !rootPath.isEmpty, path.hasPrefix(rootPath + "/") { path = String(path.dropFirst(rootPath.count)) }
            var found = [SiteCandidate(path: SitePaths.join(source, String(path.dropFirst())), rule: "hexo root-relative: \(sourceDir)/ is the web root")]
            if let theme {
                found.append(SiteCandidate(path: post.inRoot("themes/\(theme)/source/" + path.dropFirst()), rule: "hexo root-relative: the theme's source/ is merged into the web root"))
            }
            // Assets are published under the post's permalink, which ends in the post's name.
            // `:title` is the file name without a `new_post_name` date prefix (`2020-01-02-title.md`).
            // So does a permalink the front matter gives (`permalink: /custom/slug/`, `abbrlink: 3a5b1c2d`).
            let titles = [post.stem, String(post.stem.replacing(/^\d{4}-\d{2}-\d{2}-/, with: ""))] + post.addressNames
            let parts = path.split(separator: "/").map(String.init)
            if let at = parts.lastIndex(where: titles.contains), at + 1 < parts.count {
                // Hexo publishes the asset folder there (with `post_asset_folder`): the file a
                // missing reference means too.
                let rest = parts[(at + 1)...].joined(separator: "/")
                let candidate = SiteCandidate(path: SitePaths.join(assetFolder, rest), rule: "hexo root-relative under the post's permalink: the post asset folder")
                if postAssetFolder { found.insert(candidate, at: 0) } else { found.append(candidate) }
            }
            // A picture reused from another post (`/2020/01/01/other-post/a.png`) is in that
            // post's asset folder, published under its permalink in the same way: the path's
            // tail from a post's name on (`other-post/a.png`, or `sub/other-post/a.png` for a post
            // in a sub-folder of `_posts`).
            if postAssetFolder, parts.count > 2 {
                let posts = SitePaths.join(source, "_posts")
                for start in 1..<(parts.count - 1) {
                    found.append(SiteCandidate(path: SitePaths.join(posts, parts[start...].joined(separator: "/")),
                                               rule: "hexo root-relative under another post's permalink: that post's asset folder"))
                }
            }
            return found
        }
        // A page (`source/about/index.md`) is served at its folder: it has no asset folder.
        guard SitePaths.isInside(post.file, SitePaths.join(source, "_posts")) || SitePaths.isInside(post.file, SitePaths.join(source, "_drafts")) else {
            return [SiteCandidate(path: SitePaths.join(post.folder, name), rule: "hexo page: relative to the page's folder"),
                    SiteCandidate(path: SitePaths.join(source, name), rule: "hexo: relative to \(sourceDir)/, the web root")]
        }
        // A cover the front matter names is printed by the theme through `url_for` (root + path:
        // Fluid's `index_img`, Butterfly's `cover`): from `source/` first, then the asset folder
        // (Shoka puts the post's path before it).
        if reference.kind == .frontMatter {
            return [SiteCandidate(path: SitePaths.join(source, name), rule: "hexo front matter: the theme prints it with url_for, from \(sourceDir)/"),
                    SiteCandidate(path: SitePaths.join(assetFolder, name), rule: "hexo front matter: the post asset folder \(relative(assetFolder, post))/"),
                    SiteCandidate(path: SitePaths.join(post.folder, name), rule: "relative to the post file's folder")]
        }
        let besidePost = SiteCandidate(path: SitePaths.join(post.folder, name), rule: "relative to the post file's folder (Typora style)")
        let inAssets = SiteCandidate(path: SitePaths.join(assetFolder, name), rule: "hexo post asset folder \(relative(assetFolder, post))/")
        // Written for the web root (`images/x.png` meaning `/images/x.png`): the browser would
        // miss it under the post's permalink, but the author named that file.
        let inSource = SiteCandidate(path: SitePaths.join(source, name), rule: "hexo: relative to \(sourceDir)/, the web root")
        // `<name>/x.png` is written relative to the post's folder; a bare `x.png` to the asset folder.
        if name.hasPrefix(post.stem + "/") { return [besidePost, inAssets, inSource] }
        // Without asset folders Hexo publishes nothing of `_posts/` but posts: a file under
        // `source/` is the one served (hexo-renderer-marked's `prependRoot`), the one beside the
        // post the one an editor showed (Typora).
        if !postAssetFolder { return SitePaths.isFile(inSource.path) ? [inSource, besidePost, inAssets] : [besidePost, inAssets, inSource] }
        return [inAssets, besidePost, inSource]
    }

    /// A permalink the front matter gives (`permalink: /custom/slug/`, hexo-abbrlink's `abbrlink`).
    func addressing(_ front: FrontMatter, post: SitePost) -> PostAddressing {
        let permalink = front.first(["permalink"]).flatMap { $0.split(separator: "/").last.map(String.init) }
        // `:post_title` is the title as hexo-util's `slugize(title, {transform: 1})` makes it.
        let titleSlug = postTitlePermalink ? front.first(["title"]).map(Self.slug) : nil
        return PostAddressing(addressNames: [permalink, front.first(["abbrlink"]), titleSlug].compactMap { $0 })
    }

    /// hexo-util's `slugize(text, {transform: 1})`: accents off, control characters dropped, each
    /// run of spaces and punctuation one `-`, none at either end, lower-cased (`AIS3 2021 最佳專題` →
    /// `ais3-2021-最佳專題`).
    static func slug(_ text: String) -> String {
        let special = Set(" \t\n\r~`!@#$%^&*()-_+=[]{}|\\;:\"'<>,.?/")
        var out = ""
        var pendingDash = false
        for character in text.folding(options: .diacriticInsensitive, locale: nil) {
            if character.unicodeScalars.allSatisfy({ $0.value < 0x20 }) { continue }
            if special.contains(character) || character.isWhitespace {
                pendingDash = !out.isEmpty
                continue
            }
            if pendingDash { out.append("-"); pendingDash = false }
            out.append(character)
        }
        return out.lowercased()
    }

    private func relative(_ path: String, _ post: SitePost) -> String {
        path.hasPrefix(post.root + "/") ? String(path.dropFirst(post.root.count + 1)) : path
    }
}
