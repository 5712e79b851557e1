import Foundation

/// Settings shared by every transfer of one `TransferLoop`.
public struct TransferOptions: Sendable {
    /// Transfers running at once (`--jobs`).
    public var maxConcurrent: Int = 8
    /// Asked just before a queued transfer enters libcurl; false fails it as `.notStarted`
    /// instead (a graceful stop: what is running finishes, nothing new begins).
    public var mayStart: (@Sendable () -> Bool)?
    /// Connections to one host at once (what browsers allow); politeness towards image CDNs.
    /// HTTP/2 multiplexes all requests to a host on one connection anyway.
    public var maxPerHost: Int = 6
    /// Seconds to establish a connection (TCP + TLS).
    public var connectTimeout: Int = 15
    /// Seconds below `lowSpeedLimit` bytes/s before a stalled transfer is abandoned.
    public var stallTimeout: Int = 30
    /// Bytes per second under which a transfer counts as stalled.
    public var lowSpeedLimit: Int = 1
    /// Seconds one transfer may take in all.
    public var totalTimeout: Int = 600
    /// Largest body accepted, in bytes (default 100 MB); larger ones fail as `tooLarge`.
    public var maxBytes: Int64 = 100 * 1024 * 1024
    /// `User-Agent` sent with every request.
    public var userAgent: String = "mediavault/0.1 (+https://github.com/mediavault/mediavault)"
    /// curl `--connect-to` entries, `HOST:PORT:CONNECT-HOST:CONNECT-PORT`.
    public var connectTo: [String] = []
    /// A CA bundle to trust instead of the system's (curl `--cacert`).
    public var caCertificate: String?

    /// Creates the default options.
    public init() {}
}

/// One HTTP GET to perform. Redirects are not followed by libcurl: the caller follows them
/// so that the Referer can be re-evaluated on every hop, as the Referrer Policy spec says.
public struct TransferRequest: Sendable, Equatable {
    /// The absolute http(s) URL to fetch.
    public var url: String
    /// The `Referer` header value, or nil to send none.
    public var referer: String?
    /// Extra request headers, `Name: value`.
    public var headers: [String]
    /// The sizes of a 2xx body the caller keeps (`--min-bytes`/`--max-bytes`): a body outside
    /// is refused as soon as that is known, from Content-Length before any body byte, else
    /// the moment it grows past `sizes.upperBound` (`TransferError.Kind.outsideSizes`).
    public var sizes: ClosedRange<Int64>?

    /// Creates a request.
    public init(url: String, referer: String? = nil, headers: [String] = [], sizes: ClosedRange<Int64>? = nil) {
        self.url = url
        self.referer = referer
        self.headers = headers
        self.sizes = sizes
    }
}

/// What a finished transfer answered.
public struct TransferResponse: Sendable, Equatable {
    /// HTTP status code of the response.
    public var status: Int
    /// The URL that was fetched (libcurl's effective URL).
    public var url: String
    /// `Location` resolved against `url`, for 3xx answers.
    public var redirectURL: String?
    /// `Content-Type` as sent, or nil.
    public var contentType: String?
    /// `Content-Length` as sent, or nil when the server did not say.
    public var contentLength: Int64?
    /// Body bytes received (after content decoding).
    public var bytesReceived: Int64
    /// Body bytes as they came over the wire (before content decoding): what `Content-Length` counts.
    public var wireBytes: Int64
    /// Seconds from `Retry-After`, when sent.
    public var retryAfter: Int?
    /// Response headers that matter later (lower-cased names): etag, last-modified, referrer-policy.
    public var headers: [String: String]
    /// The first bytes of a body that did not go to the sink (error pages), for diagnostics.
    public var errorBodyPrefix: [UInt8]
    /// Wall-clock seconds the transfer took.
    public var seconds: Double
    /// The HTTP version the answer came in: `1.0`, `1.1`, `2` or `3` (empty if libcurl did not say).
    public var httpVersion: String
}

/// Receives the body of a successful (2xx) response as it streams in, on the transfer thread.
public protocol BodySink: AnyObject, Sendable {
    /// Appends the next chunk; throwing aborts the transfer.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Why a transfer produced no response.
public struct TransferError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, used for retry decisions and grouped reports.
    public enum Kind: String, Sendable {
        /// DNS, connection refused, reset, TLS: the server could not be talked to.
        case connection
        /// The connect, stall or total timeout ran out.
        case timeout
        /// The body was larger than the size limit.
        case tooLarge
        /// Fewer bytes arrived than Content-Length promised, or the connection dropped mid-body.
        case truncated
        /// Only http and https are fetched.
        case unsupportedProtocol
        /// The sink refused the bytes (disk full, read-only archive).
        case sink
        /// libcurl refused the request's setup (`curl_easy_setopt`: a value over its limits, a
        /// feature it lacks): the same request fails the same way, so it is never retried.
        case setup
        /// The body is outside the sizes the request keeps (`TransferRequest.sizes`): a choice, not a fault.
        case outsideSizes
        /// Anything else libcurl reported.
        case other
        /// Never begun: the run was stopping when the transfer's turn came (`mayStart`).
        case notStarted
    }
    /// The class of failure.
    public var kind: Kind
    /// libcurl's own message (or the sink's), with the URL.
    public var message: String
    /// Whether trying again later may succeed.
    public var isTransient: Bool { kind == .connection || kind == .timeout || kind == .truncated }
    /// Creates a transfer error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    /// `kind: message`.
    public var description: String { message }
}
