import Foundation

/// One static-site generator: how to recognise its source tree, where its posts are, and how it
/// serves the files a post refers to. Adding a generator is one new file and one line in `all`.
/// Generators answer with plain values and never read post bodies.
protocol SiteGenerator: Sendable {
    /// The name reported in `scan --json` (`hexo`, `hugo`, ...).
    static var name: String { get }
    /// The generator's settings when `root` holds its marker files; nil otherwise.
    static func detect(root: String) -> Self?
    /// Folders, relative to the site root, whose files are posts ("." for the root itself).
    var contentFolders: [String] { get }
    /// The site's own public URL (`url`, `baseURL`), whose references are local files.
    var siteURL: String? { get }
    /// True when a folder inside a content folder holds no posts (drafts, templates, build output).
    /// `relative` is the folder's path relative to the content folder.
    func skipsFolder(_ relative: String) -> Bool
    /// True when a file inside a content folder is a post (`relative` to the content folder).
    func readsFile(_ relative: String) -> Bool
    /// The files a reference may mean, most likely first, each with the rule that names it.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate]
    /// Image files that are a post's cover by their name alone (Hugo bundle resources), sorted.
    func namedCovers(post: SitePost) -> [String]
    /// What the site says of a post outside the post file (a Substack export's CSV), or nil.
    func metadata(post: SitePost) -> SitePostMetadata?
    /// What the post's front matter says of where its files are served (asked once per post).
    func addressing(_ front: FrontMatter, post: SitePost) -> PostAddressing
    /// True when the site makes a post's first picture its cover when the front matter names
    /// none (Pelican's `representative_image` plugin).
    var firstImageIsCover: Bool { get }
}

/// What a post's front matter says of where its files are served.
struct PostAddressing: Sendable, Equatable {
    /// The folder the theme puts before every image path without a scheme, root-relative ones
    /// too (Chirpy's `media_subpath`), or nil.
    var mediaSubpath: String? = nil
    /// Names the front matter gives the post's address (see `SitePost.addressNames`).
    var addressNames: [String] = []
    /// The names and titles the front matter gives the page's resources (Hugo's `resources`).
    var resources: [PageResourceEntry] = []
    /// Front-matter values the site gives the post when its own front matter does not (Jekyll's
    /// `defaults:`: a cover for every post of a folder), as flattened keys.
    var defaults: [String: String] = [:]
}

/// A post's title and date as its site keeps them apart from the post file.
struct SitePostMetadata: Sendable, Equatable {
    /// The title, or nil.
    var title: String?
    /// The date as written, or nil.
    var date: String?
    /// The post's path under the address it was published at (Substack's `p/<slug>`), when the
    /// source knows it but not the address (given by `--site-url`), or nil.
    var path: String? = nil
}

extension SiteGenerator {
    /// By default every folder of the content holds posts.
    func skipsFolder(_ relative: String) -> Bool { false }
    /// By default every post file of the content is a post.
    func readsFile(_ relative: String) -> Bool { true }
    /// By default no file is a cover by its name.
    func namedCovers(post: SitePost) -> [String] { [] }
    /// By default a post says everything of itself.
    func metadata(post: SitePost) -> SitePostMetadata? { nil }
    /// By default the front matter says nothing of where files are served.
    func addressing(_ front: FrontMatter, post: SitePost) -> PostAddressing { PostAddressing() }
    /// By default a post without a cover has none.
    var firstImageIsCover: Bool { false }
}

/// The registered generators, asked in order (Hexo before Jekyll: both have `_config.yml`; Zola
/// before Hugo: both have `config.toml`; a built site last: a Jekyll source has `index.html` and
/// `404.html` too).
enum SiteGenerators {
    /// Every generator mediavault knows; add a new one here.
    static let all: [any SiteGenerator.Type] = [Hexo.self, Pelican.self, Zola.self, Hugo.self, MkDocs.self, Gatsby.self, Astro.self, Eleventy.self,
                                                Docusaurus.self, NextJS.self, NuxtContent.self, VitePress.self, VuePress.self, Quarto.self, SubstackExport.self, Jekyll.self, Obsidian.self,
                                                BuiltSite.self]
}

/// A reference as a generator sees it: decoded, without query or fragment.
struct SiteReference: Sendable, Equatable {
    /// How the reference was written.
    enum Kind: Sendable, Equatable {
        /// A Markdown image (or an HTML page's `src`).
        case link
        /// An `<img src>` written as raw HTML in a Markdown page: generators that rewrite the
        /// page's Markdown links leave it as written, for the browser to read against the page's URL.
        case html
        /// Hexo `{% asset_img %}`/`{% asset_path %}`: a name in the post's asset folder only.
        case postAsset
        /// A bare name passed to a Jekyll include (`{% include image.html file="a.png" %}`) or a
        /// Hugo shortcode (`{{< pic name="a.png" >}}`): the site's template for it
        /// (`_includes/image.html`, `layouts/shortcodes/pic.html`) decides the path. The argument
        /// is its name, or the index of a positional one.
        case included(template: String, argument: String)
        /// A wiki embed (`![[name.png]]`, Obsidian and the tools that publish its vaults): a
        /// name Obsidian looks for in the whole vault when it is not beside the note.
        case wikiEmbed
        /// A path the front matter names (a cover): the theme's template prints it, Pelican's
        /// themes after `{{ SITEURL }}/`, so a relative one is from the web root there.
        case frontMatter
    }
    /// The path, percent-decoded, without `?query` or `#fragment`; may start with `/`.
    var path: String
    /// How it was written.
    var kind: Kind

    /// True for `/path` (served from the site's web root).
    var isRootRelative: Bool { path.hasPrefix("/") }
    /// A root-relative path as a file under the web root: `basePath` (`/docs`, "" for none) taken
    /// off when the path starts with it (sites served under a path write it or not), no leading `/`.
    func servedPath(under basePath: String) -> String {
        var path = Substring(path)
        if !basePath.isEmpty, path.hasPrefix(basePath + "/") { path = path.dropFirst(basePath.count) }
        return String(path.drop { $0 == "/" })
    }
    /// The path without its leading slashes or `./`.
    var trimmed: String {
        var rest = Substring(path)
        while rest.hasPrefix("/") { rest = rest.dropFirst() }
        while rest.hasPrefix("./") { rest = rest.dropFirst(2) }
        return String(rest)
    }
}

/// Where a post sits in its site.
struct SitePost: Sendable, Equatable {
    /// The site root, absolute.
    var root: String
    /// The post file, absolute.
    var file: String
    /// Names the post's own front matter gives its address (a `permalink`'s last segment,
    /// hexo-abbrlink's `abbrlink`), besides its file name.
    var addressNames: [String] = []
    /// The names and titles the post's front matter gives its resources (Hugo's `resources`).
    var resources: [PageResourceEntry] = []
    /// The post file's folder.
    var folder: String { (file as NSString).deletingLastPathComponent }
    /// The file name without its extension (`06_hexo` for `06_hexo.md`).
    var stem: String { ((file as NSString).lastPathComponent as NSString).deletingPathExtension }
    /// True for `index.*` and `_index.*`, a translation's `index.ja.md` too: the page is its folder.
    var isIndexPage: Bool {
        let stem = stem
        return stem == "index" || stem == "_index" || stem.hasPrefix("index.") || stem.hasPrefix("_index.")
    }
    /// `root/relative`, for building candidates.
    func inRoot(_ relative: String) -> String { SitePaths.join(root, relative) }
    /// The candidate every generator has for a relative reference: beside the post file.
    func beside(_ reference: SiteReference) -> SiteCandidate {
        SiteCandidate(path: SitePaths.join(folder, reference.trimmed), rule: "relative to the post file's folder")
    }
}

/// One file a reference may mean and the rule that says so (shown when the file is missing).
struct SiteCandidate: Sendable, Equatable {
    /// The absolute path.
    var path: String
    /// The rule, e.g. `hexo post asset folder (source/_posts/<post>/)`.
    var rule: String
    /// False for the file a reference would mean were the generator set to publish it (Hexo's
    /// asset tag with `post_asset_folder` off): reported as missing, with the rule saying why.
    var published = true
}
