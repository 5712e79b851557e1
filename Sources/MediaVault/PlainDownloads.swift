import ArchiveStore
import Fetcher
import Foundation

/// `mirror --download-only DIR`: each image saved as a plain file `DIR/<host>/<path>` (see
/// `PlainFileName`), fetched with the same Referer strategies, retries and body checks as for
/// the archive, placeholders refused the same way, and nothing else: no archive, no catalog, no
/// thumbnails, no fsync, and no SHA-256 of the bodies unless the host has configured placeholder
/// digests (the "same bytes for many URLs" rule uses `PlainFileSink.fingerprint`). An image whose
/// file exists is skipped without a request, as `wget -nc`.
final class PlainDownloads: ImageDestination, @unchecked Sendable {
    // @unchecked: `saved`, `forgotten` and `knownFolders` are guarded by `lock`; the rest is immutable.
    /// The folder the images go to.
    let folder: String
    /// Where bodies are written while they arrive (inside `folder`, so a move is a rename).
    let partialFolder: String
    /// The partial folder: the run's spill files too.
    var spillFolder: String { partialFolder }
    private let lock = NSLock()
    /// What this run saved, to undo proven placeholders.
    private let saved: SavedFiles
    /// Folders made (or found) by this run, so each is created once.
    private var knownFolders: Set<Substring> = []

    /// Uses (and creates) `folder`; leftovers of an interrupted run in its partial folder are removed.
    init(folder: URL) throws {
        self.folder = folder.standardizedFileURL.path
        partialFolder = self.folder + "/.mediavault-partial"
        do { try FileManager.default.createDirectory(atPath: partialFolder, withIntermediateDirectories: true) } catch {
            throw PlainDownloadError("cannot create \(partialFolder): \(SystemError.describe(error))")
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: partialFolder)) ?? [] {
            unlink(partialFolder + "/" + name)
        }
        saved = SavedFiles(spill: SpillFile(folder: partialFolder))  // on the destination's disk; unlinked once made
    }

    /// Removes the (then empty) partial folder.
    func finish() { rmdir(partialFolder) }

    /// The file `url` is saved as, or nil when the URL names no file.
    func target(for url: String) -> String? {
        PlainFileName.relativePath(for: url).map { folder + "/" + $0 }
    }

    func fetch(_ item: ImageWork, downloader: Downloader, context: FetchContext) async -> ImageLine {
        guard let target = target(for: item.url) else {
            return failed(item, "unresolved", "\(item.url): no file name can be made from this URL", [])
        }
        if access(target, F_OK) == 0 { return Self.exists(item, target) }
        if item.url.hasPrefix("file://") { return copyLocal(item, to: target) }
        let partial = partialFolder
        let hasDigests = context.rules.rule(forURL: item.url)?.placeholders.isEmpty == false
        let result = await context.download(item, with: downloader,
                                            makeSink: { try PlainFileSink(path: partial + "/" + TemporaryName.next()) },
                                            discard: { $0.discard() }, digest: { hasDigests ? $0.sha256 : $0.fingerprint })
        switch result {
        case .success(let downloaded):
            let digest = hasDigests ? downloaded.sink.sha256 : nil
            let key = hasDigests ? digest : downloaded.sink.fingerprint
            do { try save(downloaded.sink, to: target) } catch let error as PlainDownloadError where error.exists {
                downloaded.sink.discard()  // another URL of this run took the name first
                return Self.exists(item, target)
            } catch {
                downloaded.sink.discard()
                return failed(item, "storage", "\(error)", downloaded.attempts)
            }
            lock.withLock { saved.record(url: item.url, path: target, key: key) }
            var line = ImageLine(.fetched, item)
            line.record(downloaded.attempts)
            line.status = downloaded.response.status
            line.referer = downloaded.referer
            line.sha256 = digest.map(Digest.init)
            line.strategy = downloaded.strategy
            line.bytes = downloaded.sink.size
            line.path = target
            line.noteSource(downloaded.source, of: item)
            return line
        case .failure(let failure) where failure.reason == ImageLine.SkipReason.sizeFilter.rawValue:
            return ImageLine.sizeFiltered(item, failure)
        case .failure(let failure):
            return failed(item, failure.reason, failure.message, failure.attempts)
        }
    }

    /// Moves a finished body to `target`, creating its folder once per run. The check that no
    /// file has the name and the rename happen under one lock, so two URLs of this run that map
    /// to one name never overwrite each other (the second is reported as existing).
    private func save(_ sink: PlainFileSink, to target: String) throws {
        guard let slash = target.lastIndex(of: "/") else { throw PlainDownloadError("\(target) is not a path in \(folder)") }
        let parent = target[..<slash]
        if !lock.withLock({ knownFolders.contains(parent) }) {
            do { try FileManager.default.createDirectory(atPath: String(parent), withIntermediateDirectories: true) } catch {
                throw PlainDownloadError("cannot create the folder \(parent): \(SystemError.describe(error))")
            }
            lock.withLock { _ = knownFolders.insert(parent) }
        }
        try lock.withLock {
            guard access(target, F_OK) != 0 else { throw PlainDownloadError("\(target) exists", exists: true) }
            try sink.rename(to: target)
        }
    }

    func forget(placeholder sha256: String, host: String) throws -> [String] {
        lock.withLock {
            let entries = saved.forget(key: sha256, host: host)
            for entry in entries { unlink(entry.path) }  // the name is free again for the fetch that replaces it
            return entries.map(\.url).sorted()
        }
    }

    /// An image beside a post on disk: copied, if it is an image.
    private func copyLocal(_ item: ImageWork, to target: String) -> ImageLine {
        guard let source = URL(string: item.url)?.path, let handle = FileHandle(forReadingAtPath: source) else {
            return failed(item, "missing-file", "\(item.url): no such file", [])
        }
        let prefix = (try? handle.read(upToCount: ContentSniffer.preferredPrefixLength)) ?? Data()
        try? handle.close()
        guard case .image = ContentSniffer.verdict(prefix: [UInt8](prefix), contentType: nil) else {
            return failed(item, "not-an-image", "\(source) is not an image file", [])
        }
        do {
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: target)
        } catch {
            return failed(item, "storage", "cannot copy \(source) to \(target): \(SystemError.describe(error))", [])
        }
        var line = ImageLine(.fetched, item)
        line.strategy = "file"
        line.path = target
        return line
    }

    private func failed(_ item: ImageWork, _ reason: String, _ message: String, _ attempts: [DownloadAttempt]) -> ImageLine {
        ImageLine.failure(item, reason: reason, message: message, attempts: attempts)
    }

    /// The `skipped` line of a URL whose file is already there.
    private static func exists(_ item: ImageWork, _ target: String) -> ImageLine {
        var line = ImageLine(.skipped, item, reason: "exists")
        line.path = target
        return line
    }
}

/// The files one `--download-only` run saved: URL, file and content key (SHA-256 or
/// fingerprint) per image, three texts each in a `SpillFile`, so a run keeps nothing per image
/// in memory; read only when a placeholder is proven. Not thread-safe: its owner's lock.
final class SavedFiles {
    private let spill: SpillFile
    /// URLs forgotten as placeholders: their entries so far no longer count.
    private var forgotten: Set<String> = []

    /// Saved files kept in `spill`.
    init(spill: SpillFile) { self.spill = spill }

    /// Notes that `url` was saved as `path` with content `key` (a later entry of a URL wins).
    func record(url: String, path: String, key: String?) {
        spill.append(record: [url, path, key])
        forgotten.remove(url)
    }

    /// The URLs of `host` whose file holds `key` now, with their files; each is forgotten (a
    /// second call does not return it until it is recorded again).
    func forget(key: String, host: String) -> [(url: String, path: String)] {
        // The last entry of each URL is what its file holds now; only URLs that ever had this key
        // are followed, so the look-up keeps little however many images were saved.
        var latest: [String: (path: String, key: String?)] = [:]
        spill.scanRecords(width: 3) { fields in
            guard let url = fields[0], let path = fields[1] else { return }
            if fields[2] == key || latest[url] != nil { latest[url] = (path, fields[2]) }
        }
        let matching = latest.filter { $0.value.key == key && !forgotten.contains($0.key) && HostRules.host(of: $0.key) == host }
        forgotten.formUnion(matching.keys)
        return matching.map { (url: $0.key, path: $0.value.path) }
    }
}
