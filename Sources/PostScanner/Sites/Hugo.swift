import Foundation

/// Hugo: a configuration (`hugo.toml|yaml|json`, `config.toml|yaml|json` or `config/_default/`)
/// beside the content folder. Page bundles (`<slug>/index.md`, `_index.md`) own the files beside
/// them; `/path` is served from `static/` (and any module mount targeting `static` or a folder of it).
struct Hugo: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "hugo"
    /// The configuration files Hugo reads, in its order of preference.
    static let configFiles = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"]
    /// Content folders relative to the root (`contentDir`, and each language's).
    var contentFolders: [String]
    /// Folders served as static files (`staticDir`, module mounts targeting `static`, the theme's), in Hugo's order.
    var staticMounts: [StaticMount]
    /// Folders of global resources: `assetDir`, then the theme's `assets/`.
    var assetFolders: [String] = []
    /// True when an image render hook looks a Markdown destination up with `resources.Get`
    /// (see `rendersImagesAsResources`): only then is a global resource an image's file.
    var imageHookGetsResources = false
    /// True when some layout of the site or its themes calls `resources.Get` (or a theme is not
    /// in the tree): a front-matter cover kept under `assets/` is then published.
    var layoutsGetResources = false
    /// `baseURL`.
    var siteURL: String?
    /// The themes' folders relative to the root (`themesDir`/`theme`, every theme of a list, in
    /// order), whose `layouts/`, `static/` and `assets/` follow the site's.
    var themeFolders: [String] = []
    /// Each language's own content folder by its code (`ja` → `content_ja`): Hugo publishes a
    /// language's files under `/ja/`.
    var languageFolders: [String: String] = [:]
    /// `uglyURLs = true`: a page is served at `/section/slug.html`, so a relative path is read
    /// from `/section/`, not from `/section/slug/`.
    var uglyURLs = false
    /// The site's `params` (flattened, lower-cased keys), for `.Site.Params.NAME` in shortcode templates.
    var params: [String: String] = [:]
    /// The site's shortcode templates, read once.
    let templates = TemplateTexts()

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Hugo? {
        let configFolder = root + "/config/_default"
        let hasFolder = SitePaths.isFolder(configFolder)
        guard hasFolder || SitePaths.firstFile(configFiles, in: root) != nil else { return nil }
        var config = SiteConfig.read(root: root, files: configFiles)
        if hasFolder { config.merge(SiteConfig.readFolder(configFolder)) }
        // Each language's `contentDir`; the site's own (`content`) holds the pages of the languages
        // that name none (a `content/en` inside `content` is then not collapsed away).
        let languageFolders = config.values { $0.hasPrefix("languages.") && $0.hasSuffix(".contentdir") }
        let languages = Set(config.fields.keys.filter { $0.hasPrefix("languages.") }.compactMap { $0.split(separator: ".").dropFirst().first })
        let everyLanguageHasItsOwn = config["contentdir"] == nil && !languages.isEmpty && languageFolders.count >= languages.count
        var content = everyLanguageHasItsOwn ? [] : [config["contentdir"] ?? "content"]
        content += languageFolders
        content = unique(content.map(SitePaths.trimSlashes)).filter { SitePaths.isFolder(root + "/" + $0) }
        guard !content.isEmpty else { return nil }
        // `staticDir = ["static", "uploads"]`: every folder of the list, in order.
        var statics = listSetting("staticdir", root: root) ?? [config["staticdir"] ?? "static"]
        statics += config.values { $0.hasPrefix("languages.") && $0.hasSuffix(".staticdir") }
        // Mounts targeting static replace the default `staticDir` mount (Hugo's rule: a site with mounts lists `static` itself).
        let mounted = moduleMounts(root: root, hasFolder: hasFolder)
        var mounts = mounted.isEmpty ? statics.map { StaticMount(folder: $0, urlPath: "") } : mounted
        let themes = themeFolders(config, root: root)
        // A theme's static files are served at / too, after the site's own.
        mounts += themes.map { StaticMount(folder: $0 + "/static", urlPath: "") }
        let assets = [SitePaths.trimSlashes(config["assetdir"] ?? "assets")] + themes.map { $0 + "/assets" }
        var byLanguage: [String: String] = [:]
        for language in languages { if let folder = config["languages.\(language).contentdir"] { byLanguage[String(language)] = SitePaths.trimSlashes(folder) } }
        // The layouts calling `resources.Get`, found once; a theme not in the tree (a git submodule
        // fetched at build time) may call it anywhere.
        let themeMissing = themes.contains { !SitePaths.isFolder(SitePaths.join(root, $0)) }
        let callers = resourcesGetCallers(root: root, themes: themes)
        return Hugo(contentFolders: collapse(content), staticMounts: unique(mounts), assetFolders: assets,
                    imageHookGetsResources: themeMissing || rendersImagesAsResources(config, languages: languages.count, callers: callers, root: root, themes: themes),
                    layoutsGetResources: themeMissing || !callers.isEmpty, siteURL: config["baseurl"], themeFolders: themes,
                    languageFolders: byLanguage, uglyURLs: config["uglyurls"]?.lowercased() == "true",
                    params: Dictionary(config.fields.compactMap { key, value in key.hasPrefix("params.") ? (String(key.dropFirst(7)), value) : nil },
                                       uniquingKeysWith: { first, _ in first }))
    }

    /// The folders of the site's themes, relative to the root: `theme` (one name or a list, as
    /// `theme = ["hugo-notice", "PaperMod"]`) under `themesDir` (default `themes`). A theme's own
    /// `exampleSite/` names itself with `themesDir = "../.."`: the repository above it is the theme
    /// when no folder of that name is there.
    private static func themeFolders(_ config: SiteConfig, root: String) -> [String] {
        let names = listSetting("theme", root: root) ?? config["theme"].map { [$0] } ?? []
        let folder = SitePaths.trimSlashes(config["themesdir"] ?? "themes")
        return names.map { name in
            let named = folder + "/" + name
            if !SitePaths.isFolder(SitePaths.join(root, named)), folder.hasPrefix(".."),
               SitePaths.isFolder(SitePaths.join(root, "../layouts")) { return ".." }
            return named
        }
    }

    /// A top-level setting (`theme`, `staticDir`, lower-cased) when the configuration writes it as a
    /// list (`["a", "b"]`, or YAML's `- a` lines), else nil. Read once per site, when it is detected.
    private static func listSetting(_ key: String, root: String) -> [String]? {
        // `key` is one of this file's setting names (letters): the patterns always compile.
        guard let inline = try? Regex(#"(?im)^\s*"?"# + key + #""?\s*[=:]\s*\[([^\]]*)\]"#),
              let block = try? Regex(#"(?im)^"# + key + #":\s*\n((?:\s+-\s*.+\n?)+)"#) else { return nil }
        for file in configFiles + configFiles.map({ "config/_default/" + $0 }) {
            guard let text = SitePaths.read(SitePaths.join(root, file)) else { continue }
            if let match = text.firstMatch(of: inline), let list = match.output[1].substring {
                let names = list.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n\"'")) }.filter { !$0.isEmpty }
                return names.isEmpty ? nil : names
            }
            if let match = text.firstMatch(of: block), let list = match.output[1].substring {
                return list.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t-\"'")) }.filter { !$0.isEmpty }
            }
        }
        return nil
    }

    /// The site's template for shortcode `name` (its own, then the theme's), or nil.
    func shortcodeTemplate(_ name: String, root: String) -> HugoShortcodeTemplate? {
        HugoShortcodeTemplate.find(name, root: root, themes: themeFolders, templates: templates)
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if case .included(let name, let argument) = reference.kind,
           let path = HugoShortcodeTemplate.find(name, root: post.root, themes: themeFolders, templates: templates)?
               .path(argument: argument, value: reference.path, basePath: SiteConfig.urlPath(siteURL), params: params),
           path != reference.path {
            let rule = "hugo shortcode \(name): its template puts \(argument) at \(path)"
            return candidates(for: SiteReference(path: path, kind: .link), post: post).map { SiteCandidate(path: $0.path, rule: rule) }
                + candidates(for: SiteReference(path: reference.path, kind: .link), post: post)
        }
        // A template that hands the argument to `resources.Get` shows that global resource
        // (`src="/img/x.png"` is `assets/img/x.png`: Hugo takes the leading `/` off), before a
        // copy of the same path under `static/`.
        if case .included(let name, let argument) = reference.kind,
           shortcodeTemplate(name, root: post.root)?.getsGlobalResource(argument: argument) == true {
            return globalResources(reference, post: post) + candidates(for: SiteReference(path: reference.path, kind: .link), post: post)
        }
        if reference.isRootRelative {
            let relative = reference.servedPath(under: SiteConfig.urlPath(siteURL))
            return staticMounts.compactMap { mount in
                mount.file(for: relative).map { SiteCandidate(path: post.inRoot($0), rule: "hugo root-relative: \(mount.folder)/ is served at /\(mount.urlPath)") }
            } + contentFolders.map { SiteCandidate(path: post.inRoot($0 + "/" + relative), rule: "hugo root-relative: a page resource under \($0)/") }
                + inLanguageFolder(relative, post: post) + underOwnAddress(relative, post: post) + globalResources(reference, post: post)
        }
        let path = SitePaths.join(post.folder, reference.trimmed)
        guard isBundle(post) else {
            // A single page is served at `/section/slug/`: the browser asks for `/section/slug/x`,
            // a static file there (`static/posts/foo/a.png` for `content/posts/foo.md`); a relative
            // name there usually means a static file. With `uglyURLs` the page is `/section/slug.html`.
            let fromPage = pageAddress(post).map { uglyURLs ? ($0 as NSString).deletingLastPathComponent : $0 }.map { address in
                staticMounts.compactMap { mount in
                    mount.file(for: address + "/" + reference.trimmed).map { SiteCandidate(path: post.inRoot($0), rule: "hugo: from the page's URL /\(address)/, under \(mount.folder)/") }
                }
            } ?? []
            return [SiteCandidate(path: path, rule: "relative to the post file's folder")] + fromPage
                + staticMounts.compactMap { mount in
                    mount.file(for: reference.trimmed).map { SiteCandidate(path: post.inRoot($0), rule: "hugo: relative to \(mount.folder)/") }
                } + globalResources(reference, post: post)
        }
        // Hugo matches page resources by name ignoring case.
        let folder = (path as NSString).deletingLastPathComponent
        let match = SitePaths.caseInsensitiveMatch((path as NSString).lastPathComponent, in: folder) ?? path
        var found = [SiteCandidate(path: match, rule: "hugo page bundle resource (beside \((post.file as NSString).lastPathComponent), any case)")]
        // A name the front matter gives a resource (`resources: [{name: diagram, src: img/a.png}]`) finds it, as `.Resources.Get` does.
        if !post.resources.isEmpty, let named = HugoResources(postFile: post.file, entries: post.resources).named(reference.trimmed), named.path != named.name {
            found.append(SiteCandidate(path: post.folder + "/" + named.path, rule: "hugo page resource named \(named.name) in the front matter's resources"))
        }
        // No such resource: the browser resolves the path against the page's URL (`../../images/x`
        // from /posts/slug/ is /images/x, a static file), and a theme prints a front-matter cover
        // with `absURL` (PaperMod's `cover.relative: false`).
        if let served = servedFromPage(reference, post: post) {
            found += staticMounts.compactMap { mount in
                mount.file(for: served).map { SiteCandidate(path: post.inRoot($0), rule: "hugo: the path from the page's URL, under \(mount.folder)/") }
            }
        }
        // Docsy's `imgproc` finds its resource with `.Resources.GetMatch "**NAME*"`, PaperMod its
        // cover with `GetMatch "*NAME*"`: the first image of the bundle holding the name.
        // (The bundle is listed only when the name itself is no file of it: the first candidate wins then.)
        let named = SitePaths.isFile(match)
        if !named, case .included("imgproc", _) = reference.kind, let hit = Self.bundleImage(containing: reference.trimmed, post: post) {
            found.append(SiteCandidate(path: post.folder + "/" + hit, rule: "hugo imgproc: the bundle's resource matching **\(reference.trimmed)*"))
        }
        if !named, reference.kind == .frontMatter, let hit = Self.bundleImage(containing: reference.trimmed, post: post) {
            found.append(SiteCandidate(path: post.folder + "/" + hit, rule: "hugo front-matter cover: the bundle's image matching *\(reference.trimmed)* (PaperMod's GetMatch)"))
        }
        return found + globalResources(reference, post: post)
    }

    /// The first image file (by name) directly in the bundle whose name holds `name`, any case,
    /// the `*` a glob writes around it left out (Diary's `featured_image: "*cover*"`); nil for a
    /// name with a folder (`*` stops at `/`).
    private static func bundleImage(containing name: String, post: SitePost) -> String? {
        let core = name.filter { $0 != "*" }.lowercased()
        guard !core.contains("/"), !core.isEmpty else { return nil }
        return SitePaths.names(in: post.folder).sorted().first { $0.lowercased().contains(core) && SitePaths.isImageName($0) }
    }

    /// `/ja/images/j.png` of a language with its own content folder: `content_ja/images/j.png`
    /// (Hugo publishes a language's content files under its code).
    private func inLanguageFolder(_ relative: String, post: SitePost) -> [SiteCandidate] {
        guard let slash = relative.firstIndex(of: "/"), let folder = languageFolders[relative[..<slash].lowercased()] else { return [] }
        return [SiteCandidate(path: post.inRoot(folder + "/" + relative[relative.index(after: slash)...]),
                              rule: "hugo root-relative: /\(relative[..<slash])/ is the language's content folder \(folder)/")]
    }

    /// A single page's address without slashes (`posts/foo` for `content/posts/foo.md`, the last
    /// part its `slug` when the front matter gives one), or nil outside the content folders.
    private func pageAddress(_ post: SitePost) -> String? {
        guard let folder = folderInContent(post) else { return nil }
        return (folder + [post.addressNames.first ?? post.stem]).joined(separator: "/")
    }

    /// The post's folder as path parts under its content folder (`["posts"]` for
    /// `content/posts/foo.md`), or nil outside the content folders.
    private func folderInContent(_ post: SitePost) -> [String]? {
        guard let content = contentFolders.first(where: { SitePaths.isInside(post.folder, post.inRoot($0)) }) else { return nil }
        return String(post.folder.dropFirst(post.inRoot(content).count)).split(separator: "/").map(String.init)
    }

    /// The site path (no leading `/`) a relative reference of a bundle names from the page's URL,
    /// or nil when it climbs above the site.
    private func servedFromPage(_ reference: SiteReference, post: SitePost) -> String? {
        let written = reference.trimmed
        if reference.kind == .frontMatter { return written }
        guard written.hasPrefix("../") else { return nil }
        guard var parts = folderInContent(post) else { return nil }
        for part in written.split(separator: "/") {
            if part == ".." { guard !parts.isEmpty else { return nil }; parts.removeLast() } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }

    /// The global resources `resources.Get` finds for the destination (its path without the
    /// leading `/`), tried after page resources and static files, when what renders the
    /// reference looks it up so: the image render hook for a Markdown image or link, the
    /// shortcode's own template for a name given to a shortcode, and Hugo's embedded `figure`
    /// (0.134+, which tries a page resource, then a global one).
    private func globalResources(_ reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        let looksUp: Bool
        if case .included(let name, _) = reference.kind {
            let template = HugoShortcodeTemplate.find(name, root: post.root, themes: themeFolders, templates: templates)
            looksUp = template.map { $0.text.contains("resources.Get") } ?? (name == "figure")
        } else {
            // A front-matter cover found only there is one a layout loads with `resources.Get`
            // (`{{ with resources.Get .Params.image }}`), when some layout calls it.
            looksUp = imageHookGetsResources || reference.kind == .frontMatter && layoutsGetResources
        }
        let path = SitePaths.trimSlashes(reference.trimmed)
        guard looksUp, !path.isEmpty, !path.hasPrefix("..") else { return [] }
        return assetFolders.map { SiteCandidate(path: post.inRoot($0 + "/" + path), rule: "hugo global resource: \($0)/ (resources.Get)") }
    }

    /// True when Markdown images go through a render hook that finds a destination that is no
    /// page resource among the global resources: Hugo 0.123's embedded hook (on with
    /// `renderHooks.image.enableDefault`, and by default on a multilingual site), or the site's or
    /// theme's own `render-image.html` calling `resources.Get` (Congo, Blowfish, PaperMod). Without
    /// one, `/x.png` kept under `assets/` is never published.
    private static func rendersImagesAsResources(_ config: SiteConfig, languages: Int, callers: [String], root: String, themes: [String]) -> Bool {
        if config["markup.goldmark.renderhooks.image.enabledefault"]?.lowercased() == "true" { return true }
        if languages > 1 { return true }
        let hooks = (["layouts"] + themes.map { $0 + "/layouts" }).flatMap { folder in
            ["_default/_markup/render-image.html", "_markup/render-image.html"].map { folder + "/" + $0 }
        }
        if hooks.contains(where: callers.contains) { return true }
        // DoIt and FixIt look it up in a partial the hook calls (`plugin/image.html` →
        // `function/resource.html`): any partial of the site or its themes that calls it.
        guard hooks.contains(where: { SitePaths.read(root + "/" + $0)?.contains("partial") == true }) else { return false }
        return callers.contains { $0.contains("/partials/") }
    }

    /// The `.html` templates of the site's and its themes' `layouts/` (any depth) that call
    /// `resources.Get`, relative to the root: read once, when the site is detected.
    private static func resourcesGetCallers(root: String, themes: [String]) -> [String] {
        (["layouts"] + themes.map { $0 + "/layouts" }).flatMap { folder in
            (FileManager.default.enumerator(atPath: root + "/" + folder)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".html") && SitePaths.read(root + "/" + folder + "/" + $0)?.contains("resources.Get") == true }
                .map { folder + "/" + $0 }
        }
    }

    /// Congo and other themes take a bundle's image named `*feature*`, `*cover*` or `*thumb*` as its
    /// cover (`.Resources.GetMatch "*feature*"`), FixIt and LoveIt the one named `featured-image`: the
    /// resource's name, which front matter may give (`resources: [{name: featured-image, src: images/a.png}]`),
    /// sorted by name as Hugo sorts resources.
    func namedCovers(post: SitePost) -> [String] {
        guard isBundle(post) else { return [] }
        return HugoResources(postFile: post.file, entries: post.resources).resources.filter { resource in
            let lower = resource.name.lowercased()
            // `*` stops at `/`: a file in a folder of the bundle matches only by a name front matter gives it.
            return !lower.contains("/") && ["feature", "cover", "thumb"].contains { lower.contains($0) }
        }.map { post.folder + "/" + $0.path }
    }

    /// Hugo's `slug` (and the last part of a front-matter `url`) is the post's address; a bundle's
    /// resources are published under it. The names and titles of `resources` are read for bundles.
    func addressing(_ front: FrontMatter, post: SitePost) -> PostAddressing {
        let url = front.first(["url"]).flatMap { $0.split(separator: "/").last.map(String.init) }
        return PostAddressing(addressNames: [front.first(["slug"]), url].compactMap { $0 },
                              resources: isBundle(post) ? HugoResources.entries(front) : [])
    }

    /// A root-relative path into a bundle's published address (`/post/2024/313/my-slug/a.jpg` with
    /// a permalink pattern such as `/:section/:year/:yearday/:slug/`): the path after the post's
    /// own name (its `slug`, else the bundle's folder name) is a file of the bundle.
    private func underOwnAddress(_ relative: String, post: SitePost) -> [SiteCandidate] {
        guard isBundle(post) else { return [] }
        let names = post.addressNames + [(post.folder as NSString).lastPathComponent]
        let parts = relative.split(separator: "/").map(String.init)
        guard let at = parts.lastIndex(where: names.contains), at + 1 < parts.count else { return [] }
        let rest = parts[(at + 1)...].joined(separator: "/")
        return [SiteCandidate(path: SitePaths.join(post.folder, rest), rule: "hugo root-relative under the page's own address (\(parts[at])/): a resource of its bundle")]
    }

    /// True for a page bundle's page (`SitePost.isIndexPage`): the post owns the files of its folder
    /// (resources without a language in their name are every translation's).
    private func isBundle(_ post: SitePost) -> Bool { post.isIndexPage }

    /// Module mounts whose target is `static` or a folder of it, from the TOML, YAML or JSON
    /// configuration files (`module.mounts`, or `mounts` in `config/_default/module.*`).
    private static func moduleMounts(root: String, hasFolder: Bool) -> [StaticMount] {
        var files = configFiles.map { (path: root + "/" + $0, keys: ["module", "mounts"]) }
        if hasFolder {
            for name in SitePaths.names(in: root + "/config/_default") {
                let isModule = (name as NSString).deletingPathExtension.lowercased() == "module"
                files.append((path: root + "/config/_default/" + name, keys: isModule ? ["mounts"] : ["module", "mounts"]))
            }
        }
        return files.flatMap { file -> [StaticMount] in
            guard let text = SitePaths.read(file.path) else { return [] }
            return SiteConfig.tables(at: file.keys, in: text, name: file.path).compactMap { table in
                guard let source = table["source"], let target = table["target"]?.trimmingCharacters(in: CharacterSet(charactersIn: "/")) else { return nil }
                guard target == "static" || target.hasPrefix("static/") else { return nil }
                return StaticMount(folder: source, urlPath: String(target.dropFirst("static".count)))
            }
        }
    }

    /// Drops folders inside other listed folders (`content` holds `content/en`).
    private static func collapse(_ folders: [String]) -> [String] {
        folders.filter { folder in !folders.contains { $0 != folder && folder.hasPrefix($0 + "/") } }
    }

    private static func unique<Item: Hashable>(_ items: [Item]) -> [Item] {
        var seen: Set<Item> = []
        return items.filter { seen.insert($0).inserted }
    }
}

/// A folder Hugo serves as static files, and the URL path under which it appears.
struct StaticMount: Hashable, Sendable {
    /// The folder, relative to the site root (`SitePaths.relativeFolder`).
    let folder: String
    /// The URL path it is served at, without surrounding slashes; "" for the site root.
    let urlPath: String

    init(folder: String, urlPath: String) {
        self.folder = SitePaths.relativeFolder(folder)
        self.urlPath = urlPath.trimmingCharacters(in: Self.slash)
    }

    private static let slash = CharacterSet(charactersIn: "/")

    /// The file (relative to the site root) that serves `path` (relative to the site root URL);
    /// nil when `path` lies outside this mount's URL path.
    func file(for path: String) -> String? {
        if urlPath.isEmpty { return folder + "/" + path }
        guard path.hasPrefix(urlPath + "/") else { return nil }
        return folder + "/" + path.dropFirst(urlPath.count + 1)
    }
}
