import Foundation

/// One entry of a Hugo page's front-matter `resources` list: the files its `src` glob matches
/// get its `name` and `title` (`resources: [{name: featured-image, src: images/result.png}]`).
struct PageResourceEntry: Sendable, Equatable {
    /// The glob matched against each resource's path in the bundle, in any case.
    var src: String
    /// The name it gives (`:counter` counts the files it matched), or nil.
    var name: String?
    /// The title it gives (`:counter` too), or nil.
    var title: String?
}

/// A page bundle's image resources as Hugo names them: each file's name is the path relative to
/// the bundle unless a front-matter `resources` entry renames it, and they are sorted by name, as
/// Hugo sorts a page's resources. `.Resources.GetMatch PATTERN` is the first whose name matches.
struct HugoResources {
    /// One image resource: the file, relative to the bundle, its name and its title.
    struct Resource: Equatable {
        /// The file's path relative to the bundle folder.
        var path: String
        /// Its name: the path, or the name front matter gives it.
        var name: String
        /// The title front matter gives it, or nil.
        var title: String?
    }

    /// The bundle's image resources, sorted by name.
    let resources: [Resource]

    /// The resources of the bundle whose page is `postFile` (none for a page that is no bundle).
    init(postFile: String, entries: [PageResourceEntry]) {
        let isBundle = SitePost(root: SitePaths.parent(postFile), file: postFile).isIndexPage
        self.init(paths: isBundle ? SiteGallery.files(under: SitePaths.parent(postFile), depth: 4) : [], entries: entries)
    }

    /// The resources of a bundle holding the image files `paths` (relative to it).
    init(paths: [String], entries: [PageResourceEntry]) {
        // Hugo gives each field from the first entry whose glob matches and that sets it; `:counter`
        // counts, per entry, the resources it matched so far.
        var nameCounts = [Int](repeating: 0, count: entries.count)
        var titleCounts = nameCounts
        var found: [Resource] = []
        for path in paths {
            var resource = Resource(path: path, name: path, title: nil)
            if let index = entries.indices.first(where: { entries[$0].name != nil && SitePaths.globMatches(entries[$0].src, path) }) {
                nameCounts[index] += 1
                resource.name = Self.counted(entries[index].name ?? path, nameCounts[index])
            }
            if let index = entries.indices.first(where: { entries[$0].title != nil && SitePaths.globMatches(entries[$0].src, path) }) {
                titleCounts[index] += 1
                resource.title = Self.counted(entries[index].title ?? "", titleCounts[index])
            }
            found.append(resource)
        }
        resources = found.sorted { $0.name < $1.name }
    }

    /// `.Resources.GetMatch pattern`: the first resource, by name, whose name matches the glob in any case.
    func match(_ pattern: String) -> Resource? {
        resources.first { SitePaths.globMatches(pattern, $0.name) }
    }

    /// `.Resources.Get name`: the resource of that name, in any case.
    func named(_ name: String) -> Resource? {
        let lower = name.lowercased()
        return resources.first { $0.name.lowercased() == lower }
    }

    private static func counted(_ text: String, _ count: Int) -> String {
        text.replacingOccurrences(of: ":counter", with: String(count))
    }

    /// The `resources` entries of front matter (YAML, TOML `[[resources]]` or JSON), in order;
    /// empty when it has none (read only when the text mentions them).
    static func entries(_ front: FrontMatter) -> [PageResourceEntry] {
        guard front.content.containsBytes("resources") else { return [] }
        let text = String(front.content)
        let trimmed = text.drop { $0.isWhitespace }
        let format = trimmed.hasPrefix("{") ? "front.json" : text.containsBytes("[[resources]]") ? "front.toml" : "front.yaml"
        return SiteConfig.tables(at: ["resources"], in: text, name: format).compactMap { table in
            guard let src = table["src"], !src.isEmpty else { return nil }
            return PageResourceEntry(src: src, name: table["name"], title: table["title"])
        }
    }
}
