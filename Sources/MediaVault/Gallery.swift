import ArchiveStore
import Foundation

/// `mediavault gallery`: a static HTML gallery of the archive that works from `file://`: pages
/// of `pageSize` thumbnail cards (`index.html`, `page-2.html`, …) with lazy-loaded images, each
/// card linking to the full image and to its post, and an inline filter over the page's cards.
/// Images are referenced by relative paths into the archive, or linked/copied into the gallery
/// folder with `copy` so the folder stands alone.
public struct Gallery: Sendable {
    /// The archive and its catalog.
    public var target: ArchiveTarget
    /// The gallery folder.
    public var out: URL
    /// Link or copy thumbnails and images into `out` instead of pointing into the archive.
    public var copy = false
    /// Cards per page.
    public var pageSize = 500
    /// Where the archive's keys are served over HTTP (`--public-url`, e.g. a public bucket or
    /// a CDN in front of it): images are linked as `URL/objects/ab/….jpg`. Needed for a remote
    /// archive unless `copy`.
    public var publicURL: String?
    /// When made (SIGINT/SIGTERM), no further page is written; the pages written are whole.
    public var stop: StopRequest?

    /// Creates a gallery job.
    public init(archive: URL, out: URL) {
        self.init(target: .local(archive), out: out)
    }

    /// Creates a gallery job on an archive named on the command line (local or remote).
    public init(target: ArchiveTarget, out: URL) {
        self.target = target
        self.out = out.standardizedFileURL
    }

    /// Writes the pages; emits one `gallery` line and a `summary`; returns the exit status.
    public func run(output: some OutputSink) -> Int32 {
        stop?.observe()
        do {
            guard target.requireCatalog(output: output) else { return ExitStatus.fatal }
            if target.localFolder == nil, publicURL == nil, !copy {
                output.diagnose("error: the images of \(target.displayName) are not in a local folder: pass --public-url URL (where the bucket's keys are served) or --copy (download them into the gallery)")
                return ExitStatus.fatal
            }
            let entries = try target.catalog.openForReading().galleryEntries()
            let pages = try write(entries, output: output)
            if let stop, let signal = stop.stopSignal, let status = stop.exitStatus {
                let shown = min(entries.count, pages * pageSize)
                output.emit(GallerySummary(images: shown, pages: pages, interrupted: signal))
                output.diagnose("stopped by \(signal.rawValue): \(pages) page(s) written in \(out.path), the gallery is incomplete; run the same command again")
                return status
            }
            output.emit(GalleryLine(path: out.appendingPathComponent("index.html").path, pages: pages, images: entries.count, copied: copy))
            output.emit(GallerySummary(images: entries.count, pages: pages, interrupted: nil))
            return ExitStatus.success
        } catch {
            output.diagnose("error: gallery of \(target.displayName) into \(out.path): \(error)")
            return ExitStatus.fatal
        }
    }

    /// Writes every page (until a stop is requested); returns how many were written.
    func write(_ entries: [GalleryEntry], output: some OutputSink) throws -> Int {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let store = copy ? try target.openStorage() : nil
        let toArchive = copy ? "" : publicURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
            ?? target.localFolder.map { Self.relativePath(from: out, to: $0.standardizedFileURL) } ?? ""
        let pageCount = max(1, (entries.count + pageSize - 1) / pageSize)
        for page in 0..<pageCount {
            if stop?.shouldStop() == true { return page }
            let slice = entries.dropFirst(page * pageSize).prefix(pageSize)
            var cards: [GalleryPage.Card] = []
            cards.reserveCapacity(slice.count)
            for entry in slice {
                let object = "objects/\(entry.sha256.prefix(2))/\(entry.sha256).\(entry.ext)"
                var thumbnail = entry.thumbnail
                if let store {  // hard links from a local folder, downloads from a bucket
                    try store.materialize(relativePath: object, at: out.appendingPathComponent(object))
                    if let thumb = entry.thumbnail {
                        try store.materialize(relativePath: thumb, at: out.appendingPathComponent(thumb))
                    }
                }
                // Without a thumbnail (GIF, WebP, ...) the browser shows the image itself, lazily.
                if thumbnail == nil, Self.browserShows.contains(entry.mediaType) { thumbnail = object }
                cards.append(GalleryPage.Card(entry: entry, full: toArchive + object, thumbnail: thumbnail.map { toArchive + $0 },
                                              post: postLink(entry)))
            }
            let html = GalleryPage(number: page + 1, count: pageCount, total: entries.count, cards: cards).html()
            try Data(html.utf8).write(to: out.appendingPathComponent(GalleryPage.fileName(page + 1)), options: .atomic)
        }
        return pageCount
    }

    /// Media types a browser displays in `<img>`.
    static let browserShows: Set<String> = ["jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "ico"]

    /// The post's own URL, else a relative path to its source file, else nil.
    func postLink(_ entry: GalleryEntry) -> String? {
        if let url = entry.postUrl, url.hasPrefix("http://") || url.hasPrefix("https://") { return url }
        guard var source = entry.postSource, source.hasPrefix("/") else { return entry.postSource }
        if let hash = source.lastIndex(of: "#") { source = String(source[..<hash]) }
        return Self.relativePath(from: out, to: URL(fileURLWithPath: source).deletingLastPathComponent()) + URL(fileURLWithPath: source).lastPathComponent
    }

    /// The relative path from folder `from` to folder `to`, ending in `/` (empty when the same).
    static func relativePath(from: URL, to: URL) -> String {
        let a = from.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let b = to.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let ups = Array(repeating: "..", count: a.count - common)
        let parts = ups + b[common...]
        return parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
    }
}
