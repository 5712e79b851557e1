import Foundation

/// A client for one bucket of an S3-compatible service (AWS S3, R2, B2, MinIO, Ceph, SeaweedFS)
/// through libcurl: content-addressed PUT, GET into a sink, HEAD with the stored checksum,
/// paginated LIST and DELETE, each retried with backoff on transient failures.
///
/// Requests from several threads are serialised on one connection; give each worker thread
/// its own client for parallel transfers.
public final class S3Client: @unchecked Sendable {
    /// What PUT did.
    public enum PutOutcome: Sendable, Equatable {
        /// The object was written.
        case stored
        /// An object was already at the key (`If-None-Match: *` answered 412); with
        /// content-addressed keys these are the same bytes, so nothing was sent twice.
        case alreadyPresent
    }

    /// The bucket, endpoint and credentials every request uses.
    public let configuration: S3Configuration
    private let exchange: S3Exchange
    // Guards `exchange`: an easy handle serves one request at a time.
    private let lock = NSLock()

    /// A client for `configuration`; throws only when libcurl cannot make a handle.
    public init(_ configuration: S3Configuration) throws(S3Error) {
        guard let exchange = S3Exchange() else {
            throw S3Error(.transport(curlCode: 27, message: "curl_easy_init failed (out of memory)"),
                          operation: "configure", bucket: configuration.bucket)
        }
        self.configuration = configuration
        self.exchange = exchange
    }

    /// Stores `body` at `key` unless an object is already there; `sha256` (64 hex digits, known
    /// from the download) is sent as the payload hash and as `x-amz-checksum-sha256`, so the
    /// service refuses bytes that do not match it.
    public func put(key: String, body: S3Body, sha256: String, contentType: String? = nil) throws -> PutOutcome {
        guard let digest = Self.bytes(ofHex: sha256), digest.count == 32 else {
            throw S3Error(.invalidConfiguration(variable: "sha256", value: sha256), operation: "PUT", bucket: configuration.bucket, key: key)
        }
        var headers = [
            "x-amz-content-sha256: \(sha256.lowercased())",
            "x-amz-checksum-sha256: \(Data(digest).base64EncodedString())",
            // What AWS SDKs send with a checksum; some services (moto) store the checksum only with it.
            "x-amz-sdk-checksum-algorithm: SHA256",
            "If-None-Match: *",
        ]
        if let contentType { headers.append("Content-Type: \(contentType)") }
        let response = try send("PUT", key: key, headers: headers, body: body)
        switch response.status {
        case 200..<300: return .stored
        case 412: return .alreadyPresent
        default: throw error(for: response, operation: "PUT", key: key)
        }
    }

    /// Streams the object at `key` into `sink`; nil (and no bytes) when there is no such object.
    /// A transient failure after bytes reached the sink is thrown, not retried, because the
    /// sink cannot take them back.
    public func get(key: String, into sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> S3ObjectInfo? {
        let response = try send("GET", key: key, headers: [], sink: sink)
        if response.status == 404, S3XML.value(of: "Code", in: Substring(decoding: response.body, as: UTF8.self)) != "NoSuchBucket" {
            return nil
        }
        guard (200..<300).contains(response.status) else { throw error(for: response, operation: "GET", key: key) }
        return S3ObjectInfo(key: key, headers: response.headers)
    }

    /// The whole object at `key` in memory (small objects and tests); nil when absent.
    public func getData(key: String) throws -> Data? {
        let buffer = DataBox()
        guard try get(key: key, into: { buffer.data.append(contentsOf: $0) }) != nil else { return nil }
        return buffer.data
    }

    /// Size, ETag and the stored SHA-256 (`x-amz-checksum-mode: ENABLED`) of `key` without its
    /// bytes; nil when there is no such object. A HEAD answer has no body to tell a missing
    /// bucket from a missing key, so call ``checkAccess()`` once before relying on nil.
    public func head(key: String) throws -> S3ObjectInfo? {
        let response = try send("HEAD", key: key, headers: ["x-amz-checksum-mode: ENABLED"])
        if response.status == 404 { return nil }
        guard (200..<300).contains(response.status) else { throw error(for: response, operation: "HEAD", key: key) }
        return S3ObjectInfo(key: key, headers: response.headers)
    }

    /// Deletes `key` (succeeds when it is already gone, as S3 does).
    public func delete(key: String) throws {
        let response = try send("DELETE", key: key, headers: [])
        guard (200..<300).contains(response.status) || response.status == 404 else {
            throw error(for: response, operation: "DELETE", key: key)
        }
    }

    /// One page of ListObjectsV2 under `prefix` (at most `pageSize` keys, the service may
    /// return fewer), continuing after `continuationToken`.
    public func listPage(prefix: String, pageSize: Int = 1000, continuationToken: String? = nil) throws -> S3ListPage {
        var query = S3Query()
        query.add("list-type", "2")
        query.add("prefix", prefix)
        query.add("max-keys", String(pageSize))
        if let continuationToken { query.add("continuation-token", continuationToken) }
        let response = try send("LIST", key: "", query: query, headers: [])
        guard (200..<300).contains(response.status) else { throw error(for: response, operation: "LIST", key: prefix) }
        return S3ListPage(xml: Substring(decoding: response.body, as: UTF8.self))
    }

    /// Every object under `prefix`, page after page, in key order.
    public func list(prefix: String, pageSize: Int = 1000, each: (S3ListedObject) throws -> Void) throws {
        var token: String?
        repeat {
            let page = try listPage(prefix: prefix, pageSize: pageSize, continuationToken: token)
            for object in page.objects { try each(object) }
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
    }

    /// Checks that the credentials work and the bucket exists (one LIST of at most one key);
    /// throws the error that names the variable to fix.
    public func checkAccess() throws {
        _ = try listPage(prefix: "", pageSize: 1)
    }

    /// The bytes of a hex string (nil when it is not hex).
    static func bytes(ofHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The error an unexpected answer stands for.
    func error(for response: S3Response, operation: String, key: String) -> S3Error {
        let xml = Substring(decoding: response.body, as: UTF8.self)
        return S3Error.fromResponse(
            status: response.status, code: S3XML.value(of: "Code", in: xml) ?? "", message: S3XML.value(of: "Message", in: xml) ?? "",
            operation: operation, bucket: configuration.bucket, key: key.isEmpty ? nil : key,
            endpoint: configuration.endpoint.absoluteString)
    }

    /// Sends one request, retrying transient failures with exponential backoff and jitter;
    /// returns the first answer that is not a transient failure (possibly an error answer for
    /// the caller to interpret), or throws the last failure with the number of attempts.
    func send(
        _ operation: String, key: String, query: S3Query = S3Query(), headers: [String], body: S3Body? = nil,
        sink: ((UnsafeRawBufferPointer) throws -> Void)? = nil
    ) throws -> S3Response {
        let method = operation == "LIST" ? "GET" : operation
        var all = headers
        if !headers.contains(where: { $0.lowercased().hasPrefix("x-amz-content-sha256:") }) {
            all.append("x-amz-content-sha256: \(body == nil ? Self.emptySHA256 : "UNSIGNED-PAYLOAD")")
        }
        if let token = configuration.credentials.sessionToken { all.append("x-amz-security-token: \(token)") }
        let url = configuration.url(key: key, query: query)
        var attempt = 0
        while true {
            attempt += 1
            let outcome = try lock.withLock {
                try exchange.perform(method: method, url: url, headers: all, body: body, configuration: configuration, sink: sink)
            }
            var failure: S3Error
            var sinkStarted = false
            switch outcome {
            case .success(let response):
                failure = error(for: response, operation: operation, key: key)
                // Answers that are not transient failures are the caller's to interpret (404, 412...).
                guard failure.isTransient else { return response }
                sinkStarted = response.sinkStarted
            case .failure(let transport):
                failure = S3Error(.transport(curlCode: transport.code, message: transport.message), operation: operation,
                                  bucket: configuration.bucket, key: key.isEmpty ? nil : key,
                                  endpoint: configuration.endpoint.absoluteString)
                sinkStarted = transport.sinkStarted
            }
            failure.attempts = attempt
            guard failure.isTransient, attempt < configuration.maxAttempts, !sinkStarted else { throw failure }
            Thread.sleep(forTimeInterval: backoff(attempt: attempt))
        }
    }

    /// Seconds to wait before attempt `attempt + 1`: the initial delay doubled per attempt,
    /// plus up to half of it again at random so that many workers do not retry in step.
    private func backoff(attempt: Int) -> Double {
        let initial = Double(configuration.initialBackoff.components.seconds)
            + Double(configuration.initialBackoff.components.attoseconds) / 1e18
        let base = initial * Double(1 << min(attempt - 1, 10))
        return base + Double.random(in: 0...(base / 2))
    }

    /// SHA-256 of no bytes: the payload hash of GET, HEAD, LIST and DELETE.
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}

/// A mutable buffer a sink closure can append to.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
