import ArchiveStore
import Fetcher
import Foundation

extension OpenArchive: ImageDestination {
    /// The archive's `tmp/` (a remote archive's local temp folder).
    var spillFolder: String { store.tmpFolder.path }

    /// Fetches one image (or copies a local one), stores it and catalogs it; returns its output line.
    func fetch(_ item: ImageWork, downloader: Downloader, context: FetchContext) async -> ImageLine {
        if item.url.hasPrefix("file://") { return await importLocal(item) }
        let store = self.store
        let result = await context.download(item, with: downloader, makeSink: { try store.makePending() },
                                            discard: { $0.discard() }, digest: { $0.sha256 })
        switch result {
        case .success(let downloaded):
            return await stored(downloaded, item: item)
        case .failure(let failure) where failure.reason == "not-started":
            // Queued when the run was asked to stop: no request was made for the URL. An original
            // asked for before the stop came keeps its requests in the history.
            var line = ImageLine(.skipped, item, reason: "not-started")
            guard !failure.attempts.isEmpty else { return line }
            line.record(failure.attempts)
            let catalog = self.catalog, history = self.history
            await lanes.run {
                history.record(item.url, "the original's request(s) before the stop") {
                    try catalog.recordFetches(Self.fetchRecords(url: item.url, attempts: failure.attempts))
                }
            }
            return line
        case .failure(let failure) where failure.reason == ImageLine.SkipReason.sizeFilter.rawValue:
            return ImageLine.sizeFiltered(item, failure)
        case .failure(let failure) where failure.reason == "unchanged":
            let catalog = self.catalog, history = self.history
            await lanes.run {
                history.record(item.url, "the recheck's request(s)") {
                    try catalog.recordFetches(Self.fetchRecords(url: item.url, attempts: failure.attempts))
                }
                history.record(item.url, "that it was unchanged (304)") {
                    if let current = try catalog.object(forURL: item.url) {
                        try catalog.recordObservation(URLObservation(url: item.url, sha256: current.sha256, status: 304, event: .unchanged))
                    }
                }
            }
            var line = ImageLine(.skipped, item, reason: "unchanged")
            line.record(failure.attempts)
            line.status = 304
            return line
        case .failure(let failure):
            let archive = self
            return await lanes.run { archive.failure(item, reason: failure.reason, message: failure.message, attempts: failure.attempts) }
        }
    }

    /// Commits a downloaded body and returns its `fetched` line (`skipped`, reason `forgotten`,
    /// for bytes a person forgot, whichever URL they came from).
    private func stored(_ downloaded: Downloaded<PendingObject>, item: ImageWork) async -> ImageLine {
        if forgotten.contains(downloaded.sink.sha256) {
            downloaded.sink.discard()
            return MirrorJob.record(.skipped, item, reason: "forgotten")
        }
        if let reason = selection.reason(forSize: downloaded.sink.size) {
            downloaded.sink.discard()
            var line = ImageLine(.skipped, item, reason: reason)
            line.record(downloaded.attempts)
            line.bytes = downloaded.sink.size
            return line
        }
        do {
            let kept = try await keep(downloaded.sink, kind: downloaded.kind, url: item.url, response: downloaded.response,
                                      referer: downloaded.referer, strategy: downloaded.strategy, attempts: downloaded.attempts)
            let object = kept.object
            var line = ImageLine(.fetched, item)
            line.noteTruncation(kept.truncation)
            line.record(downloaded.attempts)
            line.status = downloaded.response.status
            line.referer = downloaded.referer
            line.sha256 = Digest(object.sha256)
            line.strategy = downloaded.strategy
            line.bytes = object.size
            line.isNew = object.isNew
            line.noteSource(downloaded.source, of: item)
            return line
        } catch {
            downloaded.sink.discard()
            let archive = self
            return await lanes.run { archive.failure(item, reason: "storage", message: "\(error)", attempts: downloaded.attempts) }
        }
    }

    /// Forgets the URLs of `host` that got its placeholder `sha256` and returns them. The
    /// object goes only when no other URL (another host's, say, where the same bytes are a real
    /// image) still maps to it, and then to `quarantine/`, never deleted: rows first, then the
    /// files (a crash in between leaves an orphan that `verify` reports, never a dangling row).
    func forget(placeholder sha256: String, host: String) throws -> [String] {
        let urls = try catalog.urls(sha256: sha256).filter { HostRules.host(of: $0) == host }
        guard !urls.isEmpty, let object = try catalog.forget(urls: urls, sha256: sha256) else { return urls }
        try store.quarantine(relativePath: object.relativePath)
        if let thumbnail = object.thumbnail { try store.quarantine(relativePath: thumbnail) }
        return urls
    }
}
