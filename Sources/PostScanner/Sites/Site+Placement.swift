import Foundation

/// Where a generator serves a file placed for a post, and the reference that reaches it.
public struct SitePlacement: Sendable, Equatable {
    /// The folder the file goes in, absolute.
    public var folder: String
    /// The reference to write in the post before the file name (`/blog/images/archived/`,
    /// `{static}/images/archived/`, or "" for a file beside the post).
    public var referencePrefix: String
    /// The generator rule that chose the place (shown in plans and reports).
    public var rule: String
    /// The prefix for a front-matter value when themes pass it through a URL filter that adds
    /// the base path themselves (Jekyll's `relative_url`); nil when it is `referencePrefix`.
    public var frontMatterPrefix: String? = nil
    /// The prefix for places the generator copies as they are (`srcset`, `data-*` attributes,
    /// which Pelican does not expand `{static}` in); nil when it is `referencePrefix`.
    public var literalPrefix: String? = nil

    /// Where a reference is written, which decides what the generator does to it.
    public enum Form: Sendable, Equatable {
        /// A Markdown image or an HTML `src`.
        case body
        /// A front-matter value (themes pass it through their URL filters).
        case frontMatter
        /// An attribute the generator never rewrites (`srcset`, `data-src`).
        case literal
    }

    /// The reference that reaches `fileName` when written as `form`.
    public func reference(to fileName: String, as form: Form = .body) -> String {
        switch form {
        case .body: return referencePrefix + fileName
        case .frontMatter: return (frontMatterPrefix ?? referencePrefix) + fileName
        case .literal: return (literalPrefix ?? referencePrefix) + fileName
        }
    }
    /// The absolute path of `fileName` once placed.
    public func path(of fileName: String) -> String { folder + "/" + fileName }
}

/// A generator that can say where a placed file is published (localize asks it).
protocol PlacingGenerator: SiteGenerator {
    /// The place for files of `post` under `directory` (relative, e.g. `images/archived`);
    /// `date` is the post's front-matter date as written (Hexo permalinks use it).
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement
}

extension Site {
    /// The generators whose sites `localize` can place files in, by name.
    public static var placingGenerators: [String] {
        SiteGenerators.all.filter { $0 is any PlacingGenerator.Type }.map { $0.name }
    }

    /// Where a file placed for the post at `postFile` goes, and how the post refers to it;
    /// `directory` is the folder under the generator's web root (`images/archived`). Nil for
    /// generators that publish no folder as it is (Eleventy copies what its code says).
    /// `mediaSubpath` is the folder the post's theme puts before every image path (Chirpy's
    /// `media_subpath`): files go in it, named by a path relative to it.
    public func placement(forPost postFile: String, directory: String, date: String? = nil, mediaSubpath: String? = nil) -> SitePlacement? {
        guard let placing = generator as? any PlacingGenerator else { return nil }
        let directory = SitePaths.trimSlashes(directory.trimmingCharacters(in: CharacterSet(charactersIn: "/")))
        if let mediaSubpath, generator is Jekyll {
            let subpath = mediaSubpath.split(separator: "/").joined(separator: "/")
            return SitePlacement(folder: SitePaths.join(root, subpath + "/" + directory), referencePrefix: directory + "/",
                                 rule: "chirpy: media_subpath /\(subpath)/ goes before every image path, so \(subpath)/\(directory)/ is written \(directory)/",
                                 frontMatterPrefix: directory + "/")
        }
        return placing.placement(post: SitePost(root: root, file: postFile), directory: directory, date: date)
    }

    /// A readable name for the post (`my-trip` for `_posts/2024-01-02-my-trip.md` or
    /// `content/posts/my-trip/index.md`): lower-case letters, digits and dashes.
    public func slug(forPost postFile: String) -> String {
        let post = SitePost(root: root, file: postFile)
        var stem = post.stem
        if post.isIndexPage { stem = (post.folder as NSString).lastPathComponent }
        // Jekyll and Hexo posts start with their date; the title part is what a person reads.
        if let match = stem.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}-"#, options: .regularExpression) {
            stem = String(stem[match.upperBound...])
        }
        var slug = ""
        for scalar in stem.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar), scalar.isASCII { slug.unicodeScalars.append(scalar) }
            else if !slug.hasSuffix("-") { slug += "-" }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        while slug.hasPrefix("-") { slug.removeFirst() }
        return slug.isEmpty ? "post" : String(slug.prefix(60))
    }
}

extension Hexo: PlacingGenerator {
    /// `post_asset_folder: true`: the post's asset folder, published under the post's permalink
    /// (when the permalink can be worked out without rendering). Otherwise `source/<dir>/`,
    /// published as `<root>/<dir>/`: a root-relative reference that survives any setting.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        if postAssetFolder, let permalink = permalink(post: post, date: date) {
            return SitePlacement(folder: post.folder + "/" + post.stem, referencePrefix: rootPath + "/" + permalink,
                                 rule: "hexo post_asset_folder: \(sourceDir)/_posts/\(post.stem)/ is published at the permalink \(rootPath)/\(permalink)")
        }
        return SitePlacement(folder: post.inRoot(sourceDir + "/" + directory), referencePrefix: rootPath + "/" + directory + "/",
                             rule: "hexo: \(sourceDir)/\(directory)/ is published at \(rootPath)/\(directory)/")
    }

    /// The post's permalink (`2024/03/04/my-trip/`) from `permalink` (default `:year/:month/:day/:title/`)
    /// when it uses only tokens known from the file and its date, and ends in a folder; else nil.
    func permalink(post: SitePost, date: String?) -> String? {
        let pattern = SiteConfig.read(root: post.root, files: ["_config.yml"])["permalink"] ?? ":year/:month/:day/:title/"
        let posts = post.inRoot(sourceDir + "/_posts")
        guard pattern.hasSuffix("/"), post.file.hasPrefix(posts + "/") else { return nil }
        // `:title` is the path under `_posts` without extension or a `new_post_name` date prefix.
        var title = (String(post.file.dropFirst(posts.count + 1)) as NSString).deletingPathExtension
        title = title.replacing(/^\d{4}-\d{2}-\d{2}-/, with: "")
        var values = [":title": title, ":name": (title as NSString).lastPathComponent, ":post_title": title]
        if let date, let match = date.trimmedWhitespace().firstMatch(of: /^(\d{4})-(\d{1,2})-(\d{1,2})/) {
            let month = Int(match.2) ?? 0, day = Int(match.3) ?? 0
            values[":year"] = String(match.1)
            values[":month"] = month < 10 ? "0\(month)" : "\(month)"
            values[":day"] = day < 10 ? "0\(day)" : "\(day)"
            values[":i_month"] = "\(month)"
            values[":i_day"] = "\(day)"
        }
        var path = pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern
        // Longest names first: `:i_month` before `:month`, `:post_title` before `:title`.
        for (token, value) in values.sorted(by: { $0.key.count > $1.key.count }) { path = path.replacingOccurrences(of: token, with: value) }
        return path.contains(":") ? nil : path
    }
}

extension Hugo: PlacingGenerator {
    /// A page bundle owns the files beside its `index.md` (Hugo resolves them by name); other
    /// posts get the first static folder, served at the base URL's path.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        if post.isIndexPage {
            return SitePlacement(folder: post.folder, referencePrefix: "", rule: "hugo page bundle: a resource beside \((post.file as NSString).lastPathComponent)")
        }
        let statics = staticMounts.first { $0.urlPath.isEmpty }?.folder ?? "static"
        let base = SiteConfig.urlPath(siteURL)
        return SitePlacement(folder: post.inRoot(statics + "/" + directory), referencePrefix: base + "/" + directory + "/",
                             rule: "hugo: \(statics)/\(directory)/ is served at \(base)/\(directory)/")
    }
}

extension Jekyll: PlacingGenerator {
    /// Jekyll copies every folder not starting with `_` to the site; `baseurl` prefixes it in
    /// the body, while front-matter images go through themes' `relative_url`, which adds it.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        SitePlacement(folder: post.inRoot(directory), referencePrefix: baseURL + "/" + directory + "/",
                      rule: "jekyll: \(directory)/ at the site root is served at \(baseURL)/\(directory)/",
                      frontMatterPrefix: "/" + directory + "/")
    }
}

extension Pelican: PlacingGenerator {
    /// `{static}/<dir>/x` names `content/<dir>/x`; Pelican copies it when `<dir>` is under
    /// `STATIC_PATHS` (default `images`, which holds the default `images/archived`). Pelican
    /// expands `{static}` only in `src`/`href`-like attributes: `srcset` gets the published path.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        SitePlacement(folder: post.inRoot(contentFolder + "/" + directory), referencePrefix: "{static}/" + directory + "/",
                      rule: "pelican: {static}/\(directory)/ names \(contentFolder)/\(directory)/ (keep it under STATIC_PATHS)",
                      literalPrefix: SiteConfig.urlPath(siteURL) + "/" + directory + "/")
    }
}

extension Astro: PlacingGenerator {
    /// Astro copies `public/` to the site root as it is.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        SitePlacement(folder: post.inRoot("public/" + directory), referencePrefix: "/" + directory + "/",
                      rule: "astro: public/\(directory)/ is served at /\(directory)/")
    }
}

extension Gatsby: PlacingGenerator {
    /// Gatsby copies `static/` to the site root as it is.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        SitePlacement(folder: post.inRoot("static/" + directory), referencePrefix: "/" + directory + "/",
                      rule: "gatsby: static/\(directory)/ is served at /\(directory)/")
    }
}

extension SitePlacement {
    /// A folder the generator `name` serves as it is under `basePath`, adding `basePath` to a
    /// Markdown image's `/path` itself: an attribute it copies as it is (`srcset`, `data-src`)
    /// needs the base written. Docusaurus's `static/`, VitePress's and VuePress's `public/`.
    static func served(_ folder: String, by name: String, at basePath: String, post: SitePost, directory: String) -> SitePlacement {
        SitePlacement(folder: post.inRoot(folder + "/" + directory), referencePrefix: "/" + directory + "/",
                      rule: "\(name): \(folder)/\(directory)/ is served at \(basePath)/\(directory)/",
                      literalPrefix: basePath + "/" + directory + "/")
    }
}

extension Docusaurus: PlacingGenerator {
    /// Docusaurus serves `static/` at `baseUrl`.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        .served("static", by: Self.name, at: basePath, post: post, directory: directory)
    }
}

extension NextJS: PlacingGenerator {
    /// Next.js serves `public/` at `basePath`, which a Markdown image's path must carry itself.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        SitePlacement(folder: post.inRoot("public/" + directory), referencePrefix: basePath + "/" + directory + "/",
                      rule: "nextjs: public/\(directory)/ is served at \(basePath)/\(directory)/")
    }
}

extension NuxtContent: PlacingGenerator {
    /// Nuxt serves `public/` (`static/`) at `app.baseURL`.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        .served(publicFolder, by: Self.name, at: basePath, post: post, directory: directory)
    }
}

extension VitePress: PlacingGenerator {
    /// VitePress serves `<srcDir>/public/` at `base`.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        .served((sourceFolder == "." ? "" : sourceFolder + "/") + "public", by: Self.name, at: basePath, post: post, directory: directory)
    }
}

extension VuePress: PlacingGenerator {
    /// VuePress serves `.vuepress/public/` at `base`.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        .served(".vuepress/public", by: Self.name, at: basePath, post: post, directory: directory)
    }
}

extension Zola: PlacingGenerator {
    /// A page folder (`index.md`) publishes the files beside it at the page's path; other pages
    /// get `static/`, served at `/`. Zola writes a Markdown image's path as it is, so a site under
    /// a sub-path (`base_url` with a path) needs that path written.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        if post.stem == "index" {
            return SitePlacement(folder: post.folder, referencePrefix: "", rule: "zola: a co-located asset beside index.md")
        }
        let base = SiteConfig.urlPath(siteURL)
        return SitePlacement(folder: post.inRoot("static/" + directory), referencePrefix: base + "/" + directory + "/",
                             rule: "zola: static/\(directory)/ is served at \(base)/\(directory)/")
    }
}

extension MkDocs: PlacingGenerator {
    /// MkDocs copies every file of `docs_dir` that is not a page to the site at the same path.
    /// It leaves a root-relative reference as it is, in Markdown and raw HTML alike (a relative
    /// one it rewrites in Markdown only), so the reference carries `site_url`'s path.
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        let base = SiteConfig.urlPath(siteURL)
        return SitePlacement(folder: post.inRoot(docsFolder + "/" + directory), referencePrefix: base + "/" + directory + "/",
                             rule: "mkdocs: \(docsFolder)/\(directory)/ is served at \(base)/\(directory)/")
    }
}

extension Quarto: PlacingGenerator {
    /// Quarto copies every file a page refers to into the output at the same path, so a folder
    /// under the project root serves them (not `_`-prefixed: Quarto skips those).
    func placement(post: SitePost, directory: String, date: String?) -> SitePlacement {
        SitePlacement(folder: post.inRoot(directory), referencePrefix: "/" + directory + "/",
                      rule: "quarto: \(directory)/ under the project root is copied to the output when a page refers to it")
    }
}
