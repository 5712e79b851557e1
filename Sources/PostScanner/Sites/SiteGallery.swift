import Foundation

/// The images of a gallery shortcode that names a folder rather than images: Hugo's popular
/// gallery shortcodes show the page bundle's files matching a pattern
/// (`{{< gallery match="images/*" >}}`, hugo-shortcode-gallery) or every image of a static folder
/// (`{{< gallery dir="/img/trip/" >}}`, hugo-easy-gallery). The post's site lists the files; the
/// references it gives back resolve by the site's usual rules.
enum SiteGallery {
    /// What a gallery shows.
    enum Query: Equatable, Sendable {
        /// Page-bundle files whose path relative to the post's folder matches a glob (`images/*.jpg`,
        /// `**.png`), in any case, as Hugo's `Resources.Match`.
        case bundle(pattern: String)
        /// Every image file in a folder named as the site serves it (`/img/trip/`).
        case folder(path: String)
        /// Jekyll's `site.static_files` that are images, in path order; with `key`, only those
        /// whose front-matter defaults give `key` the value `value` (`where: "image", true`).
        case staticFiles(key: String?, value: String?)
    }

    /// The query of a shortcode's arguments: `match=` for a bundle pattern, `dir=`/`folder=` for a folder.
    static func query(_ named: [String: String]) -> Query? {
        if let pattern = named["match"]?.trimmedWhitespace(), !pattern.isEmpty { return .bundle(pattern: pattern) }
        if let folder = (named["dir"] ?? named["folder"])?.trimmedWhitespace(), !folder.isEmpty { return .folder(path: folder) }
        return nil
    }

    /// The references (relative to the post, or as the folder was written) of the image files
    /// `query` names for the post at `postFile` in `site`, sorted by name; empty when none.
    static func references(_ query: Query, site: Site, postFile: String) -> [String] {
        switch query {
        case .bundle(let pattern):
            // Only a page bundle (`index.md`, `_index.md`) has resources.
            let stem = ((postFile as NSString).lastPathComponent as NSString).deletingPathExtension
            guard stem == "index" || stem == "_index" else { return [] }
            return files(under: SitePaths.parent(postFile), depth: 4).filter { SitePaths.globMatches(pattern, $0) }
        case .folder(let written):
            // The site's rules for a file in that folder say where the folder is.
            guard let path = site.folder(for: written, postFile: postFile) else { return [] }
            let folder = SitePaths.trimSlashes(written)
            return SitePaths.names(in: path).filter(SitePaths.isImageName).sorted().map { folder + "/" + $0 }
        case .staticFiles(let key, let value):
            guard site.generatorName == Jekyll.name else { return [] }
            let scopes = key.map { JekyllDefaults.scopes(root: site.root, key: $0, value: value ?? "true") }
            // Jekyll copies as they are the files outside `_`/`.` names and its default `exclude`.
            let published = files(under: site.root, depth: 8) { !$0.hasPrefix("_") && !unpublished.contains($0) }.sorted()
            return published.filter { path in
                scopes.map { $0.contains { $0.isEmpty || path == $0 || path.hasPrefix($0 + "/") } } ?? true
            }.map { "/" + $0 }
        }
    }

    /// Folders Jekyll never publishes as static files (its default `exclude`), besides `_`/`.` names.
    static let unpublished: Set<String> = ["node_modules", "vendor", "gemfiles"]

    /// Image files under `folder`, as paths relative to it, at most `depth` folders down, sorted by
    /// folder; names starting with `.`, and those `keeps` refuses, are passed over.
    static func files(under folder: String, depth: Int, prefix: String = "", keeps: (String) -> Bool = { _ in true }) -> [String] {
        var found: [String] = []
        for name in SitePaths.names(in: folder).sorted() where !name.hasPrefix(".") && keeps(name) {
            let path = folder + "/" + name
            if SitePaths.isFolder(path) {
                if depth > 0 { found += files(under: path, depth: depth - 1, prefix: prefix + name + "/", keeps: keeps) }
            } else if SitePaths.isImageName(name) {
                found.append(prefix + name)
            }
        }
        return found
    }
}
