import ChildProcess
import Foundation

/// nginx serving a folder over HTTPS with HTTP/2 on loopback (`Scripts/h2-server`), with a
/// certificate signed by the fixture CA. The fixture CDN speaks HTTP/1.1 only.
/// `@unchecked Sendable`: `stop()`, the only mutation, is guarded by a lock.
public final class H2Server: @unchecked Sendable {
    /// The HTTPS port nginx listens on (127.0.0.1).
    public let port: Int
    /// The fixture CA certificate, for `--cacert`.
    public let caCertificate: URL
    /// nginx's access log: `CONNECTION PROTOCOL STATUS BYTES URI` per request.
    public let accessLog: URL
    private let process: ChildProcess
    private let lock = NSLock()
    private var stopped = false

    /// Starts nginx for `host` serving `root`; throws with nginx's or the script's message when it cannot.
    public static func start(host: String, root: URL) throws -> H2Server {
        let script = TestPaths.repositoryRoot.appendingPathComponent("Scripts/h2-server")
        // stdin is the lifeline: the script stops nginx when it closes.
        let process = try ChildProcess("/usr/bin/env", arguments: [
            "python3", script.path, "--host", host, "--root", root.path, "--state", FixtureServer.sharedState.path,
        ], stdin: .pipe, stdout: .pipe, stderr: .pipe)
        let line = process.standardOutput.flatMap { FixtureServer.readLine(from: $0, timeout: 20) }
        guard let line, let ready = try? JSONDecoder().decode(Ready.self, from: Data(line.utf8)) else {
            try? process.standardInput?.close()  // a script still starting stops at end of input
            if process.wait(timeout: 10) == nil { process.signal(SIGKILL) }
            let message = String(decoding: process.standardError?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            throw FixtureServerError.notReady(stderr: "h2-server: \(message)")
        }
        return H2Server(process: process, ready: ready)
    }

    private init(process: ChildProcess, ready: Ready) {
        self.process = process
        port = ready.port
        caCertificate = URL(fileURLWithPath: ready.ca_cert)
        accessLog = URL(fileURLWithPath: ready.access_log)
    }

    deinit { stop() }

    /// curl's `--connect-to` value that sends `host:443` to this server.
    public func connectTo(host: String) -> String { "\(host):443:127.0.0.1:\(port)" }

    /// The requests nginx logged so far.
    public func requests() throws -> [H2LoggedRequest] {
        let text = (try? String(contentsOf: accessLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 5, let connection = Int(fields[0]), let status = Int(fields[2]) else { return nil }
            return H2LoggedRequest(connection: connection, proto: String(fields[1]), status: status, uri: String(fields[4]))
        }
    }

    /// Stops nginx (closing the lifeline makes the script stop it); safe to call twice.
    public func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            try? process.standardInput?.close()
            process.wait()
        }
    }

    private struct Ready: Decodable {
        let port: Int
        let ca_cert: String
        let access_log: String
    }
}

/// One line of `H2Server`'s access log.
public struct H2LoggedRequest: Sendable, Equatable {
    /// nginx's serial number of the connection: equal numbers, one connection.
    public let connection: Int
    /// `HTTP/2.0` or `HTTP/1.1`.
    public let proto: String
    /// The status answered.
    public let status: Int
    /// Path and query.
    public let uri: String
}
