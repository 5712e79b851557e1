import Foundation
@testable import Fetcher
import TestSupport

/// One fixture CDN for the whole test process, serving real test images under made-up hosts
/// with one hotlink rule each.
enum TestCDN {
    /// Hosts and their hotlink rule (see Scripts/fixture-server --help).
    static let hosts: [String: [String: String]] = [
        "open.test": ["hotlink": "open"],
        "guarded.test": ["hotlink": "reject-foreign", "site": "https://www.guarded.test/"],
        "needref.test": ["hotlink": "require-referer"],
        "ownsite.test": ["hotlink": "require-site", "site": "https://blog.ownsite.test/"],
        "wx.test": ["hotlink": "placeholder"],
    ]

    /// A JPEG of the example fixtures (made by Scripts/make-fixtures).
    static var jpeg: URL {
        get throws {
            let folder = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jpg") }.sorted()
            guard let first = names.first else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: folder.path + "/*.jpg"]) }
            return folder.appendingPathComponent(first)
        }
    }

    /// The server, started on first use; it exits with the test process (its stdin lifeline
    /// closes). A start failure fails every test that uses it, not the process.
    static var server: FixtureServer { get throws { try started.get() } }
    private static let started = Result<FixtureServer, Error> {
        let root = try TestPaths.makeTemporaryFolder("cdn")
        for host in hosts.keys {
            let folder = root.appendingPathComponent(host)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: try jpeg, to: folder.appendingPathComponent("a.jpg"))
            try Data("<html><body>not an image</body></html>".utf8).write(to: folder.appendingPathComponent("page.jpg"))
        }
        let hostsFile = root.appendingPathComponent("hosts.json")
        try JSONSerialization.data(withJSONObject: hosts).write(to: hostsFile)
        return try FixtureServer.start(manifests: [], hosts: hostsFile, root: root)
    }

    /// A transfer loop with `options()` and the given limits on transfers and connections per host.
    static func loop(concurrent: Int, perHost: Int) throws -> TransferLoop {
        var options = try options()
        options.maxConcurrent = concurrent
        options.maxPerHost = perHost
        return TransferLoop(options: options)
    }

    /// Transfer options that reach every test host through the fixture server over real TLS.
    static func options(maxBytes: Int64 = 100 << 20, stall: Int = 30) throws -> TransferOptions {
        let server = try server
        var options = TransferOptions()
        options.connectTo = hosts.keys.flatMap { server.connectToBoth(host: $0) }
        options.caCertificate = server.caCertificate.path
        options.maxBytes = maxBytes
        options.stallTimeout = stall
        return options
    }
}

/// Collects a body in memory; counts how often it was discarded.
final class MemoryBody: BodySink, @unchecked Sendable {
    // @unchecked: written on the transfer thread, read after the transfer ends.
    var data = Data()
    var discarded = false
    func write(_ bytes: UnsafeRawBufferPointer) throws { data.append(contentsOf: bytes) }
}

extension TransferLoop {
    /// Runs `count` GETs of `url(i)` at once; the responses and bodies, in the order they ended.
    func fetchAll(count: Int, url: @escaping @Sendable (Int) -> String) async throws -> [(TransferResponse, Data)] {
        try await withThrowingTaskGroup(of: (TransferResponse, Data).self) { group in
            for i in 0..<count {
                group.addTask {
                    let body = MemoryBody()
                    let response = try await self.perform(TransferRequest(url: url(i)), sink: body)
                    return (response, body.data)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
