import ChildProcess
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// The built binary with the proxy environment variables (libcurl reads them itself), against
/// a tiny forward proxy in front of the fixture server; and no progress line when stderr is a pipe.
@Suite(.serialized) struct FetchProxyTests {
    /// A forward proxy: `GET http://host/path` is sent to the fixture server's HTTP port with
    /// `Host: host`; `CONNECT host:443` is tunnelled to its HTTPS port (TLS stays end to end).
    /// Every URL or CONNECT target it handles is appended to its log file.
    static let proxySource = #"""
    import http.server, select, socket, socketserver, sys, urllib.request
    upstream, tls_upstream, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_CONNECT(self):
            open(log, "a").write("CONNECT " + self.path + "\n")
            remote = socket.create_connection(("127.0.0.1", tls_upstream))
            self.send_response(200, "Connection established")
            self.end_headers()
            sockets = [self.connection, remote]
            while True:
                readable, _, _ = select.select(sockets, [], [], 10)
                if not readable: break
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        remote.close()
                        return
                    (remote if source is self.connection else self.connection).sendall(data)
            remote.close()
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
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    # Exit when the test closes stdin (or dies): it may run with SIGTERM blocked, as children of
    # libdispatch's worker threads inherit their blocked signal mask.
    import threading
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    """#

    @Test
    func theProxyEnvironmentIsHonouredAndAPipedStderrGetsNoProgressLine() throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let script = cdn.root.appendingPathComponent("proxy.py")
        let log = cdn.root.appendingPathComponent("proxy.log")
        try Self.proxySource.write(to: script, atomically: true, encoding: .utf8)
        // stdin is the proxy's lifeline: closing it ends the proxy.
        let proxy = try ChildProcess("/usr/bin/env", arguments: [
            "python3", script.path, String(cdn.server.httpPort), String(cdn.server.httpsPort), log.path,
        ], stdin: .pipe, stdout: .pipe)
        defer {
            try? proxy.standardInput?.close()
            proxy.wait()
        }
        let portLine = String(decoding: proxy.standardOutput?.availableData ?? Data(), as: UTF8.self)
        let port = try #require(Int(portLine.trimmingCharacters(in: .whitespacesAndNewlines)), "proxy said \(portLine)")

        try cdn.writePost("a.md", page: nil, urls: ["http://open.test/1.png", "http://open.test/missing.png", "https://open.test/2.png"])
        // No --connect-to: every request must go through the proxy to reach the fixture server.
        var environment = ProcessInfo.processInfo.environment
        environment["http_proxy"] = "http://127.0.0.1:\(port)"
        environment["https_proxy"] = "http://127.0.0.1:\(port)"
        environment.removeValue(forKey: "no_proxy")
        environment.removeValue(forKey: "NO_PROXY")
        let output = try ChildProcess.run(EndToEndTests.binary.path, arguments: [
            "mirror", cdn.posts.path, "--archive", cdn.archive.path, "--json", "--cacert", cdn.server.caCertificate.path,
        ], environment: environment)
        let stdout = output.stdoutText, stderr = output.stderrText

        #expect(output.status == ExitStatus.partialFailure, "\(stdout)\n\(stderr)")
        #expect(stdout.contains(#""type":"fetched","url":"http://open.test/1.png""#), "\(stdout)")
        #expect(stdout.contains(#""reason":"http-404""#))
        let forwarded = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(forwarded.contains("http://open.test/1.png"), "the proxy saw: \(forwarded)")
        #expect(stdout.contains(#""type":"fetched","url":"https://open.test/2.png""#), "\(stdout)")
        #expect(forwarded.contains("CONNECT open.test:443"), "the proxy saw: \(forwarded)")
        #expect(!stderr.contains("\r"), "a progress line went to a pipe: \(stderr)")
        #expect(stderr.contains("http-404 ×1"))
    }
}
