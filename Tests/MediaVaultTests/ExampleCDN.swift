import Foundation
@testable import MediaVault
import TestSupport

/// The fixture CDN serving Examples/fixtures, shared by the tests of this target.
enum ExampleCDN {
    /// The server, started on first use; a start failure fails every test that uses it.
    static var server: FixtureServer { get throws { try started.get() } }
    private static let started = Result { try FixtureServer.start() }

    /// The fixture images of Examples/fixtures/images, sorted by name.
    static func fixtureImages() throws -> [URL] {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Every host of the example manifest.
    static let hosts: [String] = {
        let manifest = (try? String(contentsOf: FixtureServer.defaultManifest, encoding: .utf8)) ?? ""
        let hosts = manifest.split(separator: "\n").compactMap { line -> String? in
            guard let url = URLComponents(string: String(line.split(separator: "\t").first ?? "")) else { return nil }
            return url.host
        }
        return Array(Set(hosts)).sorted()
    }()

    /// The `--connect-to` entries that send every example host to the fixture server.
    static var connectTo: [String] { get throws { let server = try server; return hosts.flatMap { server.connectToBoth(host: $0) } } }

    /// Examples/posts.
    static let posts = TestPaths.repositoryRoot.appendingPathComponent("Examples/posts")

    /// Mirror options for a fresh archive that reach the fixture server.
    static func options(archive: URL) throws -> MirrorOptions {
        var options = MirrorOptions(archive: archive)
        options.connectTo = try connectTo
        options.caCertificate = try server.caCertificate.path
        return options
    }
}
