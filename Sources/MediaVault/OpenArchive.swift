import ArchiveStore
import Fetcher
import Foundation
import PostScanner

/// An archive opened for writing: its storage, catalog, lock (local archives) and thumbnailer.
struct OpenArchive: Sendable {
    let store: any ObjectStorage
    let catalog: any CatalogStore
    /// Held for a local archive (one writer at a time); nil for a remote one, which workers share.
    let lock: ArchiveLock?
    let thumbnailer: Thumbnailer?
    /// Threads for the blocking half of storing an image (fsync, rename, thumbnail, catalog).
    let lanes: BlockingLanes
    /// Catalog rows of stored objects, written in batches; `flush` before reading them back.
    let rows: CatalogBatcher
    /// Digests a person forgot (`mediavault forget SHA256`): such bytes are never stored again.
    var forgotten: Set<String> = []
    /// The run's filters; the size window is applied here, once the body's size is known.
    var selection = Selection()
    /// Fetch history of URLs with no new object; a refused write is said and counted.
    let history: FetchHistory

    /// Opens the archive's storage and catalog. A local archive waits for another writer to
    /// finish (its lock) and loses its crash leftovers in `tmp/`; a remote one is shared.
    /// With `sharing` (mirror workers of a PostgreSQL catalog), a local folder is shared too: a
    /// shared lock (a writer with a SQLite catalog, or `verify --repair`, still waits for all of
    /// them) and no cleaning of tmp/, which holds the other workers' downloads in flight.
    init(target: ArchiveTarget, thumbnails: Bool, thumbnailSize: Int = 320, lanes: Int = 8, lockTimeout: Double? = nil,
         sharing: Bool = false, output: some OutputSink) throws {
        self.lanes = BlockingLanes(count: lanes)
        history = FetchHistory { output.diagnose($0) }
        let shared = sharing && target.catalog.sharesWork
        if shared, let folder = target.localFolder {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        lock = try target.lock(exclusive: !shared, timeout: lockTimeout) {
            output.diagnose("waiting for another mediavault process to finish with \(target.displayName) …")
        }
        store = try target.openStorage(connections: max(lanes, 2))
        if !shared {
            let stale = store.cleanTemporaryFiles()
            if stale > 0 { output.diagnose("removed \(stale) unfinished download(s) left by interrupted runs (temp files, never archived)") }
        }
        catalog = try target.catalog.openForWriting()
        rows = CatalogBatcher(catalog: catalog) { output.diagnose($0) }
        thumbnailer = thumbnails ? Thumbnailer(maxEdge: thumbnailSize) : nil
    }

    /// Objects larger than this are not probed or thumbnailed (memory stays flat for huge bodies).
    static let largestDecoded: Int64 = 64 << 20

    /// Posts recorded per catalog transaction.
    static let postBatch = 256

    /// Records scanned posts and their image references in one transaction (unchanged posts are
    /// read, not rewritten).
    func record(_ items: [SourcedPost]) throws {
        try catalog.recordPosts(items.map { item in
            let post = item.post
            let record = PostRecord(source: item.source, path: post.path, title: post.title, date: post.date,
                                    url: post.url, cover: post.cover)
            let images = post.images.map { image in
                ImageRefRecord(postId: 0, position: image.index, src: image.src, url: image.url, variants: image.otherURLs,
                               innerUrl: image.innerURL, caption: image.caption, alt: image.alt,
                               referrerPolicy: image.referrerPolicy, isCover: image.isCover, isPlaceholder: image.isPlaceholder)
            }
            return PostRows(post: record, images: images)
        })
    }

    /// Describes a verified body from its local temp file (size, perceptual hash, thumbnail:
    /// a remote store keeps no local copy afterwards), makes it durable (in a batch with
    /// others), then queues the catalog rows (bytes first, rows after).
    func keep(_ pending: PendingObject, kind: MediaKind, url: String, response: TransferResponse?,
              referer: String?, strategy: String?, attempts: [DownloadAttempt]) async throws -> KeptObject {
        let archive = self
        let sha256 = pending.sha256
        let describe = { @Sendable in
            var record = ObjectRecord(sha256: sha256, size: pending.size, ext: kind.fileExtension, mediaType: kind.rawValue)
            let damage = archive.describe(pending, sha256: sha256, into: &record)
            return (record, damage)
        }
        // Without thumbnails only the header is probed, from the bytes kept in memory: no file
        // is read, so it runs here rather than on a lane (a thread hop costs more than the probe).
        let (record, damage) = thumbnailer == nil ? describe() : await lanes.run(describe)
        let object = try await store.save(pending, fileExtension: kind.fileExtension)
        let mapping = URLObjectRecord(url: url, sha256: object.sha256, finalUrl: response?.url, referer: referer,
                                      strategy: strategy, etag: response?.headers["etag"],
                                      lastModified: response?.headers["last-modified"])
        rows.add(ObjectRows(object: record, url: mapping, fetches: Self.fetchRecords(url: url, attempts: attempts)))
        return KeptObject(object: object, truncation: damage)
    }

    /// Size, truncation, perceptual hash and thumbnail of the bytes of `pending`, when their format
    /// can be decoded; returns the codec's message when the image data ends early (the bytes are
    /// kept as served: a truncated image is still the only copy there may ever be).
    private func describe(_ pending: PendingObject, sha256: String, into record: inout ObjectRecord) -> String? {
        // A body too large to decode is only noted as such, with thumbnails or without.
        guard thumbnailer == nil, pending.size <= Self.largestDecoded else {
            return describe(pending.file, size: pending.size, sha256: sha256, with: thumbnailer ?? Thumbnailer(), into: &record)
        }
        // --no-thumbnails: no image is decoded, not even for the perceptual hash (about as
        // costly as the download itself); `verify --repair` fills the hashes in later.
        if let info = try? Thumbnailer().probe(head: pending.head, isWhole: pending.headIsWhole, fileAt: pending.file) {
            record.width = info.width
            record.height = info.height
            record.truncated = info.truncated
            if info.truncated { return info.warning ?? "the image data ends early" }
        }
        return nil
    }

    /// Size, truncation, perceptual hash and thumbnail of the image in `file` (mirror's new
    /// objects, repair's adopted orphans); returns the codec's message when its data ends early.
    func describe(_ file: URL, size: Int64, sha256: String, with thumbnailer: Thumbnailer, into record: inout ObjectRecord) -> String? {
        // The decoders map the whole file: for a huge body that costs its size in resident
        // pages (1 GB for a 1 GB image), so such objects are stored without being opened.
        guard size <= Self.largestDecoded else {
            record.thumbnailError = "\(size) bytes: larger than \(Self.largestDecoded >> 20) MB, not decoded"
            return nil
        }
        // The hash is what `caption --similar` searches; GIF/WebP/others have none (nil). It is
        // made from the thumbnail's decode (one decode per photo, not two).
        var made: Thumbnail?
        do {
            record.thumbnail = try store.storeThumbnail(sha256: sha256) { base in
                let thumbnail = try thumbnailer.makeThumbnail(of: file, to: base, temporaryFolder: store.tmpFolder, hashing: true)
                made = thumbnail
                return thumbnail.file
            }
            record.phash = made?.perceptualHash?.storedValue
            record.width = made?.source.width
            record.height = made?.source.height
            record.truncated = made?.source.truncated ?? false
            // libjpeg decodes what there is and warns ("Premature end of JPEG file").
            return record.truncated ? made?.source.warning ?? "the image data ends early" : nil
        } catch {
            record.thumbnailError = "\(error)"
            record.phash = made?.perceptualHash?.storedValue ?? (try? PerceptualHash(fileAt: file))?.storedValue
            // libpng stops with an error at the end of the data; CImageCodec's message for a
            // short read says "(the file is truncated)".
            guard let image = error as? ImageError, image.kind == .corrupt, image.message.contains("truncated") else { return nil }
            record.truncated = true
            return image.message
        }
    }

    /// Archives an image found beside a post on disk.
    func importLocal(_ item: ImageWork) async -> ImageLine {
        guard let file = URL(string: item.url), file.isFileURL else {
            return failure(item, reason: "unresolved", message: "\(item.url): not a usable file URL", attempts: [])
        }
        let store = self.store
        let copied = await lanes.run { Result { try store.makePending(copying: file) } }
        let pending: PendingObject
        do { pending = try copied.get() } catch {
            return failure(item, reason: "missing-file", message: "\(file.path): \(error)", attempts: [])
        }
        guard case .image(let kind, _) = ContentSniffer.verdict(prefix: pending.prefix, contentType: nil) else {
            pending.discard()
            return failure(item, reason: "not-an-image", message: "\(file.path) is not an image file", attempts: [])
        }
        do {
            let kept = try await keep(pending, kind: kind, url: item.url, response: nil, referer: nil, strategy: "file", attempts: [])
            let object = kept.object
            var line = ImageLine(.fetched, item)
            line.noteTruncation(kept.truncation)
            line.sha256 = Digest(object.sha256)
            line.strategy = "file"
            line.bytes = object.size
            line.isNew = object.isNew
            return line
        } catch {
            pending.discard()
            return failure(item, reason: "storage", message: "\(error)", attempts: [])
        }
    }

    /// A `failed` line; the requests made are recorded in the catalog.
    func failure(_ item: ImageWork, reason: String, message: String, attempts: [DownloadAttempt]) -> ImageLine {
        let catalog = self.catalog
        history.record(item.url, "the \(attempts.count) failed request(s)") {
            try catalog.recordFetches(Self.fetchRecords(url: item.url, attempts: attempts))
        }
        return ImageLine.failure(item, reason: reason, message: message, attempts: attempts)
    }

    /// Catalog rows for the requests made for `url`.
    static func fetchRecords(url: String, attempts: [DownloadAttempt]) -> [FetchRecord] {
        attempts.map {
            FetchRecord(url: url, requestUrl: $0.url, status: $0.status, referer: $0.referer, strategy: $0.strategy,
                        bytes: $0.bytes, seconds: $0.seconds, error: $0.error)
        }
    }
}

extension PendingObject: BodySink {}

/// An object kept by `OpenArchive.keep`, and whether its image data ends early.
struct KeptObject: Sendable {
    /// The stored object.
    var object: StoredObject
    /// The codec's message when the image is truncated (kept as served), else nil.
    var truncation: String?
}
