import ArchiveStore
import Fetcher
import Foundation

extension OpenArchive {
    /// Fetches one image (or copies a local one), stores it and catalogs it; returns its output line.
    func fetchAndStore(_ item: ImageWork, downloader: Downloader, context: FetchContext) async -> OutputRecord {
        if item.url.hasPrefix("file://") {
            let archive = self
            return await lanes.run { archive.importLocal(item) }
        }
        let store = self.store
        let host = HostRules.host(of: item.url) ?? ""
        let strategies = context.strategies(for: item)
        let headers = context.headers(for: item)
        let log = InspectionLog()
        let inspect = Self.inspector(url: item.url, host: host, watch: context.watch, log: log)
        var result = await downloader.download(url: item.url, strategies: strategies, headers: headers,
                                               makeSink: { try store.makePending() }, discard: { $0.discard() },
                                               inspect: inspect)
        if case .failure(let failure) = result, failure.reason == "placeholder", !log.sawPlaceholder, !log.suspectsOnly.isEmpty {
            // Every Referer gave the same bytes as one other URL of the host: a real duplicate
            // (a re-upload), not a placeholder — take it from the first strategy after all.
            let again = await downloader.download(url: item.url, strategies: Array(strategies.prefix(1)), headers: headers,
                                                  makeSink: { try store.makePending() }, discard: { $0.discard() })
            result = again.map { var d = $0; d.attempts = failure.attempts + d.attempts; return d }
                .mapError { var f = $0; f.attempts = failure.attempts + f.attempts; return f }
        }
        switch result {
        case .success(let downloaded):
            let digest = downloaded.sink.sha256
            for suspect in log.suspectsOnly where suspect != digest {
                context.watch.confirm(host: host, sha256: suspect)  // another Referer gave other bytes
            }
            if downloaded.strategy != strategies.first?.name { context.book.learn(host: host, strategy: downloaded.strategy) }
            let archive = self
            return await lanes.run { archive.stored(downloaded, item: item) }
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
    private func stored(_ downloaded: Downloaded<PendingObject>, item: ImageWork) -> OutputRecord {
        do {
            let object = try keep(downloaded.sink, kind: downloaded.kind, url: item.url, response: downloaded.response,
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
            return failure(item, reason: "storage", message: "\(error)", attempts: downloaded.attempts)
        }
    }

    /// The body check for one image: configured, proven or repeated placeholder bytes are refused.
    private static func inspector(url: String, host: String, watch: PlaceholderWatch,
                                  log: InspectionLog) -> Downloader.Inspector<PendingObject> {
        { pending, _ in
            let digest = pending.sha256
            switch watch.judge(sha256: digest, url: url, host: host) {
            case .accept: return nil
            case .placeholder(let why):
                log.placeholder(digest)
                return "placeholder: \(why)"
            case .suspect(let why):
                log.suspect(digest)
                return "suspected placeholder: \(why)"
            }
        }
    }

    /// Removes an object proven to be a placeholder after `urls` got it: rows first, then the
    /// files (a crash in between leaves an orphan that `verify` reports, never a dangling row).
    func removePlaceholder(sha256: String, urls: [String]) throws {
        guard let object = try catalog.forget(urls: urls, sha256: sha256) else { return }
        unlink(store.root.appendingPathComponent(object.relativePath).path)
        if let thumbnail = object.thumbnail { unlink(store.root.appendingPathComponent(thumbnail).path) }
    }
}
