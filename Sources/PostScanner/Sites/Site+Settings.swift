import Foundation

extension Site {
    /// A fingerprint (`StableHash`, in hex) of the files that hold the site's settings: the
    /// configuration files at its root (`_config.yml`, `hugo.toml`, `pelicanconf.py`,
    /// `gatsby-config.js`, `mkdocs.yml`, a theme's `_config.<theme>.yml`, a Substack export's
    /// `posts.csv`, ...), everything under `config/` (Hugo's configuration folder), the files
    /// directly in `.vitepress/` and `.vuepress/` (not their cache or build output), Hugo's image
    /// render hooks and shortcode templates (`layouts/_default/_markup/`, `layouts/shortcodes/`), Obsidian's
    /// `.obsidian/app.json`, GitHub Pages' `CNAME`, Astro's `src/content.config.ts`, by name, size and modification time. It changes when one of them is edited,
    /// added or removed: a re-run's memo then parses the site's posts again, since a changed
    /// `baseURL`, `root` or static folder can resolve an unchanged post's references elsewhere.
    /// Posts at the root (Jekyll's pages) are not settings and leave it unchanged.
    public func settingsStamp() -> String {
        var entries: [String] = []
        for name in SitePaths.names(in: root) where Self.settingsExtensions.contains((name as NSString).pathExtension.lowercased()) {
            if let stamp = Self.stamp(SitePaths.join(root, name)) { entries.append(name + "\u{1}" + stamp) }
        }
        for folder in Self.configurationFolders {
            for name in SitePaths.names(in: SitePaths.join(root, folder)) {
                let relative = folder + "/" + name
                if let stamp = Self.stamp(SitePaths.join(root, relative)) { entries.append(relative + "\u{1}" + stamp) }
            }
        }
        // Obsidian's settings, GitHub Pages' `CNAME` (Jekyll's address when `url` is not set), Astro's content loaders.
        for name in [".obsidian/app.json", "CNAME", "src/content.config.ts"] {
            if let stamp = Self.stamp(SitePaths.join(root, name)) { entries.append(name + "\u{1}" + stamp) }
        }
        var folders = ["config"]
        while let folder = folders.popLast(), entries.count < Self.mostFiles {
            for name in SitePaths.names(in: SitePaths.join(root, folder)) {
                let relative = folder + "/" + name
                let path = SitePaths.join(root, relative)
                if SitePaths.isFolder(path) {
                    folders.append(relative)
                } else if let stamp = Self.stamp(path) {
                    entries.append(relative + "\u{1}" + stamp)
                }
            }
        }
        let hex = String(StableHash.fnv1a(entries.sorted().joined(separator: "\u{2}")), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Extensions of the files a generator reads its settings from.
    static let settingsExtensions: Set<String> = ["yml", "yaml", "toml", "json", "py", "js", "mjs", "cjs", "ts", "mts", "csv"]

    /// Folders whose own files (not their sub-folders: caches, build output) are configuration:
    /// VitePress's and VuePress's, and Hugo's templates that decide where a reference resolves
    /// (image render hooks, shortcodes; a theme's are not followed).
    static let configurationFolders = [".vitepress", ".vuepress", "layouts/_default/_markup", "layouts/_markup",
                                       "layouts/shortcodes", "layouts/_shortcodes"]

    /// At most this many files of `config/` are looked at (a configuration folder is small).
    static let mostFiles = 512

    /// `size:mtime-ns` of a regular file, or nil.
    private static func stamp(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return "\(info.st_size):\(info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec)"
    }
}
