import ChildProcess
import Foundation

/// Scripts/s3-fault-proxy in front of the test SeaweedFS: the first requests fail as listed
/// (503, 429, 500, `reset`; `ok` lets one through), the rest reach the real server.
public final class FaultProxy {
    /// `http://127.0.0.1:PORT` of the proxy.
    public let endpoint: URL
    private let process: ChildProcess
    private let log: URL

    /// A proxy to `upstream` that answers request n with `faults[n-1]` while there is one.
    public init(upstream: String, faults: [String]) throws {
        log = try TestPaths.makeTemporaryFolder("fault-proxy").appendingPathComponent("requests.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw FaultProxyError(description: "cannot create \(log.path)")
        }
        process = try ChildProcess("/usr/bin/python3", arguments: [
            TestPaths.repositoryRoot.appendingPathComponent("Scripts/s3-fault-proxy").path,
            "--upstream", upstream, "--faults", faults.joined(separator: ","),
        ], stdout: .pipe, stderr: .file(log.path))
        let stdout = process.standardOutput ?? FileHandle.nullDevice
        // The first line is the port; the read ends at that newline (or EOF if the proxy died).
        var line = Data()
        while let byte = try stdout.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)), let url = URL(string: "http://127.0.0.1:\(port)") else {
            process.signal(SIGKILL)
            throw FaultProxyError(description: "s3-fault-proxy did not print its port (log: \(log.path))")
        }
        endpoint = url
    }

    deinit {
        // SIGKILL: the proxy has nothing to save.
        process.signal(SIGKILL)
        process.wait()
    }

    /// The proxy's log lines: `n METHOD PATH -> fault|forwarded port=CLIENTPORT`.
    public func requests() throws -> [String] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// How many client connections the requests came on (distinct client ports).
    public func connections() throws -> Int {
        Set(try requests().compactMap { $0.split(separator: " ").last.flatMap { $0.hasPrefix("port=") ? $0 : nil } }).count
    }
}

/// The fault proxy could not be started.
public struct FaultProxyError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}
