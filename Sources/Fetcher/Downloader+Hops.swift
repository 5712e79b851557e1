import Foundation

/// A body that passed the checks on one strategy.
struct Hop<Sink: BodySink> {
    var sink: Sink
    var response: TransferResponse
    var kind: MediaKind
    var referer: String?
}

/// Why one strategy did not give the image, and what to do next.
struct HopFailure: Error {
    var reason: String
    var message: String
    /// A transient failure: the same request may succeed later.
    var retryable = false
    /// The host refused this Referer: another strategy may succeed.
    var tryNextReferer = false
    /// Seconds the server asked us to wait.
    var retryAfter: Int?
}

/// Counts and remembers the first bytes of a body on its way to the caller's sink, so the
/// downloader can check magic bytes and length without reading the file back.
final class InspectingSink<Sink: BodySink>: BodySink, @unchecked Sendable {
    // @unchecked: written only on the transfer thread, read after the transfer completed.
    /// The caller's sink, made before the request so that creating it (a temp file) costs the
    /// transfer thread nothing; discarded when the answer is not the image.
    let inner: Sink
    private(set) var prefix: [UInt8] = []
    private(set) var count: Int64 = 0

    /// Enough bytes for the sniffer to recognise SVG behind a long XML prolog.
    static var prefixLength: Int { ContentSniffer.preferredPrefixLength }

    init(_ inner: Sink) { self.inner = inner }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if prefix.count < Self.prefixLength { prefix.append(contentsOf: bytes.prefix(Self.prefixLength - prefix.count)) }
        count += Int64(bytes.count)
        try inner.write(bytes)
    }
}

extension Downloader {
    /// One strategy, one try: GET, follow redirects (re-evaluating the Referer), check the body.
    func followRedirects<Sink: BodySink>(
        url: String, strategy: RefererStrategy, headers: [String],
        makeSink: @escaping @Sendable () throws -> Sink, discard: @Sendable (Sink) -> Void,
        attempts: inout [DownloadAttempt]
    ) async -> Result<Hop<Sink>, HopFailure> {
        var hopURL = url
        var hops = strategy.chain()
        for _ in 0...maxRedirects {
            let referer = hops.referer(for: hopURL)
            let body: InspectingSink<Sink>
            do { body = InspectingSink(try makeSink()) } catch {
                return .failure(HopFailure(reason: "storage", message: "\(hopURL): cannot store the body: \(error)"))
            }
            let host = gate == nil ? nil : HostRules.host(of: hopURL)
            if let gate, let host { await gate.enter(host) }
            let performed: Result<TransferResponse, any Error>
            do {
                // The Cookie header is chosen per hop: a redirect to another host must not carry the first host's cookies.
                let hopHeaders = cookies.header(for: hopURL).map { headers + [$0] } ?? headers
                performed = .success(try await loopPerform(TransferRequest(url: hopURL, referer: referer, headers: hopHeaders, sizes: sizes), sink: body))
            } catch {
                performed = .failure(error)
            }
            if let gate, let host { await gate.leave(host) }
            let response: TransferResponse
            switch performed {
            case .success(let value): response = value
            case .failure(let error as TransferError):
                discard(body.inner)
                // A transfer the stop kept from starting made no request: it is no attempt.
                if error.kind != .notStarted {
                    attempts.append(DownloadAttempt(url: hopURL, referer: referer, strategy: strategy.name, status: nil,
                                                    bytes: body.count, seconds: 0, error: error.message))
                }
                return .failure(Self.failure(for: error))
            case .failure:
                discard(body.inner)
                return .failure(HopFailure(reason: "cancelled", message: "\(hopURL): cancelled"))
            }
            var attempt = DownloadAttempt(url: hopURL, referer: referer, strategy: strategy.name, status: response.status,
                                          bytes: response.bytesReceived, seconds: response.seconds, error: nil)
            let verdict = Self.check(response, body: body, referer: referer)
            switch verdict {
            case .redirect(let next):
                discard(body.inner)
                attempts.append(attempt)
                hops.redirected(referrerPolicyHeader: response.headers["referrer-policy"])
                hopURL = next
                continue
            case .image(let kind):
                attempts.append(attempt)
                return .success(Hop(sink: body.inner, response: response, kind: kind, referer: referer))
            case .failed(let failure):
                discard(body.inner)
                attempt.error = failure.message
                attempts.append(attempt)
                return .failure(failure)
            }
        }
        return .failure(HopFailure(reason: "redirect", message: "\(url): more than \(maxRedirects) redirects (a loop?)"))
    }

    private func loopPerform(_ request: TransferRequest, sink: BodySink) async throws -> TransferResponse {
        try await loopHandle.perform(request, sink: sink)
    }

    private enum Verdict {
        case redirect(String)
        case image(MediaKind)
        case failed(HopFailure)
    }

    /// Classifies a finished response: a redirect to follow, a good image, or why not.
    private static func check<Sink>(_ response: TransferResponse, body: InspectingSink<Sink>, referer: String?) -> Verdict {
        let url = response.url
        switch response.status {
        case 301, 302, 303, 307, 308:
            guard let next = response.redirectURL else {
                return .failed(HopFailure(reason: "redirect", message: "\(url): redirect without a Location"))
            }
            let scheme = next.prefix(while: { $0 != ":" }).lowercased()
            guard scheme == "http" || scheme == "https" else {
                return .failed(HopFailure(reason: "redirect", message: "\(url): redirect to \(next) refused: only http and https are fetched"))
            }
            return .redirect(next)
        case 200..<300:
            // Content-Length counts the bytes on the wire, which differ from the body's (what the
            // sink got) when the answer is compressed (Content-Encoding).
            if let expected = response.contentLength, expected != response.wireBytes {
                return .failed(HopFailure(reason: "truncated", message: "\(url): got \(response.wireBytes) of \(expected) bytes", retryable: true))
            }
            switch ContentSniffer.verdict(prefix: body.prefix, contentType: response.contentType) {
            case .image(let kind, _): return .image(kind)
            case .rejected(let reason):
                return .failed(HopFailure(reason: "not-an-image", message: "\(url): \(reason)"))
            }
        case 304:
            // Only asked for with If-None-Match / If-Modified-Since: the archived copy is current.
            return .failed(HopFailure(reason: "unchanged", message: "\(url): not modified since it was archived"))
        case 401, 403:
            return .failed(HopFailure(reason: "refused", message: "\(url): HTTP \(response.status) (hotlink protection?)", tryNextReferer: true))
        case 404, 410:
            // Some hotlink guards answer 404 to a foreign Referer: worth one try without it.
            return .failed(HopFailure(reason: "http-\(response.status)", message: "\(url): HTTP \(response.status) not found",
                                      tryNextReferer: referer != nil))
        default:
            let retryable = RetryPolicy().isRetryable(status: response.status)
            return .failed(HopFailure(reason: "http-\(response.status)", message: "\(url): HTTP \(response.status)",
                                      retryable: retryable, retryAfter: response.retryAfter))
        }
    }

    /// Maps a transfer error to a failure reason; connection trouble and timeouts are retried.
    static func failure(for error: TransferError) -> HopFailure {
        switch error.kind {
        case .timeout: return HopFailure(reason: "timeout", message: error.message, retryable: true)
        case .connection: return HopFailure(reason: "connection", message: error.message, retryable: true)
        case .truncated: return HopFailure(reason: "truncated", message: error.message, retryable: true)
        case .tooLarge: return HopFailure(reason: "too-large", message: error.message)
        case .unsupportedProtocol: return HopFailure(reason: "protocol", message: error.message)
        case .sink: return HopFailure(reason: "storage", message: error.message)
        case .setup: return HopFailure(reason: "setup", message: error.message)
        case .outsideSizes: return HopFailure(reason: "size-filter", message: error.message)
        case .other: return HopFailure(reason: "transfer", message: error.message, retryable: true)
        case .notStarted: return HopFailure(reason: "not-started", message: error.message)
        }
    }
}
