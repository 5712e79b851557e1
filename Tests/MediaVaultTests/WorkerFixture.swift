import Foundation
import PostgresStore
import TestSupport

/// A job for several `mirror` workers: distinct real images on a fixture CDN of its own
/// (`https://slow.test/<n>.<ext>`, each answered after a delay), a post showing them, a fresh
/// PostgreSQL database for the catalog and a fresh local archive folder.
struct WorkerFixture {
    /// The CDN.
    let server: FixtureServer
    /// Served as `<host>/<path>`.
    let root: URL
    /// The post showing every image.
    let post: URL
    /// The image URLs, in order.
    let urls: [String]

    /// Serves `count` distinct images (JPEG and PNG), each after `delay` seconds.
    init(count: Int, delay: Double) throws {
        root = try TestPaths.makeTemporaryFolder("worker-cdn")
        let host = root.appendingPathComponent("slow.test")
        try FileManager.default.createDirectory(at: host, withIntermediateDirectories: true)
        let images = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images")
        let files = try FileManager.default.contentsOfDirectory(atPath: images.path)
            .filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }.sorted()
        guard files.count >= count else { throw WorkerFixtureError(message: "Examples/fixtures/images has \(files.count) images, \(count) wanted") }
        var urls: [String] = []
        for (index, name) in files.prefix(count).enumerated() {
            let ext = (name as NSString).pathExtension
            try FileManager.default.copyItem(at: images.appendingPathComponent(name), to: host.appendingPathComponent("\(index).\(ext)"))
            urls.append("https://slow.test/\(index).\(ext)?__delay=\(delay)")
        }
        self.urls = urls
        post = root.appendingPathComponent("workers-post.md")
        let body = urls.enumerated().map { "<figure><img src=\"\($1)\"><figcaption>Picture \($0)</figcaption></figure>" }
        try "---\ntitle: Workers\nurl: https://blog.example/workers.html\n---\n<div>\n\(body.joined(separator: "\n"))\n</div>\n"
            .write(to: post, atomically: true, encoding: .utf8)
        server = try FixtureServer.start(manifests: [], hosts: nil, root: root)
    }

    /// `mirror` arguments for the post into `archive` with the catalog at `catalog`, plus `extra`.
    func mirror(archive: URL, catalog: String, _ extra: [String] = []) -> [String] {
        mirror(archive: archive.path, catalog: catalog, extra)
    }

    /// `mirror` arguments for the post into `archive` (a folder or `s3://…`) with the catalog at `catalog`, plus `extra`.
    func mirror(archive: String, catalog: String, _ extra: [String] = []) -> [String] {
        ["mirror", post.path, "--archive", archive, "--catalog", catalog, "--json"]
            + server.connectToBoth(host: "slow.test").flatMap { ["--connect-to", $0] } + ["--cacert", server.caCertificate.path] + extra
    }

    /// GET requests the CDN answered, by image URL (fault parameters included, as in `urls`).
    func requestsByURL() throws -> [String: [LoggedRequest]] {
        Dictionary(grouping: try server.requestLog().filter { $0.method == "GET" && $0.host == "slow.test" }) { "https://slow.test" + $0.path }
    }

    /// Stops the server and removes its folder.
    func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(at: root)
    }
}

/// A new empty database on the test PostgreSQL for one test (the cluster is thrown away whole
/// by `Scripts/test-servers stop`), and an admin connection to the server for faults.
struct WorkerDatabase {
    /// The `postgresql://` URL of the database.
    let url: String
    /// Its name.
    let name: String
    /// The server's URL (its default test database), for administration.
    let server: String

    /// Creates the database.
    init() throws {
        server = try TestServer.require("MEDIAVAULT_TEST_POSTGRES")
        guard var components = URLComponents(string: server) else { throw WorkerFixtureError(message: "bad URL \(server)") }
        name = "mvw_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "_"))"
        try PGConnection(url: server).execute("CREATE DATABASE \(name)")
        components.path = "/\(name)"
        guard let url = components.string else { throw WorkerFixtureError(message: "bad URL \(server)") }
        self.url = url
    }

    /// A new connection to the database.
    func connect() throws -> PGConnection { try PGConnection(url: url) }

    /// Refuses new connections to the database and cuts the open ones: to its clients the
    /// catalog is gone, as if the server stopped (other tests' databases are untouched).
    func cutOff() throws {
        try PGConnection(url: server).execute("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        try dropConnections()
    }

    /// Cuts every open connection to the database (new ones are still accepted), as a server
    /// restart does to its clients; returns how many were cut.
    @discardableResult
    func dropConnections() throws -> Int {
        let admin = try PGConnection(url: server)
        return try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                                 [name]).count
    }

    /// Accepts connections again.
    func restore() throws {
        try PGConnection(url: server).execute("ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
    }
}

/// A worker test's fixture cannot be set up.
struct WorkerFixtureError: Error, CustomStringConvertible {
    /// What is missing.
    var message: String
    var description: String { message }
}
