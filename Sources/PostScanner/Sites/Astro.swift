import Foundation

/// Astro: `astro.config.*` at the root; Markdown and MDX in content collections (`src/content/`)
/// and pages (`src/pages/`); `public/` is served at `/`; a relative reference is beside the post
/// (Astro's image pipeline resolves it from the file), and an import alias from `tsconfig.json`
/// (`"~/*": ["src/*"]`, `@/`) names a file under the folder it stands for.
struct Astro: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "astro"
    /// The folders that hold posts, relative to the root.
    var contentFolders: [String]
    /// Import aliases: prefix (`~/`) → folder relative to the root (`src/`).
    var aliases: [(prefix: String, folder: String)]
    /// `site` is code (`astro.config.mjs`), so never known.
    var siteURL: String? { nil }

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Astro? {
        let configs = ["astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs"]
        guard SitePaths.firstFile(configs, in: root) != nil else { return nil }
        let folders = (["src/content", "src/pages"] + loaderFolders(root: root)).filter { SitePaths.isFolder(root + "/" + $0) }
        return folders.isEmpty ? nil : Astro(contentFolders: folders, aliases: TSConfigPaths.aliases(root: root))
    }

    /// The folders Astro 5's content loaders read (`glob({ pattern: "**/*.md", base: "./src/data/blog" })`
    /// in `src/content.config.ts`, AstroPaper's layout): collections need not be in `src/content/`.
    static func loaderFolders(root: String) -> [String] {
        let files = ["src/content.config.ts", "src/content.config.mjs", "src/content.config.js", "src/content/config.ts", "src/content/config.mjs"]
        guard let file = SitePaths.firstFile(files, in: root), let text = SitePaths.read(root + "/" + file), text.contains("base") else { return [] }
        return text.matches(of: /\bbase\s*:\s*["'`]([^"'`$]+)["'`]/).map { SitePaths.relativeFolder(String($0.output.1)) }.filter { !$0.isEmpty && !$0.hasPrefix("..") }
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        if reference.isRootRelative {
            return [SiteCandidate(path: post.inRoot("public/" + reference.trimmed), rule: "astro root-relative: public/ is served at /")]
        }
        if let alias = aliases.first(where: { reference.path.hasPrefix($0.prefix) }) {
            let path = alias.folder + reference.path.dropFirst(alias.prefix.count)
            return [SiteCandidate(path: post.inRoot(path), rule: "astro import alias \(alias.prefix) (tsconfig.json paths) is \(alias.folder)")]
        }
        return [post.beside(reference)]
    }
}

/// The import aliases of a JavaScript project's `tsconfig.json` (or `jsconfig.json`):
/// `compilerOptions.paths` entries of the form `"~/*": ["src/*"]`, read as JSON5 (Foundation's
/// decoder), which covers the comments and trailing commas TypeScript allows. Without any, `~/`
/// and `@/` mean `src/` (the aliases Astro's and most templates' configurations set).
enum TSConfigPaths {
    private struct Config: Decodable {
        struct Options: Decodable { let paths: [String: [String]]? }
        let compilerOptions: Options?
    }

    /// Prefix → folder, both ending in `/`, longest prefix first.
    static func aliases(root: String) -> [(prefix: String, folder: String)] {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        for name in ["tsconfig.json", "jsconfig.json"] {
            guard let text = SitePaths.read(root + "/" + name),
                  let paths = (try? decoder.decode(Config.self, from: Data(text.utf8)))?.compilerOptions?.paths else { continue }
            let found = paths.compactMap { key, targets -> (String, String)? in
                guard key.hasSuffix("/*"), let target = targets.first, target.hasSuffix("/*") else { return nil }
                let folder = target.dropLast(1).drop { $0 == "." || $0 == "/" }
                return (String(key.dropLast(1)), String(folder))
            }
            if !found.isEmpty { return found.sorted { $0.0.count > $1.0.count }.map { (prefix: $0.0, folder: $0.1) } }
        }
        return [(prefix: "~/", folder: "src/"), (prefix: "@/", folder: "src/")]
    }
}
