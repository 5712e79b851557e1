import ArchiveStore
import Foundation
import PostScanner

/// `mirror --rewrite-to DIR`: writes a copy of each post under DIR with every archived image URL
/// replaced by a relative path to `DIR/media/ab/<sha256>.<ext>` (a hard link to the object, or a
/// copy across file systems), so the folder reads with no network. The original URL stays in the
/// element (`data-original-src`), in a comment after a Markdown image, or in a `<key>_original`
/// front-matter line. The post is spliced at the exact source offsets of those values, never
/// re-serialised, so everything else keeps its bytes; the original file is never written.
public struct PostRewriter: Sendable {
    /// The archive the objects come from.
    public let store: any ObjectStorage
    /// Its catalog (URL → object).
    public let catalog: any CatalogStore
    /// The folder the rewritten posts and `media/` go to.
    public let destination: URL

    /// Creates a rewriter from an archive's store and catalog into `destination`.
    public init(store: any ObjectStorage, catalog: any CatalogStore, destination: URL) {
        self.store = store
        self.catalog = catalog
        self.destination = destination.standardizedFileURL
    }

    /// Rewrites every post; emits one `rewritten` line per post and returns how many posts could
    /// not be written at all (bad path, unreadable, not UTF-8). Posts with images that are not
    /// archived are still written, keeping those remote URLs, and listed on stderr.
    public func rewrite(_ posts: [SourcedPost], output: some OutputSink) -> Int {
        var context = RewriteContext(rewriter: self)
        var written: Set<String> = []
        var errors = 0
        for item in posts {
            if item.post.path.range(of: #"#[0-9]+$"#, options: .regularExpression) != nil || !item.source.hasPrefix("/") {
                output.diagnose("\(item.post.path): feed items are not rewritten (a feed is not a post file); mirror the posts' own files for an offline copy")
                continue
            }
            guard written.insert(item.relativePath).inserted else {
                // Two inputs (folders) hold a post at the same relative path: the first one wins.
                errors += 1
                output.diagnose("\(item.post.path): not rewritten: another input already wrote \(item.relativePath) under \(destination.path); rewrite those inputs into separate folders")
                continue
            }
            do {
                let result = try rewriteOne(item, context: &context)
                output.emit(result.record)
                if !result.failed.isEmpty {
                    output.diagnose("\(item.post.path): \(result.failed.count) image(s) not archived keep their remote URL: \(result.failed.joined(separator: " ")); run mirror again to retry them")
                }
                if !result.unrewritten.isEmpty {
                    output.diagnose("\(item.post.path): \(result.unrewritten.count) archived image(s) are written where they cannot be rewritten (reference-style Markdown or nested front matter): \(result.unrewritten.joined(separator: " "))")
                }
            } catch {
                errors += 1
                output.diagnose("\(item.post.path): not rewritten: \(error)")
            }
        }
        return errors
    }

    /// What rewriting one post did.
    struct Result {
        /// The `rewritten` output line.
        var record: RewrittenLine
        /// Image URLs of the post that are not archived (kept remote).
        var failed: [String]
        /// Archived image URLs no rewritable reference was found for.
        var unrewritten: [String]
    }

    private func rewriteOne(_ item: SourcedPost, context: inout RewriteContext) throws -> Result {
        let source = URL(fileURLWithPath: item.source).standardizedFileURL
        let components = item.relativePath.split(separator: "/")
        guard !components.isEmpty, !components.contains(".."), !item.relativePath.hasPrefix("/") else {
            throw RewriteError("its path relative to the input, \(item.relativePath), leaves the output folder")
        }
        let target = destination.appendingPathComponent(item.relativePath)
        guard target.resolvingSymlinksInPath().path != source.resolvingSymlinksInPath().path else {
            throw RewriteError("the output file is the original itself; choose a --rewrite-to folder outside the inputs")
        }
        let data: Data
        do { data = try Data(contentsOf: source) } catch {
            throw RewriteError("cannot read \(source.path) (\(SystemError.describe(error)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RewriteError("the file is not UTF-8; only UTF-8 posts are rewritten (convert it with iconv first)")
        }
        let map: PostSourceMap
        do {
            map = try PostSourceMap(text: text, path: item.post.path, postURL: item.post.url, folder: source.deletingLastPathComponent())
        } catch {
            throw RewriteError("cannot map its source: \(error)")
        }
        context.prefix = String(repeating: "../", count: components.count - 1)
        var splicer = PostSplicer(map: map, post: item.post)
        let edits = try splicer.edits(context: &context)
        if let error = context.lookupError { throw RewriteError("the catalog cannot be read (\(error)); run `mediavault verify`") }
        let rewritten = PostSplicer.apply(edits, to: Array(text.utf8))
        try context.write(Data(rewritten), to: target)

        let archivedURLs = item.post.images.compactMap(\.url).filter { context.isArchived($0) }
        let failed = item.post.images.filter { image in
            guard let url = image.url, !image.isPlaceholder else { return false }
            return !context.isArchived(url)
        }.map { $0.url ?? $0.src }
        let unrewritten = archivedURLs.filter { !splicer.rewrittenURLs.contains($0) }
        let record = RewrittenLine(post: item.post.path, path: target.path, images: splicer.rewrittenURLs.count,
                                   failed: failed, unrewritten: unrewritten)
        return Result(record: record, failed: failed, unrewritten: unrewritten)
    }
}

/// A rewrite that cannot be done, with the reason.
struct RewriteError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    let description: String
    init(_ description: String) { self.description = description }
}

/// State shared by the posts of one rewrite: object lookups and the media files already linked.
struct RewriteContext {
    /// The rewriter (store, catalog, destination).
    let rewriter: PostRewriter
    /// `../` repeated once per folder level of the current post under the destination.
    var prefix = ""
    private var objects: [String: ObjectRecord?] = [:]
    /// The first catalog read that failed: the post is refused with it, rather than its images
    /// being kept remote as if they were not archived.
    private(set) var lookupError: (any Error)?
    private var linked: Set<String> = []

    /// Creates a context.
    init(rewriter: PostRewriter) { self.rewriter = rewriter }

    /// The archived object of a resolved URL, memoised.
    mutating func object(for url: String) -> ObjectRecord? {
        if let known = objects[url] { return known }
        let found: ObjectRecord?
        do { found = try rewriter.catalog.object(forURL: url) } catch {
            lookupError = lookupError ?? error
            return nil
        }
        objects[url] = found
        return found
    }

    /// True when `url` was looked up and is archived.
    func isArchived(_ url: String) -> Bool { (objects[url] ?? nil) != nil || ((try? rewriter.catalog.object(forURL: url)) ?? nil) != nil }

    /// The object's path relative to the current post, linking it into `media/` the first time.
    mutating func localPath(of object: ObjectRecord) throws -> String {
        let relative = "media/\(object.sha256.prefix(2))/\(object.sha256).\(object.ext)"
        if linked.insert(relative).inserted {
            let target = rewriter.destination.appendingPathComponent(relative)
            do { try rewriter.store.materialize(relativePath: object.relativePath, at: target) } catch {
                throw RewriteError("\(error)")
            }
        }
        return prefix + relative
    }

    /// Hard-links `source` to `target` (same bytes, no space); copies across file systems.
    static func linkOrCopy(_ source: URL, to target: URL) throws {
        let files = FileManager.default
        if files.fileExists(atPath: target.path) { return }  // named by its hash: already the same bytes
        try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        if link(source.path, target.path) == 0 || errno == EEXIST { return }
        do { try files.copyItem(at: source, to: target) } catch {
            throw RewriteError("cannot link or copy \(source.path) to \(target.path) (\(SystemError.describe(error))); run `mediavault verify` if the object is missing")
        }
    }

    /// Writes a rewritten post atomically (temp file, rename), creating its folders.
    func write(_ data: Data, to target: URL) throws {
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target, options: .atomic)
        } catch {
            throw RewriteError("cannot write \(target.path) (\(SystemError.describe(error))); check the --rewrite-to folder")
        }
    }
}
