import Foundation
import TestSupport

/// A fixture CDN of its own serving distinct real images from Examples/fixtures as
/// `https://slow.test/<n>.<ext>`, each answered after a delay, and a post showing them: a
/// `mirror` of it takes long enough to be interrupted, or to outlive the reader of its stdout.
struct SlowCDN {
    /// The server (its own, so its log and hosts are this test's).
    let server: FixtureServer
    /// Served as `<host>/<path>`.
    let root: URL
    /// A fresh archive folder.
    let archive: URL
    /// The post showing every image.
    let post: URL
    /// The image URLs of the post, in order.
    let urls: [String]

    /// Serves `count` distinct images, each after `delay` seconds.
    init(count: Int, delay: Double) throws {
        root = try TestPaths.makeTemporaryFolder("slow-cdn")
        archive = try TestPaths.makeTemporaryFolder("slow-archive")
        let host = root.appendingPathComponent("slow.test")
        try FileManager.default.createDirectory(at: host, withIntermediateDirectories: true)
        let images = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images")
        let files = try FileManager.default.contentsOfDirectory(atPath: images.path).filter { $0.hasSuffix(".jpg") }.sorted()
        guard files.count >= count else { throw SlowCDNError(message: "Examples/fixtures/images has only \(files.count) JPEGs, \(count) wanted") }
        var urls: [String] = []
        for (index, name) in files.prefix(count).enumerated() {
            try FileManager.default.copyItem(at: images.appendingPathComponent(name), to: host.appendingPathComponent("\(index).jpg"))
            urls.append("https://slow.test/\(index).jpg?__delay=\(delay)")
        }
        self.urls = urls
        post = root.appendingPathComponent("slow-post.md")
        let body = urls.map { "<p><img src=\"\($0)\"></p>" }.joined(separator: "\n")
        try "---\ntitle: Slow\nurl: https://blog.example/slow.html\n---\n<div>\n\(body)\n</div>\n".write(to: post, atomically: true, encoding: .utf8)
        server = try FixtureServer.start(manifests: [], hosts: nil, root: root)
    }

    /// `--connect-to` and `--cacert` arguments that reach the server.
    var networkArguments: [String] {
        server.connectToBoth(host: "slow.test").flatMap { ["--connect-to", $0] } + ["--cacert", server.caCertificate.path]
    }

    /// `mirror` arguments for the post, the archive and the server, plus `extra`.
    func mirrorArguments(_ extra: [String] = []) -> [String] {
        ["mirror", post.path, "--archive", archive.path] + networkArguments + extra
    }

    /// Stops the server and removes the folders.
    func tearDown() {
        server.stop()
        for folder in [root, archive] { try? FileManager.default.removeItem(at: folder) }
    }
}

/// A `SlowCDN` that cannot be set up.
struct SlowCDNError: Error, CustomStringConvertible {
    /// What is missing.
    var message: String
    var description: String { message }
}
