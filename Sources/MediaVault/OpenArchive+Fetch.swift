import ArchiveStore
import Fetcher
import Foundation

extension OpenArchive: ImageDestination {
    /// Fetches one image (or copies a local one), stores it and catalogs it; returns its output line.
    func fetch(_ item: ImageWork, downloader: Downloader, context: FetchContext) async -> OutputRecord {
        if item.url.hasPrefix("file://") { return await importLocal(item) }
        let store = self.store
        let result = await context.download(item, with: downloader, makeSink: { try store.makePending() },
                                            discard: { $0.discard() }, digest: { $0.sha256 })
        switch result {
        case .success(let downloaded):
            return await stored(downloaded, item: item)
        case .failure(let failure) where failure.reason == "unchanged":
            let catalog = self.catalog
            await lanes.run { try? catalog.recordFetches(Self.fetchRecords(url: item.url, attempts: failure.attempts)) }
            return OutputRecord("skipped", [
                "url": .string(item.url), "post": .string(item.posts[0]), "sha256": .null, "status": .int(304),
                "referer": .optional(failure.attempts.last?.referer), "attempts": .int(Int64(failure.attempts.count)),
                "reason": .string("unchanged"), "referers_tried": .array(failure.attempts.map { .optional($0.referer) }),
            ])
        case .failure(let failure):
            let archive = self
            return await lanes.run { archive.failure(item, reason: failure.reason, message: failure.message, attempts: failure.attempts) }
        }
    }

    /// Commits a downloaded body and returns its `fetched` line.
    private func stored(_ downloaded: Downloaded<PendingObject>, item: ImageWork) async -> OutputRecord {
        do {
            let object = try await keep(downloaded.sink, kind: downloaded.kind, url: item.url, response: downloaded.response,
                                  referer: downloaded.referer, strategy: downloaded.strategy, attempts: downloaded.attempts)
            return OutputRecord("fetched", [
                "url": .string(item.url), "post": .string(item.posts[0]), "sha256": .string(object.sha256),
                "status": .int(Int64(downloaded.response.status)), "referer": .optional(downloaded.referer),
                "attempts": .int(Int64(downloaded.attempts.count)), "reason": .null,
                "strategy": .string(downloaded.strategy), "bytes": .int(object.size), "new": .bool(object.isNew),
                "referers_tried": .array(downloaded.attempts.map { .optional($0.referer) }),
            ])
        } catch {
            downloaded.sink.discard()
            let archive = self
            return await lanes.run { archive.failure(item, reason: "storage", message: "\(error)", attempts: downloaded.attempts) }
        }
    }

    /// Removes an object proven to be a placeholder and returns the URLs that got it: rows
    /// first, then the files (a crash in between leaves an orphan that `verify` reports, never a
    /// dangling row). Earlier runs' URLs are forgotten too, so this run fetches them again.
    func forget(placeholder sha256: String) throws -> [String] {
        let urls = try catalog.urls(sha256: sha256)
        guard !urls.isEmpty, let object = try catalog.forget(urls: urls, sha256: sha256) else { return urls }
        unlink(store.root.appendingPathComponent(object.relativePath).path)
        if let thumbnail = object.thumbnail { unlink(store.root.appendingPathComponent(thumbnail).path) }
        return urls
    }
}
