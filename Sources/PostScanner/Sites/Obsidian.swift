import Foundation

/// An Obsidian vault (a `.obsidian/` folder at the root), as Obsidian itself and the tools that
/// publish vaults (Quartz, Obsidian Publish) resolve it: a path with a folder is from the vault
/// root, else beside the note; a bare name (`![[diagram.png]]`, also `![](diagram.png)`) is
/// beside the note, then in the attachment folder (`.obsidian/app.json`
/// `attachmentFolderPath`), then wherever in the vault a file of that name is (the shortest
/// path, names compared ignoring case).
struct Obsidian: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "obsidian"
    /// `attachmentFolderPath`: "" for the vault root, `./` for the note's folder, `./x` below it,
    /// or a folder of the vault.
    var attachmentFolder: String
    /// Every file of the vault by lower-cased name, built on first use.
    let names: VaultNames
    /// The vault's folder relative to the site root: "." for a vault, `content` for a Quartz site.
    var vaultFolder = "."
    /// A vault has no URL of its own.
    var siteURL: String? { nil }

    /// The site when `root` holds the marker folder, with its settings read; or a Quartz site
    /// (`quartz.config.ts` beside `content/`), which publishes `content/` as a vault, finding an
    /// embed's file as Obsidian does (Quartz's `CrawlLinks`, `markdownLinkResolution: "shortest"`).
    static func detect(root: String) -> Obsidian? {
        var vault = "."
        if !SitePaths.isFolder(root + "/.obsidian") {
            guard SitePaths.firstFile(["quartz.config.ts", "quartz.config.js"], in: root) != nil, SitePaths.isFolder(root + "/content") else { return nil }
            vault = "content"
        }
        let settings = SitePaths.read(SitePaths.join(root, vault) + "/.obsidian/app.json").flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let folder = (settings?["attachmentFolderPath"] as? String) ?? "/"
        return Obsidian(attachmentFolder: folder == "/" ? "" : folder, names: VaultNames(root: SitePaths.join(root, vault)), vaultFolder: vault)
    }

    /// The whole vault holds notes.
    var contentFolders: [String] { [vaultFolder] }

    /// `relative` inside the vault, absolute.
    private func inVault(_ post: SitePost, _ relative: String) -> String {
        post.inRoot(vaultFolder == "." ? relative : vaultFolder + "/" + relative)
    }

    /// Obsidian's settings, its trash and packages hold no notes.
    func skipsFolder(_ relative: String) -> Bool {
        let first = SitePaths.topFolder(relative)
        return [".obsidian", ".trash", ".git", "node_modules"].contains(first)
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        let path = reference.trimmed
        if reference.isRootRelative || path.contains("/") {
            return [SiteCandidate(path: inVault(post, path), rule: "obsidian: a path from the vault root"),
                    SiteCandidate(path: SitePaths.join(post.folder, path), rule: "relative to the note's folder")]
        }
        var found = [SiteCandidate(path: SitePaths.join(post.folder, path), rule: "obsidian: beside the note")]
        if attachmentFolder.hasPrefix("./") || attachmentFolder == "." {
            found.append(SiteCandidate(path: SitePaths.join(post.folder, attachmentFolder + "/" + path), rule: "obsidian attachment folder \(attachmentFolder)"))
        } else {
            found.append(SiteCandidate(path: inVault(post, attachmentFolder.isEmpty ? path : attachmentFolder + "/" + path),
                                       rule: "obsidian attachment folder /\(attachmentFolder)"))
        }
        if let anywhere = names.shortestPath(named: path) {
            found.append(SiteCandidate(path: inVault(post, anywhere), rule: "obsidian: the vault's file of that name (\(anywhere))"))
        }
        return found
    }
}

/// The files of a vault by lower-cased name, each the shortest path (relative to the root), read
/// once, the first time a name is not where a note would have it.
final class VaultNames: @unchecked Sendable {
    // @unchecked: `table` is only touched under `lock`.
    private let root: String
    private let lock = NSLock()
    private var table: [String: String]?

    init(root: String) { self.root = root }

    /// The shortest path of a file called `name` (any case), or nil.
    func shortestPath(named name: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if table == nil { table = Self.read(root) }
        return table?[name.lowercased()]
    }

    private static func read(_ root: String) -> [String: String] {
        var table: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return table }
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || name == "node_modules" {
                walker.skipDescendants()
                continue
            }
            let key = name.lowercased()
            if let known = table[key], known.count <= relative.count { continue }
            table[key] = relative
        }
        return table
    }
}
