import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// The built binary with the proxy environment variables (libcurl reads them itself), against
/// a tiny forward proxy in front of the fixture server; and no progress line when stderr is a pipe.
@Suite(.serialized) struct FetchProxyTests {
    /// A forward proxy for plain HTTP: `GET http://host/path` is sent to the fixture server's
    /// HTTP port with `Host: host`; every URL it forwards is appended to its log file.
    static let proxySource = #"""
    import http.server, socketserver, sys, urllib.request
    upstream, log = int(sys.argv[1]), sys.argv[2]
    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            open(log, "a").write(self.path + "\n")
            request = urllib.request.Request(f"http://127.0.0.1:{upstream}{url.path}?{url.query}",
                                             headers={"Host": url.netloc, "User-Agent": self.headers.get("User-Agent", "")})
            try:
                with urllib.request.urlopen(request) as answer:
                    status, headers, body = answer.status, answer.headers, answer.read()
            except urllib.error.HTTPError as error:
                status, headers, body = error.code, error.headers, error.read()
            self.send_response(status)
            for name in ("Content-Type", "ETag", "Last-Modified"):
                if headers.get(name): self.send_header(name, headers[name])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *args): pass
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Proxy)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """#

    @Test(.disabled("hung the whole suite in a full run (passes alone?): to investigate"))
    func theProxyEnvironmentIsHonouredAndAPipedStderrGetsNoProgressLine() throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let script = cdn.root.appendingPathComponent("proxy.py")
        let log = cdn.root.appendingPathComponent("proxy.log")
        try Self.proxySource.write(to: script, atomically: true, encoding: .utf8)
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proxy.arguments = ["python3", script.path, String(cdn.server.httpPort), log.path]
        let portPipe = Pipe()
        proxy.standardOutput = portPipe
        try proxy.run()
        defer { proxy.terminate(); proxy.waitUntilExit() }
        let portLine = String(decoding: portPipe.fileHandleForReading.availableData, as: UTF8.self)
        let port = try #require(Int(portLine.trimmingCharacters(in: .whitespacesAndNewlines)), "proxy said \(portLine)")

        try cdn.writePost("a.md", page: nil, urls: ["http://open.test/1.png", "http://open.test/missing.png"])
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["mirror", cdn.posts.path, "--archive", cdn.archive.path, "--json"]
        var environment = ProcessInfo.processInfo.environment
        environment["http_proxy"] = "http://127.0.0.1:\(port)"
        environment.removeValue(forKey: "no_proxy")
        environment.removeValue(forKey: "NO_PROXY")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == ExitStatus.partialFailure, "\(stdout)\n\(stderr)")
        #expect(stdout.contains(#""type":"fetched","url":"http://open.test/1.png""#), "\(stdout)")
        #expect(stdout.contains(#""reason":"http-404""#))
        let forwarded = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(forwarded.contains("http://open.test/1.png"), "the proxy saw: \(forwarded)")
        #expect(!stderr.contains("\r"), "a progress line went to a pipe: \(stderr)")
        #expect(stderr.contains("http-404 ×1"))
    }
}
