import Foundation

extension PostScanner {
    /// The body with generator tags expanded (see `SiteMarkup`), unchanged when it has none, and
    /// whether a gallery listed a folder's files (asked of the post's site through `local`).
    static func expandingSiteMarkup(_ body: Substring, front: FrontMatter, markdown: Bool,
                                    local: LocalResolver? = nil) -> (body: Substring, listsFolders: Bool) {
        guard SiteMarkup.applies(to: body, markdown: markdown) else { return (body, false) }
        var markup = SiteMarkup(page: front.fields, markdown: markdown, frontMatter: front.content)
        if let local, let site = local.site {
            markup.galleryFiles = { SiteGallery.references($0, site: site, postFile: local.postFile) }
            if let hugo = site.generator as? Hugo {
                markup.shortcodeTemplate = { hugo.shortcodeTemplate($0, root: site.root) }
                markup.shortcodeWebAddress = { name, argument, value in
                    hugo.shortcodeTemplate(name, root: site.root)?.path(argument: argument, value: value, basePath: SiteConfig.urlPath(hugo.siteURL), params: hugo.params)
                        .flatMap { ImageURL.isWeb($0) ? $0 : nil }
                }
                let resources = LazyValue { HugoResources(postFile: local.postFile, entries: local.addressing.resources) }
                markup.pageResources = { resources.value }
            }
            if let jekyll = site.generator as? Jekyll {
                markup.includeTemplate = { jekyll.includeTemplate($0, root: site.root) }
                markup.pictureSource = jekyll.pictureSource
                let post = SitePost(root: site.root, file: local.postFile)
                // Only what the template makes with the page's values: the rest is resolved as `.included`.
                markup.includedPathWithPage = { template, argument, value in
                    guard jekyll.includedPath(template: template, argument: argument, value: value, post: post) == nil else { return nil }
                    return jekyll.includedPath(template: template, argument: argument, value: value, post: post, page: front.fields)
                }
            }
        }
        let expanded = markup.expand(body)
        return (Substring(expanded), markup.listedFolder)
    }

    /// The front-matter cover: the first key of `coverKeys` with a value that can be a path
    /// (themes write `top_img: false` or `image: true` to turn a cover off, and their post
    /// templates `image: "<image path/url>"` for the author to fill in), at the top level or in the
    /// table generators keep the theme's keys in (Zola's `[extra]`, Hugo's `params`).
    static func cover(_ front: FrontMatter) -> String? {
        coverField(front)?.value
    }

    /// The cover and its caption (see `coverCaption`), and the pictures of the other cover keys (a
    /// header over the post page, a social card's picture: pictures of the post too, though not
    /// its cover) with the captions themes show under them; the cover keys looked up once. Hexo's
    /// `photos` are read as the list they are.
    static func coverAndCaption(_ front: FrontMatter, theme: String? = nil) -> (cover: String?, caption: String?, others: [AttachedImage]) {
        var fields = coverFields(front, all: true)
        // A theme that names its cards' picture otherwise: that key first.
        if let first = theme.flatMap({ themeCoverKeys[$0.lowercased()] }), let at = fields.firstIndex(where: { first.contains($0.key) }) {
            fields.insert(fields.remove(at: at), at: 0)
        }
        // Without a cover key the caption may still be the theme's for a cover found by name (Wowchemy's `featured.jpg`).
        guard let field = fields.first else { return (nil, coverCaption(front, coverKey: nil), []) }
        // Each value once (RSSHub writes `thumbnail` equal to `headimg`: declaring it again would
        // resolve it again), and only values that name a picture (a file of an image type, a web
        // address): another theme's key may hold words there (`hero: Welcome aboard`).
        var seen: Set<String> = [field.value]
        let others = fields.dropFirst().filter { $0.key != "photos" && $0.key != "photo" && seen.insert($0.value).inserted }
            .filter { SitePaths.namesImage($0.value) || ImageURL.isWeb($0.value) }
            .map { AttachedImage(url: $0.value, caption: firstCaption(front, in: pairedCaptionKeys[$0.key] ?? [])) }
        return (field.value, coverCaption(front, coverKey: field.key), others)
    }

    /// Themes whose cards show another key's picture than `coverKeys` puts first: Redefine's lists
    /// show `thumbnail` and its `cover` heads the post alone (home-content.ejs, article-content.ejs),
    /// where Icarus 4 and later show `cover` on both.
    static let themeCoverKeys: [String: [String]] = ["redefine": ["thumbnail"]]

    /// The cover key that gave the cover (as listed in `coverKeys`) and its value.
    static func coverField(_ front: FrontMatter) -> (key: String, value: String)? {
        coverFields(front, all: false).first
    }

    /// The cover keys with a value that can be a path, in `coverKeys` order; only the first unless `all`.
    private static func coverFields(_ front: FrontMatter, all: Bool) -> [(key: String, value: String)] {
        // The post's few fields looked up among the many cover keys (bare, then in `extra.`, then `params.`).
        var values: [Int: (form: Int, value: String)] = [:]
        for (name, raw) in front.fields {
            guard let (rank, form) = coverKeyForms[name], values[rank].map({ $0.form > form }) ?? true else { continue }
            let value = raw.trimmedWhitespace()
            if !value.isEmpty { values[rank] = (form, value) }
        }
        var found: [(key: String, value: String)] = []
        for rank in values.keys.sorted() where all || found.isEmpty {
            // Hydejack's `accent_image: {background: "url('/assets/img/a.jpg') center/cover"}` is CSS.
            guard let written = values[rank]?.value, case let value = cssURL(in: written) ?? written else { continue }
            let key = coverKeys[rank]
            // A local folder (a theme template's `teaser: /assets/images/post-name/` left unfilled) is
            // no picture; a web address ending in `/` is one the post names (a placeholder, perhaps).
            if value.hasSuffix("/"), !ImageURL.isWeb(value) { continue }
            if value.utf8.count <= 5, ["true", "false", "none", "null", "~", "yes", "no"].contains(value.lowercased()) { continue }
            if value.hasPrefix("<"), value.hasSuffix(">") { continue }
            // Butterfly's `top_img: "#66CCFF"`, `transparent`, `rgba(…)`, gradients: a CSS background, no picture.
            if isCSSColour(value) { continue }
            // Clean Blog's `background` is a picture only when it names an image file (not `dark`).
            if key == "background", !SitePaths.namesImage(value) { continue }
            if key == "photos" || key == "photo" {
                found.append((key, galleryEntryPath(value)))
            } else {
                found.append((key, value))
            }
        }
        return found
    }

    /// The picture of a front-matter gallery entry: Tranquilpeak writes `original [thumbnail] ["title"]`
    /// (`g1.jpg g1-thumb.jpg "Gallery one"`), a path alone otherwise (which may hold spaces).
    static func galleryEntryPath(_ entry: String) -> String {
        let words = entry.split(separator: " ", maxSplits: 1)
        guard words.count == 2, SitePaths.namesImage(String(words[0])) || ImageURL.isWeb(String(words[0])),
              words[1].first == "\"" || words[1].first == "'" || SitePaths.namesImage(String(words[1].prefix { $0 != " " })) else { return entry }
        return String(words[0])
    }

    /// The caption a theme shows under the cover, as HTML: the `caption` beside its path
    /// (Wowchemy's `image: {caption}`, PaperMod's `cover: {caption}`, Minimal Mistakes'
    /// `header: {overlay_image, caption}`, YAT's `banner: {caption}`), Ghost's `feature_image_caption`,
    /// Clarity's `featureImageCap`, Blowfish's `featureimagecaption`, Tranquilpeak's `coverCaption`,
    /// flexible-jekyll's `fig-caption`, Beautiful Jekyll's and Hugo's paired captions; Markdown in it
    /// reduced to its text (the themes `markdownify` it).
    static func coverCaption(_ front: FrontMatter, coverKey: String?) -> String? {
        // A key whose theme names its caption has that one; others (and a cover found by name)
        // the captions themes write beside a cover.
        firstCaption(front, in: coverKey.flatMap { pairedCaptionKeys[$0] }
                     ?? ["image.caption", "cover.caption", "feature_image_caption", "featured_image_caption", "cover_caption", "image_caption", "featureimagecaption"])
    }

    /// The caption keys themes show under the picture of a cover key.
    static let pairedCaptionKeys: [String: [String]] = [
        "cover": ["cover.caption", "cover_caption"], "cover.image": ["cover.caption"], "cover.src": ["cover.caption"],
        "image": ["image.caption", "image_caption"], "image.src": ["image.caption"], "image.path": ["image.caption"],
        "feature_image": ["feature_image_caption"], "featured_image": ["featured_image_caption"],
        // Minimal Mistakes' header caption is the overlay's (or header image's), not the teaser's.
        "header.image": ["header.caption"], "header.overlay_image": ["header.caption"],
        "featureimage": ["featureimagecap", "featureimagecaption"], "img": ["fig-caption"], "coverimage": ["covercaption"],
        "banner.image": ["banner.caption"], "cover-img": ["cover-img.caption"], "bigimg": ["bigimg.caption"],
    ]

    /// The first of `keys` with a caption, as HTML (PaperMod's archetype leaves `caption: "<text>"`
    /// for the author to fill in: none).
    private static func firstCaption(_ front: FrontMatter, in keys: [String]) -> String? {
        for name in keys {
            if let value = themeField(front, name), !(value.hasPrefix("<") && value.hasSuffix(">")) { return HTMLEscaping.escape(SiteMarkup.plainText(value)) }
        }
        return nil
    }

    /// A theme's front-matter value, at the top level or in the table generators keep theme keys
    /// in (Zola's `[extra]`, Hugo's `params`); nil when empty.
    private static func themeField(_ front: FrontMatter, _ key: String) -> String? {
        if let value = front.fields[key]?.trimmedWhitespace(), !value.isEmpty { return value }
        return ["extra." + key, "params." + key].lazy.compactMap { front.fields[$0]?.trimmedWhitespace() }.first { !$0.isEmpty }
    }

    /// Each front-matter name that gives a cover key: its rank in `coverKeys`, and its form (0 the
    /// key itself, 1 in Zola's `extra.`, 2 in Hugo's `params.`; a lower form wins).
    private static let coverKeyForms: [String: (rank: Int, form: Int)] = {
        var forms: [String: (rank: Int, form: Int)] = [:]
        for (rank, key) in coverKeys.enumerated() {
            for (form, prefix) in ["", "extra.", "params."].enumerated() where forms[prefix + key] == nil { forms[prefix + key] = (rank, form) }
        }
        return forms
    }()

    /// The address in a CSS value's `url(…)` (quoted or not), or nil when it holds none (an address
    /// such as `…/url(1).png` is none: the value must open with it or have it after a space).
    static func cssURL(in value: String) -> String? {
        // Bytes first: `contains` on a String goes through Foundation's search, costly per post.
        guard value.hasPrefix("url(") || value.containsBytes(" url("), let open = value.range(of: "url("),
              let close = value[open.upperBound...].firstIndex(of: ")") else { return nil }
        let inner = value[open.upperBound..<close].trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
        return inner.isEmpty ? nil : inner
    }

    /// True for a CSS colour or gradient (`#66CCFF`, `rgba(255, 0, 0, .5)`, `transparent`,
    /// `linear-gradient(…)`), which themes accept where a cover image goes.
    static func isCSSColour(_ value: String) -> Bool {
        // On the first bytes, lower-cased: most covers are paths or URLs (`https://…` too starts with `h`).
        let head = value.utf8.prefix(16).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard let first = head.first else { return false }
        if first == UInt8(ascii: "#") { return value.utf8.dropFirst().allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) } }
        if value.utf8.count <= 11, ["transparent", "inherit"].contains(where: { head.elementsEqual($0.utf8) }) { return true }
        return ["rgb(", "rgba(", "hsl(", "hsla(", "linear-gradient(", "radial-gradient(", "conic-gradient("].contains { head.starts(with: $0.utf8) }
    }

    /// Adds the image a theme takes as the cover by its file name, when the post names none.
    static func addNamedCover(_ local: LocalResolver, caption: String?, to images: inout [ImageRef]) {
        guard let file = local.namedCover() else { return }
        if let existing = images.firstIndex(where: { $0.url == file.url }) {
            images[existing].isCover = true
            if images[existing].caption == nil { images[existing].caption = caption }
            return
        }
        var cover = ImageRef(index: images.count, url: file.url, src: (file.path as NSString).lastPathComponent, caption: caption, isCover: true, occurrences: 0)
        cover.mark(file)
        images.append(cover)
    }
}

/// A value worked out on first use and kept (a bundle's resources, listed once per post).
final class LazyValue<Value> {
    private let make: () -> Value
    private var made: Value?
    /// Keeps `make` until the value is first asked for.
    init(_ make: @escaping () -> Value) { self.make = make }
    /// The value, made on first use.
    var value: Value {
        if let made { return made }
        let value = make()
        made = value
        return value
    }
}

extension ImageRef {
    /// Records the site rule that resolved the image and whether its file exists.
    mutating func mark(_ file: LocalFile) {
        rule = file.rule
        missingFile = !file.exists
    }
}
