import ArchiveStore
import Foundation
import PostScanner

/// What each post file yielded on an earlier run, kept in the catalog by the file's size and
/// modification time: a re-run hands an unchanged file's posts to the pipeline without opening
/// or parsing it (as make and rsync skip unchanged files). The one place where scanning reads
/// the catalog, and only for `mirror` into an archive: `scan` and `--download-only` never do.
///
/// A file is parsed again when its size or modification time changed, when its site's settings
/// files changed (`Site.settingsStamp`: a new `baseURL` resolves references elsewhere), when one of its images
/// found no file or its local file is gone (the reference resolves again), when it was modified
/// within the last two seconds of its last parse (`FileStamp.isRacy`), when it is named by
/// another display path (its posts' paths would differ), when the remembered text was written
/// by another format version, and for every file with `--recheck`.
final class ScanMemo: @unchecked Sendable {
    // @unchecked: `pending` is guarded by `lock`; the catalog is Sendable.
    private let catalog: any CatalogStore
    private let reuse: Bool
    private let lock = NSLock()
    private var pending: [ScannedFileRecord] = []
    private var failedRead = false

    /// `reuse` false (`--recheck`): every file is parsed, and what it yields is remembered anew.
    init(catalog: any CatalogStore, reuse: Bool) {
        self.catalog = catalog
        self.reuse = reuse
    }

    /// The posts the file yielded last time, when its stamp, its display path and its site's
    /// settings (`settings`, nil outside a site) are unchanged.
    func remembered(path: String, displayPath: String, stamp: FileStamp, settings: String?) -> [ScannedPost]? {
        guard reuse else { return nil }
        let record: ScannedFileRecord?
        do {
            record = try catalog.scannedFile(path: path)
        } catch {
            // A failed read costs a parse, never a wrong answer; say it once.
            lock.withLock { failedRead = true }
            return nil
        }
        guard let record, record.size == stamp.size, record.mtimeNs == stamp.mtimeNs,
              let posts = try? ScanMemoCoding.decode(record.yield, displayPath: displayPath, settings: settings),
              posts.allSatisfy({ $0.images.allSatisfy(Self.resolvesAsBefore) }) else { return nil }
        return posts
    }

    /// Whether an image's resolution still holds without the parse: a local file must still be
    /// there, and a reference that found no file (unresolved, or a site rule's missing file) is
    /// resolved again, since the file may have been added since.
    private static func resolvesAsBefore(_ image: ImageRef) -> Bool {
        guard let url = image.url, !image.missingFile else { return false }
        guard url.hasPrefix("file:") else { return true }
        guard let path = URL(string: url)?.path else { return false }
        return FileManager.default.fileExists(atPath: path)
    }

    /// Queues what a freshly parsed file yielded; written by `flush`, after the posts' rows.
    func remember(path: String, displayPath: String, stamp: FileStamp, settings: String?, posts: [ScannedPost]) {
        // A post that lists a folder's files changes when the folder does: parsed every time.
        guard !stamp.isRacy(), !posts.contains(where: \.listsFolders), let text = ScanMemoCoding.encode(posts, displayPath: displayPath, settings: settings) else { return }
        lock.withLock { pending.append(ScannedFileRecord(path: path, size: stamp.size, mtimeNs: stamp.mtimeNs, yield: text)) }
    }

    /// Writes the queued records (one transaction). Call after recording the posts they yielded:
    /// a crash between the two leaves posts without a memo, which only costs a parse next time.
    func flush() throws {
        let batch = lock.withLock {
            let taken = pending
            pending.removeAll()
            return taken
        }
        try catalog.recordScannedFiles(batch)
    }

    /// Whether a catalog read failed during the run (those files were parsed instead).
    var hadReadFailure: Bool { lock.withLock { failedRead } }
}
