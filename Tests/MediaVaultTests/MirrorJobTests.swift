import ArchiveStore
import Foundation
import GRDB
import Testing
@testable import MediaVault
import PostScanner
import TestSupport

@Suite(.serialized) struct MirrorJobTests {
    /// The distinct non-placeholder image URLs of the example posts, from the scanner.
    private func expectedURLs() throws -> Set<String> {
        var urls = Set<String>()
        for item in InputWalker.expand([ExampleCDN.posts.path]).items {
            for post in try PostScanner().scan(fileAt: item.file, displayPath: item.displayPath) {
                for image in post.images where !image.isPlaceholder { if let url = image.url { urls.insert(url) } }
            }
        }
        return urls
    }

    @Test func mirrorsTheExamplesThenARerunFetchesNothing() async throws {
        let archive = try TestPaths.makeTemporaryFolder("mirror")
        defer { try? FileManager.default.removeItem(at: archive) }
        let expected = try expectedURLs()
        #expect(expected.count >= 20)

        // A server of its own: its request log must show only this test's requests.
        let server = try FixtureServer.start()
        defer { server.stop() }
        var options = MirrorOptions(archive: archive)
        options.connectTo = ExampleCDN.hosts.flatMap { server.connectToBoth(host: $0) }
        options.caCertificate = server.caCertificate.path

        let first = RecordingOutput()
        let status = await MirrorJob(options: options).run(inputs: [ExampleCDN.posts.path], output: first)
        #expect(status == ExitStatus.success, "\(first.diagnostics) \(first.of("failed").map(\.jsonLine))")
        let fetched = first.of("fetched")
        #expect(Set(fetched.compactMap { $0.string("url") }) == expected)

        // Every object is on disk under its own SHA-256, read-only, and catalogued with its size.
        let catalog = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite"))
        let objects = try catalog.allObjects()
        #expect(objects.count == Set(fetched.compactMap { $0.string("sha256") }).count)
        for object in objects {
            let file = archive.appendingPathComponent(object.relativePath)
            let (sha, size) = try SHA256Hasher.hash(fileAt: file)
            #expect(sha == object.sha256)
            #expect(size == object.size)
            if object.mediaType == "jpeg" || object.mediaType == "png" {
                let thumbnail = try #require(object.thumbnail, "no thumbnail for \(object.relativePath)")
                #expect(FileManager.default.fileExists(atPath: archive.appendingPathComponent(thumbnail).path))
                #expect((object.width ?? 0) > 0 && (object.height ?? 0) > 0)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive.appendingPathComponent("tmp").path).isEmpty)

        // The sample post's captions are in the catalog, found through the object's hash.
        let sampleImage = "https://i.guancha.cn/news/social/2021/12/31/20211231091053268.png"
        let object = try #require(try catalog.object(forURL: sampleImage))
        #expect(try catalog.captions(sha256: object.sha256).map(\.caption) == ["俄塔斯社报道截图"])

        // guancha images carry referrerpolicy="no-referrer": no Referer was sent to i.guancha.cn.
        let log = try server.requestLog()
        #expect(log.filter { $0.host == "i.guancha.cn" }.allSatisfy { $0.referer == nil })
        // cdn.sspai.com demands a Referer: the first try (none) was refused, the image's origin worked.
        let sspai = fetched.filter { $0.string("url")?.contains("cdn.sspai.com") == true }
        #expect(!sspai.isEmpty)
        // Once one image learned `origin` for the host, later ones start with it (one request).
        #expect(sspai.allSatisfy { $0.string("referer") == "https://cdn.sspai.com/" && ($0["attempts"] == .int(2) || $0["attempts"] == .int(1)) })
        let refusals = try await catalog.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM fetch WHERE status = 403 AND url LIKE 'https://cdn.sspai.com/%'")
        }
        #expect((1...sspai.count).contains(refusals ?? 0))

        // A second run makes no request for an archived URL.
        try server.clearLog()
        let second = RecordingOutput()
        let again = await MirrorJob(options: options).run(inputs: [ExampleCDN.posts.path], output: second)
        #expect(again == ExitStatus.success)
        #expect(second.of("fetched").isEmpty)
        #expect(second.of("skipped").count == expected.count)
        #expect(try server.requestLog().isEmpty)
    }

    @Test func failuresAreReportedWithReasonsAndExitThree() async throws {
        let archive = try TestPaths.makeTemporaryFolder("mirror-fail")
        let posts = try TestPaths.makeTemporaryFolder("posts")
        defer {
            try? FileManager.default.removeItem(at: archive)
            try? FileManager.default.removeItem(at: posts)
        }
        try """
        ---
        title: broken things
        ---
        <div><p><img src="https://i.guancha.cn/missing.jpg"></p>
        <p><img src="https://i.guancha.cn/news/2021/12/31/20211231092132221.jpg?__html=1"></p>
        <p><img src="local.png"></p><p><img src="gone.png"></p></div>
        """.write(to: posts.appendingPathComponent("post.md"), atomically: true, encoding: .utf8)
        let png = try #require(try ExampleCDN.fixtureImages().first { $0.pathExtension == "png" })
        try FileManager.default.copyItem(at: png, to: posts.appendingPathComponent("local.png"))
        try Data([0x00, 0x01, 0x02, 0xff, 0x00, 0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]).write(to: posts.appendingPathComponent("binary.md"))

        let output = RecordingOutput()
        let status = try await MirrorJob(options: ExampleCDN.options(archive: archive)).run(inputs: [posts.path], output: output)
        #expect(status == ExitStatus.partialFailure)
        let reasons = Dictionary(uniqueKeysWithValues: output.of("failed").compactMap { r in r.string("url").map { ($0, r.string("reason") ?? "") } })
        #expect(reasons["https://i.guancha.cn/missing.jpg"] == "http-404")
        #expect(reasons["https://i.guancha.cn/news/2021/12/31/20211231092132221.jpg?__html=1"] == "not-an-image")
        #expect(reasons.keys.contains { $0.hasSuffix("gone.png") })
        // The local image beside the post is archived from disk.
        let local = output.of("fetched").first { $0.string("url")?.hasSuffix("local.png") == true }
        #expect(local?.string("sha256") == (try SHA256Hasher.hash(fileAt: png)).sha256)
        // The undecodable post is named on stderr and the run went on.
        #expect(output.diagnostics.contains { $0.contains("binary.md") })
        // No bad body became an object.
        let catalog = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite"))
        #expect(try catalog.allObjects().map(\.mediaType) == ["png"])
    }
}
