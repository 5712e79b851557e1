import CCurl
import Foundation

/// One request in flight: its easy handle, its sink and what it has received so far.
/// Touched only by the transfer thread once it is added to the multi handle.
final class Transfer {
    let request: TransferRequest
    let sink: BodySink?
    let continuation: CheckedContinuation<TransferResponse, any Error>
    let handle: UnsafeMutableRawPointer
    let started = Date()
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    private let maxBytes: Int64

    /// Response headers of the current response (reset on each new status line).
    var headers: [String: String] = [:]
    var bytesReceived: Int64 = 0
    var errorBody: [UInt8] = []
    /// Set when the write callback refused data, so the curl code can be explained.
    var abortReason: TransferError?
    /// libcurl writes its detailed message here; allocated once so its address never moves.
    private let errorBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return buffer
    }()

    init(request: TransferRequest, sink: BodySink?, options: TransferOptions,
         continuation: CheckedContinuation<TransferResponse, any Error>) throws(TransferError) {
        guard let handle = curl_easy_init() else { throw TransferError(.other, "curl_easy_init failed") }
        self.handle = handle
        self.request = request
        self.sink = sink
        self.continuation = continuation
        self.maxBytes = options.maxBytes
        try configure(options)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    private func configure(_ options: TransferOptions) throws(TransferError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_USERAGENT, options.userAgent)
        try set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding libcurl can decode
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_FOLLOWLOCATION, 0)  // the caller follows, re-evaluating the Referer
        try set(CURLOPT_CONNECTTIMEOUT, options.connectTimeout)
        try set(CURLOPT_TIMEOUT, options.totalTimeout)
        try set(CURLOPT_LOW_SPEED_TIME, options.stallTimeout)
        try set(CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimit)
        try check(mv_easy_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxBytes)), "CURLOPT_MAXFILESIZE_LARGE")
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        try set(CURLOPT_PIPEWAIT, 1)  // prefer multiplexing on an HTTP/2 connection over a new one
        // Larger socket reads than libcurl's default 16 KiB, as the curl tool does: fewer recv(2)
        // calls per image (the write callback still gets at most 16 KiB at a time). 256 KiB
        // measured no faster and costs 8 × 156 KiB more memory.
        try set(CURLOPT_BUFFERSIZE, 100 << 10)
        if let referer = request.referer { try set(CURLOPT_REFERER, referer) }
        if let ca = options.caCertificate { try set(CURLOPT_CAINFO, ca) }
        for header in request.headers { headerList = curl_slist_append(headerList, header) }
        if headerList != nil { try check(mv_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), "CURLOPT_HTTPHEADER", fromInput: true) }
        for entry in options.connectTo { connectToList = curl_slist_append(connectToList, entry) }
        if connectToList != nil { try check(mv_easy_setopt_slist(handle, CURLOPT_CONNECT_TO, connectToList), "CURLOPT_CONNECT_TO", fromInput: true) }
        try check(mv_easy_setopt_pointer(handle, CURLOPT_PRIVATE, me), "CURLOPT_PRIVATE")
        try check(mv_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me), "CURLOPT_WRITEDATA")
        try check(mv_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me), "CURLOPT_HEADERDATA")
        try check(mv_easy_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, transferWriteCallback), "CURLOPT_WRITEFUNCTION")
        try check(mv_easy_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, transferHeaderCallback), "CURLOPT_HEADERFUNCTION")
        try check(mv_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
    }

    /// Strings come from the input (URLs, Referers, the CA file named by the user).
    private func set(_ option: CURLoption, _ value: String) throws(TransferError) {
        try check(mv_easy_setopt_string(handle, option, value), "\(Self.name(option)) (\(value.utf8.count) bytes)", fromInput: true)
    }

    private func set(_ option: CURLoption, _ value: Int) throws(TransferError) {
        try check(mv_easy_setopt_long(handle, option, value), "\(Self.name(option)) = \(value)")
    }

    /// `what` is worked out only on failure: describing the option costs more than setting it.
    /// An unknown option, or a wrong argument to an option whose value the code chose, is the
    /// code's mistake and traps; a string from the input (a URL, a Referer longer than
    /// libcurl's 8 MB limit) or anything else (out of memory, a feature this libcurl lacks)
    /// fails this transfer, never as transient: the same request would fail the same way.
    private func check(_ code: CURLcode, _ what: @autoclosure () -> String, fromInput: Bool = false) throws(TransferError) {
        guard code == CURLE_OK else {
            let message = "libcurl refused \(what()): \(String(cString: curl_easy_strerror(code))) (CURLcode \(code.rawValue))"
            precondition(code != CURLE_UNKNOWN_OPTION && (fromInput || code != CURLE_BAD_FUNCTION_ARGUMENT), message)
            throw TransferError(.setup, "\(request.url.prefix(200)): \(message)")
        }
    }

    /// `CURLOPT_URL` for the option's number (libcurl knows its own names).
    private static func name(_ option: CURLoption) -> String {
        guard let known = curl_easy_option_by_id(option), let name = known.pointee.name else { return "option \(option.rawValue)" }
        return "CURLOPT_" + String(cString: name)
    }

    /// The HTTP status of the response being received (0 before the status line).
    var status: Int {
        var code = 0
        _ = mv_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// Whether the body being received goes to the sink (a 2xx answer); asked once per response,
    /// on its first body bytes.
    private var bodyIsWanted: Bool?

    /// Handles body bytes: 2xx bodies stream to the sink, others keep a short prefix for diagnostics.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytesReceived += Int64(bytes.count)
        if bytesReceived > maxBytes {
            abortReason = TransferError(.tooLarge, "\(request.url): body larger than the limit of \(maxBytes) bytes")
            return false
        }
        if bodyIsWanted == nil { bodyIsWanted = (200..<300).contains(status) }
        // No (or a compressed) Content-Length: stop the moment the body is too big for the caller.
        if bodyIsWanted == true, let sizes = request.sizes, bytesReceived > sizes.upperBound {
            abortReason = TransferError(.outsideSizes, "\(request.url): more than \(sizes.upperBound) bytes; stopped after \(bytesReceived)")
            return false
        }
        guard bodyIsWanted == true, let sink else {
            if errorBody.count < 512 { errorBody.append(contentsOf: bytes.prefix(512 - errorBody.count)) }
            return true
        }
        do { try sink.write(bytes) } catch {
            abortReason = TransferError(.sink, "\(request.url): could not store the body: \(error)")
            return false
        }
        return true
    }

    /// The response headers kept in `TransferResponse.headers` (the others are read through libcurl).
    static let keptHeaders: Set<String> = ["etag", "last-modified", "referrer-policy"]

    /// Records one response header line if it is one of `keptHeaders`; a new status line
    /// (after 1xx or auth) starts afresh. Works on bytes: every response has a dozen lines.
    /// Returns false to abort: at the end of a 2xx answer's headers whose Content-Length is
    /// outside `request.sizes`, before any body byte is received.
    func receiveHeader(_ line: UnsafeRawBufferPointer) -> Bool {
        let bytes = line.bindMemory(to: UInt8.self)
        if bytes.starts(with: "HTTP/".utf8) { headers = [:]; bodyIsWanted = nil; encoded = false; return true }
        if bytes.count <= 2, bytes.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) { return headersEnded() }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon <= 16 else { return true }
        let name = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
        if name == "content-encoding" { encoded = true }
        guard Self.keptHeaders.contains(name) else { return true }
        var value = bytes[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 || last == 0x0D || last == 0x0A { value = value.dropLast() }
        headers[name] = String(decoding: value, as: UTF8.self)
        return true
    }

    /// Whether the response announced a Content-Encoding (its Content-Length is then not the body's size).
    private var encoded = false

    /// The blank line after the headers: a 2xx answer whose announced length is outside the
    /// caller's sizes is refused here (a redirect or an error page is not judged).
    private func headersEnded() -> Bool {
        guard let sizes = request.sizes, (200..<300).contains(status), !encoded else { return true }
        var length: curl_off_t = -1
        guard mv_easy_getinfo_off(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK, length >= 0 else { return true }
        guard !sizes.contains(Int64(length)) else { return true }
        let side = Int64(length) < sizes.lowerBound ? "fewer than \(sizes.lowerBound)" : "more than \(sizes.upperBound)"
        abortReason = TransferError(.outsideSizes, "\(request.url): Content-Length \(length), \(side) bytes; not fetched")
        return false
    }

    /// Builds the response once libcurl says the transfer is done, or the error it ended with.
    func finish(code: CURLcode) -> Result<TransferResponse, TransferError> {
        if let abortReason { return .failure(abortReason) }
        guard code == CURLE_OK else { return .failure(error(for: code)) }
        var effective: UnsafeMutablePointer<CChar>?
        _ = mv_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        var redirect: UnsafeMutablePointer<CChar>?
        _ = mv_easy_getinfo_string(handle, CURLINFO_REDIRECT_URL, &redirect)
        var contentType: UnsafeMutablePointer<CChar>?
        _ = mv_easy_getinfo_string(handle, CURLINFO_CONTENT_TYPE, &contentType)
        var length: curl_off_t = -1
        _ = mv_easy_getinfo_off(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
        var wire: curl_off_t = 0
        _ = mv_easy_getinfo_off(handle, CURLINFO_SIZE_DOWNLOAD_T, &wire)
        var retryAfter: curl_off_t = 0
        _ = mv_easy_getinfo_off(handle, CURLINFO_RETRY_AFTER, &retryAfter)
        return .success(TransferResponse(
            status: status,
            url: effective.map { String(cString: $0) } ?? request.url,
            redirectURL: redirect.map { String(cString: $0) },
            contentType: contentType.map { String(cString: $0) },
            contentLength: length >= 0 ? Int64(length) : nil,
            bytesReceived: bytesReceived,
            wireBytes: Int64(wire),
            retryAfter: retryAfter > 0 ? Int(retryAfter) : nil,
            headers: headers,
            errorBodyPrefix: errorBody,
            seconds: Date().timeIntervalSince(started),
            httpVersion: httpVersion))
    }

    /// The HTTP version libcurl used for the last response.
    private var httpVersion: String {
        var version = 0
        _ = mv_easy_getinfo_long(handle, CURLINFO_HTTP_VERSION, &version)
        switch version {
        case Int(CURL_HTTP_VERSION_1_0): return "1.0"
        case Int(CURL_HTTP_VERSION_1_1): return "1.1"
        case Int(CURL_HTTP_VERSION_2_0): return "2"
        case Int(CURL_HTTP_VERSION_3): return "3"
        default: return ""
        }
    }

    private func error(for code: CURLcode) -> TransferError {
        let detail = String(cString: errorBuffer)
        let message = "\(request.url): \(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail) (CURLcode \(code.rawValue))"
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return TransferError(.timeout, message)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
             CURLE_GOT_NOTHING, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_COULDNT_RESOLVE_PROXY:
            return TransferError(.connection, message)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            return TransferError(.connection, message + " (TLS: check --cacert)")
        case CURLE_PARTIAL_FILE: return TransferError(.truncated, message)
        case CURLE_FILESIZE_EXCEEDED: return TransferError(.tooLarge, message)
        case CURLE_UNSUPPORTED_PROTOCOL: return TransferError(.unsupportedProtocol, message)
        default: return TransferError(.other, message)
        }
    }
}

/// CURLOPT_WRITEFUNCTION: returning less than the chunk size makes libcurl abort the transfer.
private let transferWriteCallback: mv_write_callback = { pointer, size, count, userdata in
    guard let pointer, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    return transfer.receive(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
}

/// CURLOPT_HEADERFUNCTION: one header line per call, CRLF included.
private let transferHeaderCallback: mv_write_callback = { pointer, size, count, userdata in
    guard let pointer, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    return transfer.receiveHeader(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
}
