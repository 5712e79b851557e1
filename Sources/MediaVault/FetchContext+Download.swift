import Fetcher
import Foundation

extension FetchContext {
    /// Downloads one image. With `--originals`, the full-size original behind it
    /// (`item.original`) is asked for first; whatever becomes of it but a stop, the image's own
    /// URL is next. When that URL fails (an original that is gone, refused, or not an image),
    /// the picture as the post shows it is downloaded instead (`item.fallback`), as browsers show
    /// the `src` whatever became of the original. The failure keeps the image URL's reason, with
    /// its fallback's message, when both fail; every request made is in the attempts.
    func download<Sink: BodySink>(
        _ item: ImageWork, with downloader: Downloader,
        makeSink: @escaping @Sendable () throws -> Sink, discard: @escaping @Sendable (Sink) -> Void,
        digest: @escaping @Sendable (Sink) -> String?
    ) async -> Result<Downloaded<Sink>, DownloadFailure> {
        var earlier: [DownloadAttempt] = []
        if let original = item.original {
            switch await downloadOne(item.asking(original), with: downloader, makeSink: makeSink, discard: discard, digest: digest) {
            case .success(var downloaded):
                downloaded.source = original
                return .success(downloaded)
            case .failure(let failure) where failure.reason == "not-started":
                return .failure(failure)
            case .failure(let failure):
                earlier = failure.attempts  // too large for --max-bytes included: the copy shown may fit
                // Fault injection: a stop may arrive here, before the URL the post shows is asked for.
                FaultPace.shared?.pause(inside: "the original of \(item.url) failed")
            }
        }
        let result = await downloadAsShown(item, with: downloader, makeSink: makeSink, discard: discard, digest: digest)
        guard !earlier.isEmpty else { return result }
        return result.map { var d = $0; d.attempts = earlier + d.attempts; return d }
            .mapError { var f = $0; f.attempts = earlier + f.attempts; return f }
    }

    /// Downloads the image's URL, then its fallback when the URL fails.
    private func downloadAsShown<Sink: BodySink>(
        _ item: ImageWork, with downloader: Downloader,
        makeSink: @escaping @Sendable () throws -> Sink, discard: @escaping @Sendable (Sink) -> Void,
        digest: @escaping @Sendable (Sink) -> String?
    ) async -> Result<Downloaded<Sink>, DownloadFailure> {
        let first = await downloadOne(item.asking(item.url), with: downloader, makeSink: makeSink, discard: discard, digest: digest)
        guard case .failure(let failure) = first, let fallback = item.fallback, Self.fallsBack(failure.reason) else { return first }
        switch await downloadOne(item.asking(fallback), with: downloader, makeSink: makeSink, discard: discard, digest: digest) {
        case .success(var downloaded):
            downloaded.attempts = failure.attempts + downloaded.attempts
            downloaded.source = fallback
            return .success(downloaded)
        case .failure(let second) where Self.fallsBack(second.reason):
            var both = failure
            both.message += "; the picture as the post shows it failed too: \(second.message)"
            both.attempts += second.attempts
            return .failure(both)
        case .failure(var other):
            other.attempts = failure.attempts + other.attempts  // not started, or filtered by its size
            return .failure(other)
        }
    }

    /// Whether a failure of an image's URL is one its fallback may mend: any failure of the URL
    /// itself, not a stop before it started, an unchanged re-check or a size the person filtered.
    static func fallsBack(_ reason: String) -> Bool {
        !["not-started", "unchanged", ImageLine.SkipReason.sizeFilter.rawValue].contains(reason)
    }

    /// Downloads `item.url` alone (`item` as `asking` made it) with the run's Referer strategies
    /// and headers, refusing placeholder bytes (`digest` names a body; nil means unknown, and such
    /// a body is not judged). A body refused only because one other URL of the host had the same
    /// bytes is taken after all when every Referer gives those bytes: a re-upload, not a
    /// placeholder. On success, what was learned (the strategy that worked, placeholders proven by
    /// other bytes) is remembered.
    private func downloadOne<Sink: BodySink>(
        _ item: ImageWork, with downloader: Downloader,
        makeSink: @escaping @Sendable () throws -> Sink, discard: @escaping @Sendable (Sink) -> Void,
        digest: @escaping @Sendable (Sink) -> String?
    ) async -> Result<Downloaded<Sink>, DownloadFailure> {
        let host = HostRules.host(of: item.url) ?? ""
        let strategies = strategies(for: item)
        let headers = headers(for: item)
        let log = InspectionLog()
        let inspect = Self.inspector(url: item.url, host: host, watch: watch, log: log, digest: digest)
        var result = await downloader.download(url: item.url, strategies: strategies, headers: headers,
                                               makeSink: makeSink, discard: discard, inspect: inspect)
        if case .failure(let failure) = result, failure.reason == "placeholder", !log.sawPlaceholder, !log.suspectsOnly.isEmpty {
            let again = await downloader.download(url: item.url, strategies: Array(strategies.prefix(1)), headers: headers,
                                                  makeSink: makeSink, discard: discard)
            result = again.map { var d = $0; d.attempts = failure.attempts + d.attempts; return d }
                .mapError { var f = $0; f.attempts = failure.attempts + f.attempts; return f }
        }
        if case .success(let downloaded) = result {
            let received = digest(downloaded.sink)
            for suspect in log.suspectsOnly where suspect != received {
                watch.confirm(host: host, sha256: suspect)  // another Referer gave other bytes
            }
            if downloaded.strategy != strategies.first?.name { book.learn(host: host, strategy: downloaded.strategy) }
        }
        return result
    }

    /// The body check for one image: configured, proven or repeated placeholder bytes are refused.
    private static func inspector<Sink>(url: String, host: String, watch: PlaceholderWatch, log: InspectionLog,
                                        digest: @escaping @Sendable (Sink) -> String?) -> Downloader.Inspector<Sink> {
        { sink, _ in
            guard let sha256 = digest(sink) else { return nil }
            switch watch.judge(sha256: sha256, url: url, host: host) {
            case .accept: return nil
            case .placeholder(let why):
                log.placeholder(sha256)
                return "placeholder: \(why)"
            case .suspect(let why):
                log.suspect(sha256)
                return "suspected placeholder: \(why)"
            }
        }
    }
}
