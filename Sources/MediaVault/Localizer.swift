import ArchiveStore
import Foundation
import PostScanner

/// `mediavault localize SITE`: gives a static site its images back. Every remote image
/// reference of every post that the archive holds is replaced by a reference the site's own
/// generator publishes, the image file is copied where the generator serves it (asked of
/// `Site`), and the reference as written is kept beside the new one so `--undo` restores it.
/// Work happens in two phases: `plan` reads and maps every post; `apply` writes, refusing a
/// post whose bytes changed since the plan.
public struct Localizer: Sendable {
    /// What `localize` does.
    public enum Mode: Sendable, Equatable {
        /// Localize and write.
        case write
        /// Print the plan as a unified diff; write nothing.
        case dryRun
        /// Put the kept original references back.
        case undo
    }

    /// The site.
    public let site: Site
    /// The archive folder.
    public let archive: URL
    /// The folder under the generator's web root for placed files.
    public let directory: String
    /// `--add-dimensions`: add `width`/`height` (from the catalog) to `<img>` elements that have neither.
    public var addDimensions = false
    /// When made (SIGINT/SIGTERM), no further post is planned or written; the post in flight is
    /// written whole (its files placed first), so the site is never half-rewritten.
    public var stop: StopRequest?

    /// Opens `siteRoot` as a site; throws when no generator is detected there.
    public init(siteRoot: String, archive: URL, directory: String = "images/archived") throws {
        let root = URL(fileURLWithPath: siteRoot).standardizedFileURL.path
        guard let site = Site.detect(root: root) else {
            throw LocalizeError("\(root): no static site here (no generator's configuration: _config.yml, hugo.toml, pelicanconf.py, astro.config.mjs …); name the site's root folder, or use `mirror --rewrite-to` for plain folders")
        }
        guard site.placement(forPost: root + "/x.md", directory: directory) != nil else {
            throw LocalizeError("\(root): \(site.generatorName) sites are not localized yet (only \(Site.placingGenerators.joined(separator: ", "))); use `mirror --rewrite-to` for a copy of the posts")
        }
        let parts = directory.split(separator: "/")
        guard !parts.isEmpty, !parts.contains(".."), !parts.contains(where: { $0.hasPrefix("_") }) else {
            throw LocalizeError("--dir \(directory): must be a relative folder without `..` or `_`-prefixed parts (generators do not publish those)")
        }
        self.site = site
        self.archive = archive
        self.directory = parts.joined(separator: "/")
    }

    /// One post's planned change.
    public struct PostPlan: Sendable {
        /// The post file, absolute.
        public var file: String
        /// Its bytes when planned.
        public var before: Data
        /// Its bytes after the change.
        public var after: Data
        /// The files this post needs placed.
        public var files: [PlacedFile]
        /// References rewritten (localize) or restored (undo).
        public var rewritten: Int
        /// Remote image URLs left as they are, with the reason.
        public var leftRemote: [(url: String, reason: String)]
    }

    /// Reads and maps every post of the site and works out its change (nothing is written).
    public func plan(mode: Mode, output: some OutputSink) async throws -> [PostPlan] {
        var posts: [SourcedPost] = []
        await PostSource(loop: nil).scan([site.root], onPosts: { posts += $0 }, onError: { output.diagnose("\($0)") })
        let catalog: (any CatalogStore)?
        let files: LocalizeFiles?
        if mode == .undo {
            catalog = nil
            files = nil
        } else {
            let catalogFile = ArchiveLocation.catalogFile(in: archive)
            guard FileManager.default.fileExists(atPath: catalogFile.path) else {
                throw LocalizeError("no archive at \(archive.path) (no catalog.sqlite); pass --archive or run `mediavault mirror \(site.root)` first")
            }
            catalog = try CatalogAddress.sqlite(catalogFile).openForReading()
            files = LocalizeFiles(site: site, directory: directory, catalog: catalog!, store: try ObjectStore(root: archive))
        }
        var plans: [PostPlan] = []
        var seen: Set<String> = []
        for item in posts where item.source.hasPrefix("/") && seen.insert(item.source).inserted {
            if stop?.isRequested == true { break }
            do {
                if let plan = try planOne(item, files: files) { plans.append(plan) }
            } catch {
                output.diagnose("\(item.post.path): not localized: \(error)")
            }
        }
        return plans
    }

    private func planOne(_ item: SourcedPost, files: LocalizeFiles?) throws -> PostPlan? {
        let file = item.source
        guard let data = FileManager.default.contents(atPath: file) else {
            throw LocalizeError("cannot read \(file); check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LocalizeError("not UTF-8; only UTF-8 posts are localized (convert it with iconv first)")
        }
        let map: PostSourceMap
        do {
            map = try PostSourceMap(text: text, path: file, postURL: item.post.url, folder: URL(fileURLWithPath: (file as NSString).deletingLastPathComponent))
        } catch {
            throw LocalizeError("cannot map its source: \(error)")
        }
        let bytes = [UInt8](data)
        guard let files else {
            let edits = LocalizeUndo.edits(map: map, source: SourceBytes(bytes: bytes))
            guard !edits.isEmpty else { return nil }
            return PostPlan(file: file, before: data, after: Data(PostSplicer.apply(edits, to: bytes)), files: [],
                            rewritten: edits.count / 2, leftRemote: [])
        }
        files.beginPost()
        var splicer = LocalizeSplicer(map: map, post: item.post, postFile: file, bytes: bytes, addDimensions: addDimensions)
        let edits = splicer.edits(files: files)
        if let error = files.lookupError { throw LocalizeError("the catalog cannot be read (\(error)); run `mediavault verify`") }
        // References an earlier run localized keep their original beside them: those are done, not left remote.
        let kept = Set(LocalizeUndo.edits(map: map, source: SourceBytes(bytes: bytes)).compactMap { $0.text.isEmpty ? nil : map.resolve($0.text) })
        let left = leftRemote(item.post, rewritten: splicer.rewrittenURLs.union(kept), files: files)
        guard !edits.isEmpty || !left.isEmpty else { return nil }
        let postFiles = files.touched.compactMap { files.files[$0] }
        return PostPlan(file: file, before: data, after: Data(PostSplicer.apply(edits, to: bytes)),
                        files: postFiles.sorted { $0.path < $1.path }, rewritten: edits.count / 2, leftRemote: left)
    }

    /// The post's remote images that keep their URL, with the reason.
    private func leftRemote(_ post: ScannedPost, rewritten: Set<String>, files: LocalizeFiles) -> [(url: String, reason: String)] {
        var left: [(url: String, reason: String)] = []
        var seen: Set<String> = []
        for image in post.images {
            guard let url = image.url, !image.isPlaceholder, !rewritten.contains(url), seen.insert(url).inserted,
                  url.hasPrefix("http://") || url.hasPrefix("https://") else { continue }
            if image.variants.contains(where: rewritten.contains) { continue }
            let reason = files.object(for: url) == nil
                ? "not in the archive (failed or never mirrored); run `mediavault mirror` again"
                : "archived, but written where localize cannot rewrite it (a shortcode, a reference-style Markdown image or a nested front-matter key)"
            left.append((url, reason))
        }
        return left
    }
}
