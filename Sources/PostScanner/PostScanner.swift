import Foundation

/// Reads posts (Markdown with front matter, HTML pages, RSS/Atom feeds) and returns their images.
/// Never touches the network: feed URLs are fetched by the caller and handed in as bytes.
public struct PostScanner: Sendable {
    /// Front-matter keys that name the cover image, in order of preference. The cover is the
    /// picture that stands for the post, as the labels define it ("a post's cover/thumbnail") and
    /// as themes name it: first the keys for the picture lists, cards and feeds show (Butterfly's
    /// `cover`, Fluid's `index_img`, Clarity's and Gatsby's `thumbnail`, Matery's `img`), then the
    /// keys for a header over the post page alone (Butterfly's `top_img`, Fluid's `banner_img`,
    /// Type-on-Strap's `feature-img`, Beautiful Jekyll's `cover-img`, Hydejack's `accent_image`;
    /// see `themeCoverKeys` for a theme whose `cover` heads the post alone; Minimal Mistakes'
    /// header picture before its `teaser`, as the platform labels have it), then the social cards' and
    /// search engines' (`og_image`, Hugo's `images`). Every other key's picture is a picture of
    /// the post too (see `coverAndCaption`).
    public static let coverKeys = [
        "headimg", "cover", "cover.image", "cover.src", "cover.url", "cover.square", "thumbnail", "thumbnail.src", "thumbnailimage", "thumbnail-img",
        "index_img", "featuredimagepreview",
        "image", "image.src", "image.path", "image.feature", "image.thumb", "featured_image", "featuredimage", "featureimage", "feature_image",
        "featuredimg", "heroimage", "cover_image", "coverimage", "img", "eyecatch", "photos", "photo",
        // A header over the post page alone (Matery's `coverImg` heads its carousel).
        "top_img", "feature-img", "cover-img", "bigimg", "article_header.background_image.src", "article_header.image.src",
        "banner", "banner.image", "banner_img", "banner_image", "hero", "hero_image", "hero.image", "hero.image.src", "hero.image.light",
        "header.image", "header.overlay_image", "header.teaser", "header-img", "header_img", "header_cover", "header_image", "background", "coverimg",
        "accent_image", "accent_image.background",
        // Social cards' and search engines'.
        "images", "og_image", "ogimage", "og-image", "socialimage", "social_image", "share_image", "share-img",
    ]
    /// Front-matter keys that name the post's own URL.
    public static let urlKeys = ["link", "permalink", "url", "canonical", "canonicalurl", "canonical_url"]

    /// The default largest document scanned, in bytes. Scanning holds the text, gumbo's tree and
    /// our copy of it: peak memory grows about 14 times the document (a 4.2 MB post peaks at 88 MB
    /// RSS), and real posts are far smaller (the largest corpus post is 17 KB), so a bigger
    /// document is refused rather than allowed to take hundreds of megabytes.
    public static let defaultMaxDocumentBytes = 4 << 20

    /// Documents larger than this are refused with a `ScanError` before they are read.
    public let maxDocumentBytes: Int
    /// The sites local posts belong to, found once per folder.
    let sites = SiteIndex()

    /// The settings fingerprint of the site the post file at `path` belongs to (nil outside a
    /// site, for a file that is no export, without `siteURL`): what a memo of the file's posts must
    /// match besides the file itself.
    public func settingsStamp(forPost path: String) -> String? {
        let site = sites.settingsStamp(forPost: path)
        // An export's items resolve against `--site-url`, or (Ghost) against the content folder found near it.
        var address = siteURL
        if path.hasSuffix(".json") {
            address = GhostPlaceholder.address(siteURL: siteURL, exportFolder: URL(fileURLWithPath: SitePaths.parent(path), isDirectory: true)) ?? "-"
        }
        guard let address else { return site }
        return (site ?? "") + "|site-url:" + address
    }

    /// The address posts were published at (`--site-url`): what Ghost's `__GHOST_URL__` stands
    /// for, the base of export items that have no address of their own, and of root-relative
    /// references (`/uploads/a.jpg`) of posts read from disk in no static site.
    public let siteURL: String?

    /// Creates a scanner that refuses documents larger than `maxDocumentBytes`; `siteURL` as above.
    public init(maxDocumentBytes: Int = PostScanner.defaultMaxDocumentBytes, siteURL: String? = nil) {
        self.maxDocumentBytes = maxDocumentBytes
        self.siteURL = siteURL
    }

    /// Scans one file; a feed yields one post per item. `displayPath` is how the post is named
    /// in output (usually the path as the user gave it, or relative to the input folder).
    public func scan(fileAt file: URL, displayPath: String) throws(ScanError) -> [ScannedPost] {
        try scan(filePath: file.path, displayPath: displayPath)
    }

    /// Scans the file at `path` (see `scan(fileAt:displayPath:)`).
    public func scan(filePath path: String, displayPath: String) throws(ScanError) -> [ScannedPost] {
        let data = try FileBytes.read(path, limit: maxDocumentBytes, input: displayPath, tooLarge: { tooLarge($0, input: $1) })
        // Walks hand in absolute paths already clean; a path given by hand may be relative.
        let absolute = path.hasPrefix("/") && SitePaths.isClean(path) ? path
            : SitePaths.normalize(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
        return try scan(data: data, displayPath: displayPath, folder: {
            URL(fileURLWithPath: (path as NSString).deletingLastPathComponent, isDirectory: true)
        }, sourceURL: nil, local: LocalResolver(postFile: absolute, site: sites.site(forPost: absolute)))
    }

    /// The error for a document of `size` bytes over the limit (`atLeast` when the rest of a
    /// fetched feed was not even downloaded).
    public func tooLarge(_ size: Int, input: String, atLeast: Bool = false) -> ScanError {
        let megabytes = String(format: "%.2f MB", Double(size) / 1_048_576)
        return ScanError(input: input, reason: "is \(atLeast ? "at least " : "")\(megabytes) (\(size) bytes), over the limit of \(maxDocumentBytes) bytes for one post or feed; not scanned (if it is a real post, raise the limit with --max-post-size)")
    }

    /// Scans a document held in memory. `baseFolder` resolves relative image paths when the
    /// post has no URL of its own; `sourceURL` is the address a fetched feed came from.
    public func scan(data: Data, displayPath: String, baseFolder: URL?, sourceURL: String? = nil) throws(ScanError) -> [ScannedPost] {
        try scan(data: data, displayPath: displayPath, folder: { baseFolder }, sourceURL: sourceURL)
    }

    /// The scan itself; `folder` is asked only when a relative URL needs it (URL work is costly).
    private func scan(data: Data, displayPath: String, folder baseFolder: @escaping () -> URL?, sourceURL: String?,
                      local: LocalResolver? = nil) throws(ScanError) -> [ScannedPost] {
        if data.count > maxDocumentBytes { throw tooLarge(data.count, input: displayPath) }
        let decoded = try TextDecoding.decode(data, input: displayPath)
        if let format = PlatformFormat.detect(decoded) {
            let feedFolder = sourceURL == nil ? baseFolder() : nil
            let items = try format.items(decoded, input: displayPath, folder: feedFolder, siteURL: siteURL)
            return items.enumerated().map { offset, item in
                // Feed links may be relative to the feed's own address; an item with none is at the site's.
                let link = item.link.flatMap { ImageURL.resolve($0, base: sourceURL.flatMap(URL.init(string:))) ?? $0 }
                let meta = PostMeta(title: item.title, date: item.date, url: link ?? siteURL, cover: item.cover, coverCaption: item.coverCaption,
                                    attached: item.attachedImages, attachments: item.attachments,
                                    contentBase: item.contentBase.flatMap { ImageURL.resolve($0, base: sourceURL.flatMap(URL.init(string:))) ?? $0 })
                var post = scanHTML(item.html, path: "\(displayPath)#\(offset + 1)", meta: meta, folder: baseFolder)
                post.guid = item.guid
                post.warnings += Self.unterminatedTagWarning(item.html[...])
                if let unresolved = item.unresolved { Self.mark(unresolved, in: &post) }
                post.siteRoot = item.siteRoot ?? post.siteRoot
                if let feedFolder, item.siteRoot == nil { Self.preferFilesBeside(feedFolder: feedFolder.path, in: &post) }
                return post
            }
        }
        // A Ghost post converted to Markdown or HTML keeps Ghost's placeholder for its address.
        var text = decoded
        var ghostPlaceholderLeft = false
        if text.containsBytes(GhostPlaceholder.token) {  // bytes: Foundation's contains costs a third of a scan
            if let address = GhostPlaceholder.address(siteURL: siteURL, exportFolder: baseFolder()) {
                text = GhostPlaceholder.replacing(in: text, with: address)
            } else {
                ghostPlaceholderLeft = true
            }
        }
        let fileExtension = Self.pathExtension(displayPath)
        // A JSON file that is neither a JSON Feed nor a Ghost export (package.json, data files) has no posts.
        if fileExtension == "json" { return [] }
        if fileExtension == "rst" {
            let document = RestructuredText(text)
            let meta = PostMeta(title: document.field("title"), date: document.field("date"),
                                url: document.field("link") ?? sourceURL, cover: document.field("image") ?? document.field("cover"))
            return [scanHTML(document.html, path: displayPath, meta: meta, folder: baseFolder, local: local)]
        }
        if fileExtension == "adoc" || fileExtension == "asciidoc" {
            // Front matter (Hugo, Jekyll) first, then the AsciiDoc body; the site resolves its images.
            let front = try FrontMatter.split(text, input: displayPath, markdown: false)
            let document = AsciiDoc(front.body)
            let meta = PostMeta(title: front.first(["title"]) ?? document.title, date: Self.date(front),
                                url: front.first(Self.urlKeys) ?? sourceURL, cover: Self.cover(front))
            var post = scanHTML(document.html, path: displayPath, meta: meta, folder: baseFolder, local: local, page: front.fields)
            if let warning = front.warning { post.warnings.insert(warning, at: 0) }
            return [post]
        }
        if fileExtension == "org" {
            // Org keeps its metadata in `#+TITLE:` lines, which Hugo reads as front matter.
            let document = OrgDocument(text[...])
            let meta = PostMeta(title: document.keyword("title"), date: document.keyword("date"), url: sourceURL, cover: nil)
            return [scanHTML(document.html, path: displayPath, meta: meta, folder: baseFolder, local: local)]
        }
        let isHTMLFile = ["html", "htm", "xhtml"].contains(fileExtension)
        var front = try FrontMatter.split(text, input: displayPath, markdown: !isHTMLFile)
        local?.read(front)
        // The site's defaults for the cover the post does not name itself (Jekyll's `defaults:`);
        // only covers: a default `permalink:` pattern is no address of the post.
        if let defaults = local?.addressing.defaults, !defaults.isEmpty {
            front.fields.merge(defaults.filter { Self.coverKeys.contains($0.key) || $0.key.hasSuffix("caption") }) { own, _ in own }
        }
        // Jekyll-style HTML files may carry front matter but their body is never Markdown.
        // Docusaurus reads `.md` as MDX too: its `require(…)`/`useBaseUrl(…)` image sources are resolved in any Markdown.
        let source = fileExtension == "mdx" || (!isHTMLFile && MDXSource.importsModules(front.body)) ? MDXSource.resolvingImports(front.body)
            : isHTMLFile ? front.body : MDXSource.resolvingCalls(front.body)
        let (body, listsFolders) = Self.expandingSiteMarkup(source, front: front, markdown: !isHTMLFile, local: local)
        let html = isHTMLFile ? String(body) : MarkdownBody.html(from: body)
        let kept = local.flatMap { $0.site?.metadata(postFile: $0.postFile) }
        // `post_title`/`post_date`: WordPress → Jekyll exporters (wordpress-to-jekyll-exporter) keep WordPress's names.
        let title = front.first(["title", "post_title"]).map(TextNormalizer.decodingEntities) ?? kept?.title ?? (isHTMLFile ? nil : MarkdownBody.leadingHeading(front.body))
        let published = kept?.path.flatMap { path in siteURL.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + path } }
        let (cover, coverCaption, otherCovers) = Self.coverAndCaption(front, theme: (local?.site?.generator as? Hexo)?.theme)
        var meta = PostMeta(title: title, date: Self.date(front) ?? kept?.date,
                            url: front.first(Self.urlKeys) ?? published ?? sourceURL, cover: cover, coverCaption: coverCaption)
        // Hexo's `photos` are the post's pictures, shown as its gallery (the first is the cover).
        if front.fields["photos"] != nil { meta.attached = front.list("photos").map { AttachedImage(url: Self.galleryEntryPath($0)) } }
        meta.attached += otherCovers
        // A theme's list of pictures (Beautiful Jekyll's and Hugo's rotating `bigimg`, Tranquilpeak's
        // `gallery` of `original [thumbnail] ["title"]` lines): every entry, the first one given above.
        for key in ["bigimg", "cover-img", "gallery"] where front.fields[key] != nil {
            meta.attached += front.pictureList(key).map { AttachedImage(url: Self.galleryEntryPath($0.path), caption: $0.caption.map(HTMLEscaping.escape)) }
        }
        var post = scanHTML(html, path: displayPath, meta: meta, folder: baseFolder, local: local, page: front.fields, wholePage: isHTMLFile)
        post.warnings += Self.unterminatedTagWarning(front.body)
        if let warning = front.warning { post.warnings.insert(warning, at: 0) }
        post.mediaSubpath = local?.addressing.mediaSubpath
        if ghostPlaceholderLeft { Self.mark(UnresolvedPlaceholder(token: GhostPlaceholder.token, rule: GhostPlaceholder.unknownRule), in: &post) }
        post.listsFolders = listsFolders
        return [post]
    }

    /// A feed saved with its files (a Micro.blog archive: `feed.json` beside `uploads/2020/x.jpg`)
    /// holds the pictures its items write as relative paths: the copy beside it is the picture,
    /// the address resolved against the item's link its variant. Paths leaving the folder are not followed.
    static func preferFilesBeside(feedFolder: String, in post: inout ScannedPost) {
        for index in post.images.indices {
            let image = post.images[index]
            guard let url = image.url, ImageURL.isWeb(url), !image.src.hasPrefix("/"), !ImageURL.hasScheme(image.src) else { continue }
            let relative = String(ImageURL.withForwardSlashes(image.src).prefix { $0 != "?" && $0 != "#" })
            let path = SitePaths.join(feedFolder, relative.removingPercentEncoding ?? relative)
            guard SitePaths.isInside(path, feedFolder), SitePaths.isFile(path) else { continue }
            let file = LocalFile(path: path, rule: "a feed saved with its files: the copy beside it", exists: true)
            post.images[index].url = file.url
            if !image.variants.contains(url) { post.images[index].variants.append(url) }
            post.images[index].mark(file)
        }
    }

    /// Marks the images still written with an unresolved placeholder as missing files, with the
    /// rule that says what to do (they would otherwise be looked for in a folder of that name).
    static func mark(_ unresolved: UnresolvedPlaceholder, in post: inout ScannedPost) {
        for index in post.images.indices where post.images[index].src.contains(unresolved.token) {
            post.images[index].missingFile = true
            post.images[index].rule = unresolved.rule
        }
    }

    /// The front-matter date: `published: true` (WordPress → Jekyll exports) is a flag, not a date,
    /// and `Invalid Date` (JavaScript's text for a date it could not read, which RSSHub writes) none.
    static func date(_ front: FrontMatter) -> String? {
        for key in ["date", "pubdate", "published", "post_date"] {
            if let value = front.first([key]), value != "true", value != "false", value != "Invalid Date" { return value }
        }
        return nil
    }

    /// The lower-cased extension of the last path component ("" when none), without NSString.
    static func pathExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// A warning when the text ends inside a tag (`<img src="a.jpg` and no `>`): browsers drop
    /// such a tag, and so does the parser, so the reader is told an image may be missing.
    /// A byte check at the end of the text, not a parse: a `<` followed by a letter, `/` or `!`.
    static func unterminatedTagWarning(_ text: Substring) -> [String] {
        let utf8 = text.utf8
        guard let open = utf8.lastIndex(of: UInt8(ascii: "<")), !utf8[open...].contains(UInt8(ascii: ">")) else { return [] }
        let next = utf8.index(after: open)
        guard next < utf8.endIndex else { return [] }
        let byte = utf8[next] | 0x20
        guard (byte >= 0x61 && byte <= 0x7A) || utf8[next] == UInt8(ascii: "/") || utf8[next] == UInt8(ascii: "!") else { return [] }
        let snippet = String(decoding: utf8[open...].prefix(40), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return ["the document ends inside a tag (\(snippet)…) that is never closed with >; it is ignored, as browsers do: close the tag"]
    }

    /// What is known about a post before its HTML is read.
    struct PostMeta {
        /// Title from front matter or the feed item.
        var title: String?
        /// Date as written.
        var date: String?
        /// The post's own URL.
        var url: String?
        /// Cover URL as written.
        var cover: String?
        /// The cover's caption as HTML, when the platform declares one.
        var coverCaption: String? = nil
        /// The images a feed item attaches besides its body (the cover among them).
        var attached: [AttachedImage] = []
        /// WordPress uploads by id, from an export (see `PlatformItem.attachments`).
        var attachments: [Int: String] = [:]
        /// The base the HTML resolves against, declared outside it (Atom `xml:base`); a `<base href>` inside wins.
        var contentBase: String? = nil
    }

    /// Parses the HTML once and derives everything from that one tree.
    func scanHTML(_ html: String, path: String, meta: PostMeta, folder: @escaping () -> URL?, local: LocalResolver? = nil,
                  page: [String: String] = [:], wholePage: Bool = false) -> ScannedPost {
        let document = HTMLDocument(html: PageBuilderShortcode.expand(WordPressCover.expand(CaptionShortcode.expand(html))), elidingText: true)
        var post = ScannedPost(path: path, title: meta.title, date: meta.date, url: meta.url, cover: meta.cover)
        let head = HeadInfo(document)
        if post.title == nil { post.title = head.openGraphTitle ?? head.title }
        if post.date == nil { post.date = head.published }
        // A page on disk that names a development server as its address (built by `hugo server`:
        // `http://localhost:1313/…`) was never published there: its files are beside it.
        let ownAddress = { (url: String?) in url.flatMap { local != nil && ImageURL.isOnThisMachine($0) ? nil : $0 } }
        if post.url == nil { post.url = ownAddress(head.canonical) }
        post.metaReferrerPolicy = head.referrer
        let (baseHref, canonicalLink, postURL) = (head.baseHref ?? meta.contentBase, ownAddress(head.canonicalLink), post.url)
        // In no static site, `/path` is on the site the posts were published at, when `--site-url` says it.
        let root = local?.site == nil ? siteURL.flatMap(URL.init(string:)) : nil
        let base = LazyBaseURL(root: root) { ImageCollector.base(baseHref: baseHref, canonicalLink: canonicalLink, postURL: postURL, folder: folder()) }
        // A whole web page's pictures are its article's, when it names one (the rest is the site's chrome).
        let scope = wholePage ? ArticleScope.containers(in: document.root) : nil
        let (found, notPictures) = ImageCollector(base: base, local: local, page: page).collect(document, within: scope)

        var finder = CaptionFinder(title: post.title)
        finder.authorWritten = local?.site != nil
        var images: [ImageRef] = []
        var indexByKey: [String: Int] = [:]
        // The `src` attribute of images whose source is another attribute (a lazy loader's
        // placeholder): RSSHub writes the first `<img src>` as the cover, placeholder and all.
        var indexByPlaceholderSrc: [String: Int] = [:]
        for image in found {
            let caption = finder.caption(for: image.element)  // every occurrence, so rules see the order
            // Two different references to one site file are two images as written (labels list both).
            let key = image.localFile != nil ? "site:" + image.src : image.resolvedSrc ?? image.src
            if let existing = indexByKey[key] {
                images[existing].occurrences += 1
                if images[existing].caption == nil { images[existing].caption = caption }
                continue
            }
            indexByKey[key] = images.count
            let element = image.element
            if let written = element.attribute("src"), written != image.src, indexByPlaceholderSrc[written] == nil {
                indexByPlaceholderSrc[written] = images.count
            }
            // Medium marks the post's featured image in the body: the cover, when none is declared.
            if meta.cover == nil, post.cover == nil, element.attribute("data-is-featured") == "true" { post.cover = image.src }
            var variants = image.variants
            if let upload = WordPressAttachment.original(of: element, in: meta.attachments),
               upload != key, upload != image.url, !variants.contains(upload) {
                variants.append(upload)
            }
            let alt = element.attribute("alt")
            images.append(ImageRef(index: images.count, url: image.url, src: image.src, variants: variants,
                                   innerURL: ImageURL.innerURL(image.url ?? image.src), caption: caption,
                                   alt: alt, referrerPolicy: element.attribute("referrerpolicy")?.lowercased(),
                                   isPlaceholder: ImageURL.isPlaceholder(image.url ?? image.src, alt: alt)))
            images[images.count - 1].fallback = image.fallback
            images[images.count - 1].linked = image.linked
            if let file = image.localFile {
                images[images.count - 1].mark(file)
            } else if let url = image.url, url.hasPrefix("file:") {
                // Outside a site a relative path is beside the post (or `/` is this disk's root).
                // A folder is no picture's file either (a reference that was only a `#fragment`).
                images[images.count - 1].missingFile = !SitePaths.isFile(URL(string: url)?.path ?? url)
            }
        }
        /// Adds an image the post declares besides its body (the cover, a feed's attached images),
        /// or marks the body image that is the same picture (the same URL, one of its variants, or
        /// the original behind the resizing proxy the body shows), giving it the declared caption.
        func declare(_ written: String, captionHTML: String?, alt: String? = nil, variants: [String] = [], isCover: Bool) {
            let decoded = written.trimmedWhitespace()
            let path = SiteMarkup.liquidPath(decoded, page: page) ?? decoded
            let file = local?.resolve(path, kind: .frontMatter)
            let resolved = file?.url ?? ImageURL.resolve(path, base: base)
            // A cover copied from a tracking pixel the body has (the feed's first `<img>`) is no picture either.
            let placeholder = ImageURL.isPlaceholder(resolved ?? decoded) || notPictures.contains(decoded)
            if isCover { post.coverIsPlaceholder = placeholder }
            let caption = captionHTML.map { TextNormalizer.visibleText(HTMLDocument(html: $0).root) }.flatMap { $0.isEmpty ? nil : $0 }
            var match = images.firstIndex { $0.src == decoded || ($0.url != nil && $0.url == resolved) || (resolved != nil && indexByKey[resolved!] == $0.index) || $0.variants.contains(resolved ?? decoded) }
            if match == nil, let proxied = images.firstIndex(where: { $0.innerURL != nil && $0.innerURL == (resolved ?? decoded) }) {
                match = proxied
                images[proxied].variants.append(resolved ?? decoded)
            }
            // A cover copied from an image's placeholder `src` is that image (not a picture of its own).
            if match == nil { match = indexByPlaceholderSrc[decoded] }
            // Another size of a body picture on a host that names its sizes (Blogger's `s72-c`
            // thumbnail of a `s1600` picture) is that picture.
            if match == nil, let sized = images.firstIndex(where: { image in
                image.url.map { OriginalImageURL.sameUpload(resolved ?? decoded, as: $0) } ?? false
            }) {
                match = sized
                images[sized].variants.append(resolved ?? decoded)
            }
            // A root-relative path where the post has no web address (a WordPress post exported to
            // Markdown: `image: /wp-content/uploads/x.png` above a body showing `https://blog/wp-content/uploads/x.png`)
            // is the body picture of that path.
            if match == nil, file == nil, decoded.hasPrefix("/"), !decoded.hasPrefix("//"), resolved.map({ !ImageURL.isWeb($0) }) ?? true {
                match = images.firstIndex { image in image.url.flatMap(ImageURL.webPath(of:)).map { $0 == decoded } ?? false }
            }
            if let match {
                if isCover { images[match].isCover = true }
                if images[match].caption == nil { images[match].caption = caption }
                images[match].variants += variants.filter { $0 != images[match].url && !images[match].variants.contains($0) }
                return
            }
            images.append(ImageRef(index: images.count, url: resolved, src: decoded, variants: variants, innerURL: resolved.flatMap(ImageURL.innerURL),
                                   caption: caption, alt: alt, isCover: isCover, isPlaceholder: placeholder, occurrences: 0))
            if let file { images[images.count - 1].mark(file) }
        }
        if let cover = meta.cover {
            declare(cover, captionHTML: meta.coverCaption, variants: meta.attached.first { $0.url == cover }?.variants ?? [], isCover: true)
        } else if let shared = head.sharedImage, meta.attached.isEmpty {
            // A web page's declared share image (Open Graph, Twitter card) is its cover, as a
            // post's front-matter cover is (a feed item's attached images come first).
            post.cover = shared
            declare(shared, captionHTML: nil, isCover: true)
        } else if let local {
            // Wowchemy's `featured.jpg`, captioned by the front matter's `image: {caption}`.
            Self.addNamedCover(local, caption: meta.coverCaption.map { TextNormalizer.visibleText(HTMLDocument(html: $0).root) }.flatMap { $0.isEmpty ? nil : $0 },
                                to: &images)
            if local.site?.generator.firstImageIsCover == true, !images.contains(where: \.isCover), let first = images.indices.first {
                images[first].isCover = true
                post.cover = images[first].src
            }
        }
        for attached in meta.attached where attached.url != meta.cover {
            declare(attached.url, captionHTML: attached.caption, alt: attached.alt, variants: attached.variants, isCover: false)
        }
        if meta.cover == nil, let cover = post.cover, let match = images.firstIndex(where: { $0.src == cover }) { images[match].isCover = true }
        post.siteRoot = local?.site?.root
        post.generator = local?.site?.generatorName
        post.images = images
        return post
    }
}

/// Document-level facts from `<head>`: title, canonical link, base URL, referrer policy.
struct HeadInfo {
    /// `<title>` text, normalised.
    var title: String?
    /// `<link rel=canonical>` or `og:url`.
    var canonical: String?
    /// `<link rel=canonical>` alone (absolute).
    var canonicalLink: String?
    /// The first non-empty `<base href>`.
    var baseHref: String?
    /// `<meta name=referrer content>`, lower-cased.
    var referrer: String?
    /// The image the page declares for sharing: `og:image` (or `og:image:url`), else
    /// `twitter:image` (or `twitter:image:src`), else `<link rel=image_src>`; one named as the
    /// site's emblem is passed over (see `isSiteEmblem`).
    var sharedImage: String? {
        // A theme's unfilled setting (`<link or path of image for opengraph>`) is no image either.
        [openGraphImage, twitterImage, imageSource].lazy.compactMap { $0 }.first { !Self.isSiteEmblem($0) && !$0.contains("<") && !$0.contains("%3C") }
    }

    /// Names a site gives the share image its pages fall back on when they have no picture of
    /// their own (`/static/logo.png`, `og-default.jpg`, `apple-touch-icon.png`): no page's cover.
    private static let emblemWords = ["logo", "favicon", "apple-touch-icon", "default", "placeholder", "fallback"]

    /// True when the URL's file name holds one of `emblemWords` (in any case).
    static func isSiteEmblem(_ url: String) -> Bool {
        let name = ImageURL.fileName(of: url).lowercased()
        return emblemWords.contains { name.contains($0) }
    }
    /// `og:title`: the post's own title (`<title>` often adds the site's name).
    var openGraphTitle: String?
    /// `article:published_time` (Open Graph), as written.
    var published: String?
    private var openGraphImage: String?
    private var twitterImage: String?
    private var imageSource: String?

    /// The elements read here; every other node is passed over without reading its tag name.
    private static let headTags = TagSet(["title", "base", "link", "meta"])

    /// Reads the facts in one walk of the tree (besides finding images, the only other one is a
    /// whole web page's `ArticleScope`).
    init(_ document: HTMLDocument) {
        document.root.walk { node in
            guard Self.headTags.contains(node) else { return }
            switch node.tag {
            case "title" where title == nil:
                let raw = node.children.map(\.text).joined()
                let normalized = TextNormalizer.normalize(raw)
                if !normalized.isEmpty { title = normalized }
            case "base" where baseHref == nil:
                if let href = node.attribute("href"), !href.isEmpty { baseHref = href }
            case "link":
                let rel = node.attribute("rel")?.lowercased().split(separator: " ") ?? []
                if canonicalLink == nil, rel.contains("canonical"), let href = node.attribute("href"), ImageURL.hasScheme(href) {
                    canonicalLink = href
                    if canonical == nil { canonical = href }
                }
                if imageSource == nil, rel.contains("image_src") { imageSource = Self.nonEmpty(node.attribute("href")) }
            case "meta":
                let name = (node.attribute("name") ?? node.attribute("property"))?.lowercased()
                if name == "referrer", referrer == nil { referrer = node.attribute("content")?.lowercased() }
                if name == "og:url", canonical == nil, let content = node.attribute("content"), ImageURL.hasScheme(content) { canonical = content }
                if name == "og:image" || name == "og:image:url", openGraphImage == nil { openGraphImage = Self.nonEmpty(node.attribute("content")) }
                if name == "twitter:image" || name == "twitter:image:src", twitterImage == nil { twitterImage = Self.nonEmpty(node.attribute("content")) }
                if name == "og:title", openGraphTitle == nil { openGraphTitle = Self.nonEmpty(node.attribute("content")).map(TextNormalizer.normalize) }
                if name == "article:published_time", published == nil { published = Self.nonEmpty(node.attribute("content")) }
            default: break
            }
        }
    }

    /// `text` trimmed, or nil when that leaves nothing.
    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmedWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
