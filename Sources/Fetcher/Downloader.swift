import Foundation

/// One request the downloader made, for the catalog and for reports.
public struct DownloadAttempt: Sendable, Equatable {
    /// The URL requested on this hop.
    public var url: String
    /// The Referer sent, or nil.
    public var referer: String?
    /// The Referer strategy it came from (`policy:no-referrer`, `none`, `origin`, ...).
    public var strategy: String
    /// HTTP status, or nil when no response came.
    public var status: Int?
    /// Body bytes received.
    public var bytes: Int64
    /// Seconds the request took.
    public var seconds: Double
    /// Why this attempt did not give the image, or nil for the one that did.
    public var error: String?
}

/// Why an image could not be downloaded, in words a person can act on.
public struct DownloadFailure: Error, Sendable, CustomStringConvertible {
    /// A stable reason code, grouped in summaries: `http-404`, `refused`, `not-an-image`,
    /// `placeholder`, `truncated`, `too-large`, `timeout`, `connection`, `redirect`, `protocol`, `storage`,
    /// `unchanged` (a conditional request answered 304).
    public var reason: String
    /// The detail: URL, status, what was received.
    public var message: String
    /// Every request made, in order.
    public var attempts: [DownloadAttempt]
    /// `message`.
    public var description: String { message }
}

/// A verified image body held by the caller's sink.
public struct Downloaded<Sink: BodySink>: Sendable {
    /// The sink holding the bytes (e.g. a temp file being hashed).
    public var sink: Sink
    /// The final response (after redirects).
    public var response: TransferResponse
    /// The kind of image the bytes are.
    public var kind: MediaKind
    /// The Referer strategy that worked.
    public var strategy: String
    /// The Referer sent on the final hop.
    public var referer: String?
    /// Every request made, in order (the last one fetched the image).
    public var attempts: [DownloadAttempt]
    /// Another URL of the same picture the body came from, when the caller archives it under
    /// one URL but fetched another (an original, a fallback); the downloader itself fetches one
    /// URL and leaves this nil.
    public var source: String? = nil
}

/// Fetches one image: follows redirects itself (http/https only, Referer re-evaluated per hop),
/// retries transient failures, falls back to the next Referer strategy when refused, and
/// accepts only bodies whose bytes really are an image of the promised length.
public struct Downloader: Sendable {
    /// Hook that inspects a received body and returns a reason to refuse it (e.g. a known
    /// placeholder digest), which moves on to the next Referer strategy.
    public typealias Inspector<Sink> = @Sendable (Sink, TransferResponse) -> String?

    let loopHandle: TransferLoop
    /// Retry timing for transient failures.
    public var retry: RetryPolicy
    /// Redirect hops allowed per request.
    public var maxRedirects: Int
    /// Per-host concurrency and request interval, or nil for none beyond libcurl's connection limit.
    public var gate: (any RequestGate)?
    /// Cookies sent to the hosts they belong to, chosen again for every redirect hop.
    public var cookies = CookieJar()
    /// The sizes of image bodies to keep (`--min-bytes`/`--max-bytes`); one outside fails with
    /// reason `size-filter`, decided from Content-Length before its body when the server sends it.
    public var sizes: ClosedRange<Int64>?

    /// Creates a downloader on a transfer loop.
    public init(loop: TransferLoop, retry: RetryPolicy = RetryPolicy(), maxRedirects: Int = 10) {
        self.loopHandle = loop
        self.retry = retry
        self.maxRedirects = maxRedirects
    }

    /// Downloads `url`, trying `strategies` in order until one yields a real image.
    /// `makeSink` is called for every response body that may be the image; `discard` for each
    /// one that turned out not to be.
    public func download<Sink: BodySink>(
        url: String, strategies: [RefererStrategy], headers: [String] = [],
        makeSink: @escaping @Sendable () throws -> Sink, discard: @escaping @Sendable (Sink) -> Void,
        inspect: Inspector<Sink>? = nil
    ) async -> Result<Downloaded<Sink>, DownloadFailure> {
        var attempts: [DownloadAttempt] = []
        var lastFailure: HopFailure?
        for strategy in strategies {
            let outcome = await downloadWithRetries(url: url, strategy: strategy, headers: headers,
                                                    makeSink: makeSink, discard: discard, attempts: &attempts)
            switch outcome {
            case .success(let hop):
                if let refusal = inspect?(hop.sink, hop.response) {
                    discard(hop.sink)
                    attempts[attempts.count - 1].error = refusal
                    lastFailure = HopFailure(reason: "placeholder", message: "\(url): \(refusal)", tryNextReferer: true)
                    continue
                }
                return .success(Downloaded(sink: hop.sink, response: hop.response, kind: hop.kind,
                                           strategy: strategy.name, referer: hop.referer, attempts: attempts))
            case .failure(let failure):
                lastFailure = failure
            }
            if case .failure(let failure) = outcome, !failure.tryNextReferer { break }  // refusals alone move on
        }
        let failure = lastFailure ?? HopFailure(reason: "refused", message: "\(url): no Referer strategy to try")
        var message = failure.message
        if failure.tryNextReferer && strategies.count > 1 {
            message += " (Referers tried: \(strategies.map(\.name).joined(separator: ", ")))"
        }
        return .failure(DownloadFailure(reason: failure.reason, message: message, attempts: attempts))
    }

    /// One strategy, with retries of transient failures (backoff, jitter, Retry-After).
    private func downloadWithRetries<Sink: BodySink>(
        url: String, strategy: RefererStrategy, headers: [String],
        makeSink: @escaping @Sendable () throws -> Sink, discard: @Sendable (Sink) -> Void,
        attempts: inout [DownloadAttempt]
    ) async -> Result<Hop<Sink>, HopFailure> {
        var attempt = 1
        while true {
            let result = await followRedirects(url: url, strategy: strategy, headers: headers,
                                               makeSink: makeSink, discard: discard, attempts: &attempts)
            guard case .failure(let failure) = result, failure.retryable, attempt < retry.maxAttempts,
                  !Task.isCancelled else { return result }
            let wait = retry.delay(afterAttempt: attempt, retryAfter: failure.retryAfter)
            try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            attempt += 1
        }
    }
}
