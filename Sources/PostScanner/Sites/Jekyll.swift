import Foundation

/// Jekyll: `_config.yml` (or `.toml`) at the site root, which is also the web root; `/path`
/// is `path` under the root once `baseurl` is stripped.
struct Jekyll: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "jekyll"
    /// `baseurl` (`/blog`), or "".
    var baseURL: String
    /// `url` + `baseurl`.
    var siteURL: String?
    /// Folders of collections (`_projects` for `collections: {projects: …}`), published like `_posts`.
    var collections: Set<String> = []
    /// `includes_dir`: where `{% include %}` templates live.
    var includesFolder = "_includes"
    /// `source`: the folder Jekyll reads the site from (`src`), "." for the root.
    var sourceFolder = "."
    /// The site's include templates, read once.
    let templates = TemplateTexts()
    /// The site's settings (flattened, lower-cased keys), for `{{ site.NAME }}` in include templates.
    var settings: [String: String] = [:]
    /// The front-matter values `defaults:` give the posts under a scope path ("" for all), as
    /// flattened keys (`image`, `header.teaser`, Chirpy's `media_subpath`).
    var frontMatterDefaults: [(scope: String, values: [String: String])] = []
    /// jekyll-assets' source folders (`assets.sources`, else the plugin's image defaults) when the
    /// site uses the plugin, else empty: `/assets/NAME` is NAME in one of them.
    var assetSources: [String] = []
    /// jekyll-assets' URL prefix (`assets.prefix`; `{% asset %}` is read with the default, `assetsPrefix`).
    var assetsURLPrefix = Jekyll.assetsPrefix

    /// jekyll_picture_tag's `picture.source`: the folder its `{% picture PATH %}` paths are in, relative
    /// to the site's source folder ("" for the source folder itself, the plugin's default).
    var pictureSource: String { settings["picture.source"].map { SitePaths.trimSlashes($0) } ?? "" }

    /// True when the post layout shows the cover's `image.alt` as its caption (Chirpy's
    /// `<figcaption>{{ page.image.alt }}</figcaption>` under the preview image).
    var coverAltIsCaption = false

    /// jekyll-assets' default URL prefix.
    static let assetsPrefix = "/assets"
    /// jekyll-assets' default folders that hold images, in its order.
    static let defaultAssetSources = ["assets/images", "assets/image", "assets/img", "_assets/images", "_assets/image", "_assets/img", "images", "image", "img"]

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Jekyll? {
        guard let file = SitePaths.firstFile(["_config.yml", "_config.yaml", "_config.toml"], in: root) else { return nil }
        let config = SiteConfig.read(root: root, files: [file])
        let base = SiteConfig.urlPath(config["baseurl"])
        let names = config.fields.keys.compactMap { key -> String? in
            let parts = key.split(separator: ".")
            return parts.count >= 2 && parts[0] == "collections" ? "_" + parts[1] : nil
        }
        let source = config["source"].map(SitePaths.relativeFolder).flatMap { $0.isEmpty ? nil : $0 } ?? "."
        // GitHub Pages takes the site's domain from `CNAME` when `url` is not set (jekyll-github-metadata
        // fills `site.url` from it): the site's own full URLs name its files.
        let cname = SitePaths.read(root + "/CNAME")?.split(whereSeparator: \.isWhitespace).first.map { "https://" + $0 }
        var site = Jekyll(baseURL: base, siteURL: (config["url"] ?? cname).map { SitePaths.trimSlashes($0) + base }, collections: Set(names),
                          includesFolder: config["includes_dir"].map(SitePaths.relativeFolder) ?? "_includes",
                          sourceFolder: SitePaths.isFolder(SitePaths.join(root, source)) ? source : ".")
        site.settings = config.fields
        // Chirpy, as a gem (`theme: jekyll-theme-chirpy`) or copied into the site (its post layout).
        let theme = (config["theme"] ?? config["remote_theme"] ?? "").lowercased()
        let layout = SitePaths.read(SitePaths.join(root, (site.sourceFolder == "." ? "" : site.sourceFolder + "/") + "_layouts/post.html")) ?? ""
        site.coverAltIsCaption = theme.contains("chirpy") || layout.contains("figcaption") && layout.contains("page.image.alt")
        let text = SitePaths.read(root + "/" + file)
        if let text, usesJekyllAssets(config: text, name: file, root: root) || config["assets.sources"] != nil {
            let sources = SiteConfig.strings(at: ["assets", "sources"], in: text, name: file).map(SitePaths.relativeFolder)
            // Folders named for images first: a missing picture is reported where it would be looked for first.
            let pictures = sources.filter { $0.contains("im") }
            site.assetSources = sources.isEmpty ? defaultAssetSources : pictures + sources.filter { !pictures.contains($0) }
            if let prefix = config["assets.prefix"] { site.assetsURLPrefix = "/" + prefix.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
        }
        if let text, text.contains("defaults") {
            site.frontMatterDefaults = SiteConfig.tables(at: ["defaults"], in: text, name: file).map { entry in
                let values = Dictionary(entry.compactMap { key, value in key.hasPrefix("values.") ? (String(key.dropFirst(7)), value) : nil },
                                        uniquingKeysWith: { first, _ in first })
                return (SitePaths.trimSlashes(entry["scope.path"] ?? ""), values)
            }.filter { !$0.values.isEmpty }
        }
        return site
    }

    /// The values the site's `defaults:` give the post (the more specific scope path winning, as
    /// in Jekyll), Chirpy's `media_subpath` (`img_path` before 7.0) from the front matter, else
    /// from those defaults, and Chirpy's cover caption (its `image.alt`).
    func addressing(_ front: FrontMatter, post: SitePost) -> PostAddressing {
        let relative = String(post.file.dropFirst(post.root.count + 1))
        var defaults: [String: String] = [:]
        for scope in frontMatterDefaults.filter({ $0.scope.isEmpty || relative == $0.scope || relative.hasPrefix($0.scope + "/") })
            .sorted(by: { $0.scope.count < $1.scope.count }) {
            defaults.merge(scope.values) { _, specific in specific }
        }
        // Chirpy captions the cover with its `image.alt`: what the theme gives `image.caption`.
        if coverAltIsCaption, let alt = front.first(["image.alt"]) ?? defaults["image.alt"] { defaults["image.caption"] = alt }
        return PostAddressing(mediaSubpath: front.first(["media_subpath", "img_path"]) ?? defaults["media_subpath"] ?? defaults["img_path"], defaults: defaults)
    }

    /// The folders whose files are posts.
    var contentFolders: [String] { [sourceFolder] }

    /// `relative` under the source folder (the web root), absolute.
    private func inSource(_ post: SitePost, _ relative: String) -> String {
        post.inRoot(sourceFolder == "." ? relative : sourceFolder + "/" + relative)
    }

    /// Folders starting with `_` are Jekyll's own (layouts, includes, the built `_site`) except
    /// `_posts`; `node_modules` and `vendor` hold packages.
    func skipsFolder(_ relative: String) -> Bool {
        let first = SitePaths.topFolder(relative)
        return (first.hasPrefix("_") && first != "_posts" && !collections.contains(first)) || first == "node_modules" || first == "vendor"
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if case .included(let template, let argument) = reference.kind,
           let path = includedPath(template: template, argument: argument, value: reference.path, post: post) {
            let rule = "jekyll include \(template): its template puts \(argument)= at \(path)"
            return candidates(for: SiteReference(path: path, kind: .link), post: post).map { SiteCandidate(path: $0.path, rule: rule) }
                + candidates(for: SiteReference(path: reference.path, kind: .link), post: post)
        }
        if reference.isRootRelative {
            var path = reference.path
            if !baseURL.isEmpty, path.hasPrefix(baseURL + "/") { path = String(path.dropFirst(baseURL.count)) }
            if let name = assetName(path) {
                // The plugin's sources first; a file at the path itself is still served as a static file.
                return assetSources.flatMap { source in
                    Self.namesWithExtensions(name).map { SiteCandidate(path: inSource(post, source + "/" + $0), rule: "jekyll-assets: \(assetsURLPrefix)/NAME is NAME in assets.sources (\(source)/)") }
                } + [SiteCandidate(path: inSource(post, String(path.drop { $0 == "/" })), rule: "jekyll root-relative: a static file at the path itself")]
            }
            return [SiteCandidate(path: inSource(post, String(path.drop { $0 == "/" })), rule: "jekyll root-relative: the site \(sourceFolder == "." ? "root" : "source folder \(sourceFolder)/") is the web root (baseurl stripped)")]
        }
        let atRoot = SiteCandidate(path: inSource(post, reference.trimmed), rule: "jekyll: relative to the site \(sourceFolder == "." ? "root" : "source folder \(sourceFolder)/")")
        // A bare name in the front matter is placed by the theme (`{{ page.image | relative_url }}`,
        // under `/images/` in HPSTR-style themes, `/assets/img/` in flexible-jekyll's
        // `{{ "/assets/img/" | append: page.img }}`); Jekyll serves nothing from `_posts/`.
        if reference.kind == .frontMatter {
            // With jekyll-assets, themes print it through `{% asset page.image %}` too.
            let assets = assetSources.isEmpty ? [] : candidates(for: SiteReference(path: Self.assetsPrefix + "/" + reference.trimmed, kind: .link), post: post)
            let themeFolders = Self.themeImageFolders.map { SiteCandidate(path: inSource(post, $0 + reference.trimmed), rule: "jekyll front matter: a bare name under \($0), as themes print it") }
            return [atRoot] + themeFolders + [post.beside(reference)] + assets
        }
        return [post.beside(reference), atRoot]
    }
}

extension Jekyll {
    /// The folders themes put a bare front-matter image name in, most used first: older themes'
    /// `images/`, flexible-jekyll's `assets/img/`, others' `assets/images/` and `img/`.
    static let themeImageFolders = ["images/", "assets/img/", "assets/images/", "img/"]

    /// True when the site loads jekyll-assets: named in `plugins:`/`gems:` or in the Gemfile (a
    /// stock Minimal Mistakes `_config.yml` only excludes `.jekyll-assets-cache`).
    static func usesJekyllAssets(config text: String, name: String, root: String) -> Bool {
        let gemfile = SitePaths.read(root + "/Gemfile") ?? ""  // read once: most sites have one, few name the plugin
        guard text.contains("jekyll-assets") || gemfile.contains("jekyll-assets") else { return false }
        let listed = ["plugins", "gems"].flatMap { SiteConfig.strings(at: [$0], in: text, name: name) }
        if listed.contains("jekyll-assets") { return true }
        return gemfile.split(whereSeparator: \.isNewline).contains { line in
            let code = line.trimmingCharacters(in: .whitespaces)
            return code.hasPrefix("gem ") && (code.contains("\"jekyll-assets\"") || code.contains("'jekyll-assets'"))
        }
    }

    /// The asset name of a path under jekyll-assets' prefix (`/assets/posts/a` → `posts/a`), when the site uses the plugin.
    func assetName(_ path: String) -> String? {
        guard !assetSources.isEmpty else { return nil }
        for prefix in Set([assetsURLPrefix, Self.assetsPrefix]) where path.hasPrefix(prefix + "/") {
            return String(path.dropFirst(prefix.count + 1))
        }
        return nil
    }

    /// The name as written, then with each image extension when it has none: jekyll-assets finds
    /// `posts/a` as `posts/a.png` (a logical path, as Sprockets reads it).
    static func namesWithExtensions(_ name: String) -> [String] {
        let last = name.split(separator: "/").last ?? ""
        guard !last.contains(".") else { return [name] }
        return ["png", "jpg", "jpeg", "gif", "svg", "webp"].map { name + "." + $0 }
    }

    /// The text of the site's include template `name` (`_includes/figure.liquid`), or nil.
    func includeTemplate(_ name: String, root: String) -> String? {
        templates.text(at: SitePaths.join(root, (sourceFolder == "." ? "" : sourceFolder + "/") + includesFolder + "/" + name)) ?? Self.themeIncludes[name]
    }

    /// What popular theme gems' includes do with their image arguments, for sites that use the
    /// gem (its `_includes/` is not in the site): the lines that place the picture.
    static let themeIncludes: [String: String] = [
        // Type-on-Strap's `_includes/aligner.html`.
        "aligner.html": "{% assign images = include.images | split: ',' %}{% for image in images %}<img src=\"{{ image | prepend: 'assets/img/' | relative_url }}\">{% endfor %}",
    ]

    /// The path an include's template makes of a bare name: with `_includes/image.html` holding
    /// `<img src="{{ site.baseurl }}/assets/img/{{ include.file }}">`, `file="a.png"` means
    /// `/assets/img/a.png`. Nil when the template is not in the site (a theme gem's) or puts the
    /// argument in no `src`. With `page` (the post's front matter) the template's `{{ page.NAME }}`
    /// and `{{ site.NAME }}` are read too (`{{ site.assets }}/images/posts/{{ page.ref }}/{{ include.src }}`).
    func includedPath(template: String, argument: String, value: String, post: SitePost, page: [String: String]? = nil) -> String? {
        guard let written = includeTemplate(template, root: post.root) else { return nil }
        var values = page ?? [:]
        values[argument.lowercased()] = value
        let site = page == nil ? [:] : settings
        let text = Self.loopItemsAsArgument(written)
        let uses = try? NSRegularExpression(pattern: #"\{\{-?\s*include\.\#(NSRegularExpression.escapedPattern(for: argument))\s*(\||-?\}\})"#)
        for attribute in ["src", "data-src", "srcset", "href"] {
            for written in SitePaths.attributeValues(attribute, in: text) {
                guard let uses, let match = uses.firstMatch(in: written, range: NSRange(written.startIndex..., in: written)) else { continue }
                // An attribute chosen by `{% if %}` (al-folio's `cache_bust`): the output that reads the argument.
                let output = Range(match.range, in: written).flatMap { start in
                    written[start.lowerBound...].range(of: "}}").map { String(written[start.lowerBound..<$0.upperBound]) }
                }
                guard var path = SiteMarkup.liquidPath(written, page: values, site: site)
                        ?? output.flatMap({ written.contains("{%") ? SiteMarkup.liquidPath($0, page: values, site: site) : nil }) else { continue }
                // `relative_url`/`absolute_url` make any path root-relative.
                if !path.hasPrefix("/"), written.contains("relative_url") || written.contains("absolute_url") { path = "/" + path }
                return path
            }
        }
        return nil
    }
}

extension Jekyll {
    /// The template with a loop over an argument split into a list (`{% assign images =
    /// include.images | split: ',' %}{% for image in images %}…{{ image | prepend: … }}`) read as
    /// the argument itself: each name of the list is placed as one value would be.
    static func loopItemsAsArgument(_ template: String) -> String {
        guard template.contains("split"), template.contains("{% for") || template.contains("{%- for") else { return template }
        var text = template
        for assign in template.matches(of: /\{%-?\s*assign\s+(\w+)\s*=\s*include\.(\w+)\s*\|\s*split/) {
            let (list, argument) = (String(assign.output.1), String(assign.output.2))
            for loop in template.matches(of: /\{%-?\s*for\s+(\w+)\s+in\s+(\w+)/) where loop.output.2 == list {
                // `item` is a Liquid name (`\w+`): safe inside the pattern.
                guard let output = try? Regex("\\{\\{(-?)\\s*" + loop.output.1 + "(?=\\s*[|}-])") else { continue }
                text = text.replacing(output, with: { "{{\($0.output[1].substring ?? "") include.\(argument)" })
            }
        }
        return text
    }
}

extension Jekyll {
    /// Outside `_posts`, HTML and XML files at a Jekyll root are layouts and feed templates.
    /// A post of `_posts/` named `YYYY-MM-DD-slug.ext` has the date and title Jekyll gives it when
    /// its front matter says none: the date of the name, and the slug's words capitalised as
    /// Ruby's `capitalize` does (`my-iOS-trip` → `My Ios Trip`, Jekyll's `titleize_slug`).
    func metadata(post: SitePost) -> SitePostMetadata? {
        let relative = post.file.hasPrefix(post.root + "/") ? String(post.file.dropFirst(post.root.count + 1)) : post.file
        guard relative.split(separator: "/").contains(where: { $0 == "_posts" }),
              let match = post.stem.wholeMatch(of: /(\d{4}-\d{2}-\d{2})-(.+)/) else { return nil }
        let title = match.2.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
        return SitePostMetadata(title: title, date: String(match.1))
    }

    func readsFile(_ relative: String) -> Bool {
        if relative.hasPrefix("_posts/") || collections.contains(where: { relative.hasPrefix($0 + "/") }) { return true }
        let ext = (relative as NSString).pathExtension.lowercased()
        return !["html", "htm", "xhtml", "xml", "rss", "atom", "feed"].contains(ext)
    }
}
