import ChildProcess
import Foundation

/// A running `Scripts/fixture-server`: the loopback image CDN (HTTPS and HTTP) that tests fetch from.
///
/// `@unchecked Sendable` because the only state that changes after `start` is whether the
/// process was stopped, and `lock` guards it. Everything else is `let`.
public final class FixtureServer: @unchecked Sendable {
    /// Port of the HTTPS listener on 127.0.0.1 (certificates per host name, chosen by SNI).
    public let httpsPort: Int
    /// Port of the plain HTTP listener on 127.0.0.1; it also serves `/__log` and `/__placeholder.png`.
    public let httpPort: Int
    /// The CA certificate that signed every host certificate: pass it to curl as `--cacert`.
    public let caCertificate: URL
    /// The server's process id.
    public let pid: Int32
    /// The server's stderr (one line per request, and any errors); removed by `stop`.
    public let stderrLog: URL

    private let process: ChildProcess
    private let lock = NSLock()
    private var stopped = false

    /// `Examples/fixtures/manifest.tsv`: the images of the example posts.
    public static var defaultManifest: URL { examples.appendingPathComponent("manifest.tsv") }
    /// `Examples/fixtures/hosts.json`: the hotlink rule of each example host.
    public static var defaultHosts: URL { examples.appendingPathComponent("hosts.json") }
    /// A certificate folder shared by every server the tests start (the server locks it), so
    /// that the CA and host certificates are made once instead of by each of many parallel tests.
    public static var sharedState: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("mediavault-fixture-certs")
    }
    private static var examples: URL { TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures") }

    /// Starts the server and waits (at most 20 s) until it reports its ports; `state: nil` gives it a private CA.
    public static func start(
        manifests: [URL] = [FixtureServer.defaultManifest],
        hosts: URL? = FixtureServer.defaultHosts,
        root: URL? = nil,
        log: URL? = nil,
        state: URL? = FixtureServer.sharedState
    ) throws -> FixtureServer {
        let script = TestPaths.repositoryRoot.appendingPathComponent("Scripts/fixture-server")
        var arguments = ["python3", script.path, "--stdin-lifeline"]
        if let state { arguments += ["--state", state.path] }
        arguments += manifests.flatMap { ["--manifest", $0.path] }
        if let hosts { arguments += ["--hosts", hosts.path] }
        if let root { arguments += ["--root", root.path] }
        if let log { arguments += ["--log", log.path] }

        // stderr goes to a file, not a pipe: nobody drains it, and a full pipe would block the server.
        // stdin is a lifeline: the server exits when it closes, even if the test process crashes.
        let stderrURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("fixture-server-\(UUID().uuidString.prefix(8)).stderr")
        let process: ChildProcess
        do {
            process = try ChildProcess("/usr/bin/env", arguments: arguments, stdin: .pipe, stdout: .pipe, stderr: .file(stderrURL.path))
        } catch {
            throw FixtureServerError.launchFailed("\(error)")
        }

        guard let stdout = process.standardOutput,
              let line = readLine(from: stdout, timeout: 20),
              let ready = try? JSONDecoder().decode(ReadyLine.self, from: Data(line.utf8))
        else {
            process.signal(SIGKILL)
            process.wait()
            let log = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: stderrURL)
            throw FixtureServerError.notReady(stderr: log)
        }
        return FixtureServer(process: process, ready: ready, stderrLog: stderrURL)
    }

    private init(process: ChildProcess, ready: ReadyLine, stderrLog: URL) {
        self.process = process
        self.stderrLog = stderrLog
        httpsPort = ready.https_port
        httpPort = ready.http_port
        caCertificate = URL(fileURLWithPath: ready.ca_cert)
        pid = ready.pid
    }

    deinit { stop() }

    /// curl's `--connect-to` value for HOST: port 80 goes to the HTTP listener, anything else to HTTPS.
    public func connectTo(host: String, port: Int = 443) -> String {
        "\(host):\(port):127.0.0.1:\(port == 80 ? httpPort : httpsPort)"
    }

    /// Both `--connect-to` values for HOST (443 and 80), for clients that take a list.
    public func connectToBoth(host: String) -> [String] {
        [connectTo(host: host, port: 443), connectTo(host: host, port: 80)]
    }

    /// Every request the server answered since start (or the last `clearLog`), oldest first.
    public func requestLog() throws -> [LoggedRequest] {
        let body = try LoopbackHTTP.request(method: "GET", path: "/__log", port: httpPort)
        return try JSONDecoder().decode([LoggedRequest].self, from: body)
    }

    /// Empties the server's request log.
    public func clearLog() throws {
        _ = try LoopbackHTTP.request(method: "POST", path: "/__log/clear", port: httpPort)
    }

    /// The fixed PNG that `placeholder` hosts send instead of the image to a foreign or missing Referer.
    public func placeholderImage() throws -> Data {
        try LoopbackHTTP.request(method: "GET", path: "/__placeholder.png", port: httpPort)
    }

    /// Stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it; safe to call twice.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            process.signal(SIGTERM)
            if process.wait(timeout: 5) == nil { process.signal(SIGKILL) }
            process.wait()
        }
        try? process.standardInput?.close()
        try? FileManager.default.removeItem(at: stderrLog)
    }

    /// Reads one line from HANDLE on a helper thread, giving up after TIMEOUT seconds (also
    /// used for `H2Server`'s ready line).
    static func readLine(from handle: FileHandle, timeout: TimeInterval) -> String? {
        let result = LockedBox<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var bytes = Data()
            while true {
                let chunk = handle.availableData  // empty at end of file
                if chunk.isEmpty { break }
                bytes.append(chunk)
                if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                    result.value = String(decoding: bytes[..<newline], as: UTF8.self)
                    break
                }
            }
            done.signal()
        }
        return done.wait(timeout: .now() + timeout) == .success ? result.value : nil
    }
}

/// One request as the fixture server logged it.
public struct LoggedRequest: Decodable, Sendable, Equatable {
    /// Seconds since 1970 when the request was answered.
    public let time: Double
    /// GET, HEAD or POST.
    public let method: String
    /// `https` or `http`: which listener answered.
    public let scheme: String
    /// The Host header without its port (the real host name when `--connect-to` is used).
    public let host: String
    /// Path and query as requested, fault parameters included.
    public let path: String
    /// The Referer header, or nil when none was sent.
    public let referer: String?
    /// The User-Agent header, or nil.
    public let userAgent: String?
    /// The status answered; 0 when the connection was reset without an answer.
    public let status: Int
    /// Body bytes actually sent.
    public let bytes: Int
    /// How many requests the server was answering when this one arrived (itself included).
    public let inFlight: Int
    /// When the request arrived (Unix time); `time` is when its answer ended.
    public let started: Double
    /// The client's port: requests with the same port came over the same connection.
    public let clientPort: Int
    /// The Content-Encoding the answer was sent with (`gzip`), or nil.
    public let encoding: String?

    private enum CodingKeys: String, CodingKey {
        case time, method, scheme, host, path, referer, status, bytes, started, encoding
        case userAgent = "user_agent"
        case inFlight = "in_flight"
        case clientPort = "client_port"
    }
}

/// Why the fixture server could not be used.
public enum FixtureServerError: Error, CustomStringConvertible {
    /// `python3` could not be launched.
    case launchFailed(String)
    /// The server exited or stayed silent instead of printing its ready line.
    case notReady(stderr: String)
    /// A request to the server's control endpoints failed.
    case controlRequestFailed(String)

    /// A message that says what to check.
    public var description: String {
        switch self {
        case .launchFailed(let reason):
            "fixture-server: cannot launch python3 (\(reason)); is python3 on PATH?"
        case .notReady(let stderr):
            "fixture-server did not report ready within 20 s (needs python3 and openssl). Its stderr:\n\(stderr)"
        case .controlRequestFailed(let reason):
            "fixture-server control request failed: \(reason)"
        }
    }
}

/// The ready line the server prints on stdout (field names as the server writes them).
private struct ReadyLine: Decodable {
    let https_port: Int
    let http_port: Int
    let ca_cert: String
    let pid: Int32
}

/// A value shared with a helper thread, guarded by a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
