import CCurl
import Foundation

/// What a request got back: status, headers (names lower-cased), and the body unless a sink took it.
struct S3Response {
    /// The HTTP status of the final answer.
    var status: Int = 0
    /// Response headers, names lower-cased, values trimmed.
    var headers: [String: String] = [:]
    /// The body when no sink took it (always for error answers: it names the S3 error).
    var body = Data()
    /// Whether the sink was handed any bytes (a retry would then repeat them).
    var sinkStarted = false
}

/// One HTTP request on a reused libcurl easy handle, signed by libcurl's SigV4 (`CURLOPT_AWS_SIGV4`).
///
/// Not thread-safe: ``S3Client`` serialises requests on it. Reusing the handle (reset, not
/// recreated) keeps the connection to the endpoint open between requests.
final class S3Exchange {
    private let handle: UnsafeMutableRawPointer
    private var response = S3Response()
    private var sink: ((UnsafeRawBufferPointer) throws -> Void)?
    private var sinkError: Error?
    private var upload: (fd: Int32, data: Data?, offset: Int)?
    // libcurl writes its error text here during curl_easy_perform: memory that must not move.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// A new easy handle (nil only when libcurl cannot allocate one).
    init?() {
        Self.globalInit
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends `method` to `url` with `headers` (and `body`), passing a 2xx body to `sink` when
    /// given; returns the answer, or the libcurl failure as (code, message). Sink errors are rethrown.
    func perform(
        method: String, url: String, headers: [String], body: S3Body?, configuration: S3Configuration,
        sink: ((UnsafeRawBufferPointer) throws -> Void)?
    ) throws -> Result<S3Response, S3TransportFailure> {
        curl_easy_reset(handle)
        response = S3Response()
        self.sink = sink
        sinkError = nil
        // The sink is dropped when the request ends: a caller's non-escaping closure may be
        // passed through `withoutActuallyEscaping`, which traps if it outlives the call.
        defer { closeUpload(); self.sink = nil }
        errorBuffer[0] = 0

        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = mv_easy_setopt_string(handle, CURLOPT_URL, url)
        _ = mv_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = mv_easy_setopt_long(handle, CURLOPT_TIMEOUT, configuration.requestTimeout)
        _ = mv_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, 15)
        _ = mv_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        // libcurl computes the SigV4 signature; the region and service are given so it never
        // guesses them from a host name that is an IP address or a bucket subdomain.
        _ = mv_easy_setopt_string(handle, CURLOPT_AWS_SIGV4, "aws:amz:\(configuration.region):s3")
        _ = mv_easy_setopt_string(handle, CURLOPT_USERNAME, configuration.credentials.accessKeyID)
        _ = mv_easy_setopt_string(handle, CURLOPT_PASSWORD, configuration.credentials.secretAccessKey)
        _ = mv_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me)
        _ = mv_easy_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, s3WriteCallback)
        _ = mv_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me)
        _ = mv_easy_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, s3HeaderCallback)

        switch method {
        case "HEAD": _ = mv_easy_setopt_long(handle, CURLOPT_NOBODY, 1)
        case "GET": break
        case "PUT":
            let length = try openUpload(body ?? .data(Data()))
            _ = mv_easy_setopt_long(handle, CURLOPT_UPLOAD, 1)
            _ = mv_easy_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(length))
            _ = mv_easy_setopt_pointer(handle, CURLOPT_READDATA, me)
            _ = mv_easy_setopt_read_function(handle, s3ReadCallback)
        default: _ = mv_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)
        }

        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }
        _ = mv_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list)

        let code = curl_easy_perform(handle)
        if let sinkError { throw sinkError }
        guard code == CURLE_OK else {
            let buffer = String(cString: errorBuffer)
            let message = buffer.isEmpty ? String(cString: curl_easy_strerror(code)) : buffer
            return .failure(S3TransportFailure(code: Int(code.rawValue), message: message, sinkStarted: response.sinkStarted))
        }
        var status = 0
        _ = mv_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        response.status = status
        return .success(response)
    }

    /// Opens the body for the read callback; returns its length.
    private func openUpload(_ body: S3Body) throws -> Int64 {
        switch body {
        case .data(let data):
            upload = (-1, data, 0)
            return Int64(data.count)
        case .file(let url):
            let fd = open(url.path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: url.path,
                    NSLocalizedDescriptionKey: "cannot open \(url.path) for upload: \(String(cString: strerror(errno)))"])
            }
            var info = stat()
            fstat(fd, &info)
            upload = (fd, nil, 0)
            return Int64(info.st_size)
        }
    }

    private func closeUpload() {
        if let fd = upload?.fd, fd >= 0 { close(fd) }
        upload = nil
    }

    /// Copies up to `capacity` body bytes into `buffer`; 0 at the end, CURL_READFUNC_ABORT on a read error.
    fileprivate func readBody(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        guard let current = upload else { return 0 }
        if let data = current.data {
            let count = min(capacity, data.count - current.offset)
            guard count > 0 else { return 0 }
            data.withUnsafeBytes { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + current.offset, byteCount: count)
            }
            upload?.offset += count
            return count
        }
        let count = read(current.fd, buffer, capacity)
        return count >= 0 ? count : Int(CURL_READFUNC_ABORT)
    }

    /// Takes body bytes: to the sink for a 2xx answer, else into the response (an S3 error document).
    fileprivate func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var status = 0
        _ = mv_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        guard let sink, (200..<300).contains(status) else {
            response.body.append(contentsOf: bytes)
            return true
        }
        do {
            response.sinkStarted = true
            try sink(bytes)
            return true
        } catch {
            sinkError = error
            return false
        }
    }

    /// Records one header line; a new status line (after a redirect or 100-continue) starts over.
    fileprivate func receiveHeader(_ line: String) {
        if line.hasPrefix("HTTP/") { response.headers = [:]; return }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        response.headers[name] = value
    }
}

/// A request that did not complete: libcurl's code and error text.
struct S3TransportFailure: Error {
    /// The CURLcode.
    let code: Int
    /// libcurl's error buffer, or its description of the code.
    let message: String
    /// Whether a sink had already been given bytes.
    let sinkStarted: Bool
}

private func s3WriteCallback(_ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let pointer, let userdata else { return 0 }
    let exchange = Unmanaged<S3Exchange>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    return exchange.receive(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
}

private func s3HeaderCallback(_ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let pointer, let userdata else { return 0 }
    let exchange = Unmanaged<S3Exchange>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    exchange.receiveHeader(line)
    return length
}

private func s3ReadCallback(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let userdata else { return Int(CURL_READFUNC_ABORT) }
    let exchange = Unmanaged<S3Exchange>.fromOpaque(userdata).takeUnretainedValue()
    return exchange.readBody(into: buffer, capacity: size * count)
}
