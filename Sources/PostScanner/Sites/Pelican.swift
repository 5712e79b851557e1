import Foundation

/// Pelican: `pelicanconf.py` beside the content folder (`PATH`, default `content`).
/// `{static}/x`, `{attach}/x` and `{filename}/x` name `content/x`; without the slash they are
/// relative to the post's folder.
struct Pelican: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "pelican"
    /// The content folder relative to the root.
    var contentFolder: String
    /// `SITEURL`, when written as a plain string.
    var siteURL: String?
    /// `PLUGINS` names `representative_image`: an article without `image:` metadata has its
    /// first picture as its image (the plugin's README).
    var firstImageIsCover = false
    /// `THEME` (a folder, relative to the root or absolute) when written as a plain string, and the
    /// folder of the output its static files are copied to (`THEME_STATIC_DIR`, default `theme`).
    var theme: String? = nil
    var themeStaticDir = "theme"

    /// The placeholders Pelican replaces with the output location of a content file.
    static let placeholders = ["{static}", "{attach}", "{filename}", "|static|", "|attach|", "|filename|"]

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Pelican? {
        guard let text = SitePaths.read(root + "/pelicanconf.py") else { return nil }
        return Pelican(contentFolder: pythonString(text, "PATH") ?? "content", siteURL: pythonString(text, "SITEURL"),
                       firstImageIsCover: pluginsNamed(text).contains { $0.hasSuffix("representative_image") },
                       theme: pythonString(text, "THEME"), themeStaticDir: pythonString(text, "THEME_STATIC_DIR").map(SitePaths.trimSlashes) ?? "theme")
    }

    /// A Pelican site for a post that uses placeholders where no `pelicanconf.py` is found
    /// (a copied or trimmed tree): rooted above the nearest `content` folder, else at the post's folder.
    static func implied(forPost file: String) -> (root: String, generator: Pelican) {
        var folder = (file as NSString).deletingLastPathComponent
        while folder != "/" {
            if (folder as NSString).lastPathComponent == "content" {
                return ((folder as NSString).deletingLastPathComponent, Pelican(contentFolder: "content"))
            }
            folder = (folder as NSString).deletingLastPathComponent
        }
        let postFolder = (file as NSString).deletingLastPathComponent
        return ((postFolder as NSString).deletingLastPathComponent, Pelican(contentFolder: (postFolder as NSString).lastPathComponent))
    }

    /// True when `src` starts with a Pelican placeholder.
    static func hasPlaceholder(_ src: String) -> Bool {
        (src.hasPrefix("{") || src.hasPrefix("|")) && placeholders.contains { src.hasPrefix($0) }
    }

    /// The folders whose files are posts.
    var contentFolders: [String] { [contentFolder] }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        let content = post.inRoot(contentFolder)
        guard let placeholder = Self.placeholders.first(where: { reference.path.hasPrefix($0) }) else {
            // `/theme/images/x.jpg`: the theme's `static/` is copied to `THEME_STATIC_DIR` in the output.
            if let theme, !themeStaticDir.isEmpty, reference.isRootRelative || reference.kind == .frontMatter,
               reference.trimmed.hasPrefix(themeStaticDir + "/") {
                let folder = theme.hasPrefix("/") ? theme : post.inRoot(theme)
                let inTheme = SiteCandidate(path: SitePaths.join(folder, "static/" + reference.trimmed.dropFirst(themeStaticDir.count + 1)),
                                            rule: "pelican \(themeStaticDir)/: the theme's static/ is copied there")
                return [inTheme, SiteCandidate(path: SitePaths.join(content, reference.trimmed), rule: "pelican: static paths are copied from \(contentFolder)/ to the web root")]
            }
            if reference.isRootRelative {
                return [SiteCandidate(path: SitePaths.join(content, reference.trimmed), rule: "pelican root-relative: static paths are copied from \(contentFolder)/ to the web root")]
            }
            // Pelican expands no placeholder in a theme's metadata (`Og_Image: images/a.jpg`):
            // themes print it after `{{ SITEURL }}/`, where the static paths of content/ are.
            if reference.kind == .frontMatter {
                return [SiteCandidate(path: SitePaths.join(content, reference.trimmed), rule: "pelican front matter: themes print it after SITEURL/, where \(contentFolder)/'s static paths are"),
                        post.beside(reference)]
            }
            return [post.beside(reference)]
        }
        let rest = String(reference.path.dropFirst(placeholder.count))
        if rest.hasPrefix("/") {
            return [SiteCandidate(path: SitePaths.join(content, String(rest.drop { $0 == "/" })), rule: "pelican \(placeholder)/path: relative to \(contentFolder)/")]
        }
        return [SiteCandidate(path: SitePaths.join(post.folder, rest), rule: "pelican \(placeholder)path: relative to the post's folder")]
    }

    /// The string literals of the `PLUGINS = [...]` list (`'representative_image'`,
    /// `"pelican.plugins.representative_image"`), empty when there is none.
    static func pluginsNamed(_ text: String) -> [String] {
        guard let start = text.range(of: "\nPLUGINS") ?? (text.hasPrefix("PLUGINS") ? text.range(of: "PLUGINS") : nil),
              let open = text[start.upperBound...].firstIndex(where: { $0 == "[" || $0 == "(" }) else { return [] }
        let list = text[open...].prefix { $0 != "]" && $0 != ")" }
        return list.split(whereSeparator: { $0 == "\n" }).filter { !$0.trimmedWhitespace().hasPrefix("#") }.flatMap { line in
            line.split(whereSeparator: { $0 == "'" || $0 == "\"" }).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
    }

    /// The value of `NAME = 'text'` in a Python settings file, when it is a plain string literal.
    private static func pythonString(_ text: String, _ name: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let rest = line.dropFirst(name.count).drop { $0 == " " }
            guard rest.hasPrefix("=") else { continue }
            let value = rest.dropFirst().trimmedWhitespace()
            guard let quote = value.first, quote == "'" || quote == "\"", let end = value.dropFirst().firstIndex(of: quote) else { return nil }
            return String(value[value.index(after: value.startIndex)..<end])
        }
        return nil
    }
}
