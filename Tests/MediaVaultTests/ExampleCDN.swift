import Foundation
@testable import MediaVault
import TestSupport

/// The fixture CDN serving Examples/fixtures, shared by the tests of this target.
enum ExampleCDN {
    static let server: FixtureServer = {
        do { return try FixtureServer.start() } catch { fatalError("cannot start the fixture server: \(error)") }
    }()

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
    static var connectTo: [String] { hosts.flatMap { server.connectToBoth(host: $0) } }

    /// Examples/posts.
    static let posts = TestPaths.repositoryRoot.appendingPathComponent("Examples/posts")

    /// Mirror options for a fresh archive that reach the fixture server.
    static func options(archive: URL) -> MirrorOptions {
        var options = MirrorOptions(archive: archive)
        options.connectTo = connectTo
        options.caCertificate = server.caCertificate.path
        return options
    }
}
