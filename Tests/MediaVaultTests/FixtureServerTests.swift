import ChildProcess
import Foundation
import Testing
import TestSupport

/// The fixture CDN behaves like the real hosts: real TLS per host name, hotlink rules, faults, log.
@Suite struct FixtureServerTests {
    static let guanchaLead = "https://i.guancha.cn/news/2022/06/14/20220614222710121.jpg"
    static let sspaiImage = "https://cdn.sspai.com/2021/06/01/article/e84e4a106a29d6800e9e85be93e4f271?imageView2/2/w/1120/q/40/interlace/1/ignore-error/1"

    @Test func servesExampleImageOverVerifiedTLS() throws {
        let server = try FixtureServer.start()
        let expected = try #require(try FixtureImage.named(Self.guanchaLead))
        let result = try Curl.get(Self.guanchaLead, via: server)
        #expect(result.exitCode == 0)
        #expect(result.status == 200)
        #expect(result.body == (try Data(contentsOf: expected.file)))
        #expect(result.contentType == "image/jpeg")
    }

    @Test func rejectForeignHostRefusesOnlyAForeignReferer() throws {
        let server = try FixtureServer.start()
        #expect(try Curl.get(Self.guanchaLead, via: server, referer: "https://evil.example/page").status == 403)
        #expect(try Curl.get(Self.guanchaLead, via: server).status == 200)
        #expect(try Curl.get(Self.guanchaLead, via: server, referer: "https://www.guancha.cn/a.shtml").status == 200)
    }

    @Test func requireRefererHostRefusesAMissingReferer() throws {
        let server = try FixtureServer.start()
        #expect(try Curl.get(Self.sspaiImage, via: server).status == 403)
        #expect(try Curl.get(Self.sspaiImage, via: server, referer: "https://anything.example/").status == 200)
    }

    @Test func placeholderHostSendsThePlaceholderToStrangers() throws {
        let root = try TestPaths.makeTemporaryFolder("fixture-root")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = try #require(try FixtureImage.all().first { $0.contentType == "image/jpeg" })
        let folder = root.appendingPathComponent("mmbiz.qpic.cn/mmbiz_jpg/abc")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: image.file, to: folder.appendingPathComponent("0"))

        let server = try FixtureServer.start(root: root)
        let url = "https://mmbiz.qpic.cn/mmbiz_jpg/abc/0?wx_fmt=jpeg"
        let placeholder = try server.placeholderImage()
        let stranger = try Curl.get(url, via: server)
        #expect(stranger.status == 200)
        #expect(stranger.body == placeholder)
        #expect(placeholder.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let reader = try Curl.get(url, via: server, referer: "https://mp.weixin.qq.com/s/abc")
        #expect(reader.body == (try Data(contentsOf: image.file)))
        #expect(reader.contentType == "image/jpeg")
    }

    @Test func injectedStatusFailsOnlyTheGivenNumberOfTimes() throws {
        let server = try FixtureServer.start()
        let url = Self.guanchaLead + "?__status=503&__status_times=1&__retry_after=1"
        let first = try Curl.get(url, via: server, extra: ["-D", "-"])
        #expect(first.status == 503)
        #expect(first.headers.lowercased().contains("retry-after: 1"))
        #expect(try Curl.get(url, via: server).status == 200)
    }

    @Test func logRecordsRefererAndClears() throws {
        let server = try FixtureServer.start()
        _ = try Curl.get(Self.sspaiImage, via: server, referer: "https://sspai.com/post/1")
        _ = try Curl.get(Self.guanchaLead, via: server)
        let log = try server.requestLog()
        #expect(log.count == 2)
        #expect(log.first?.host == "cdn.sspai.com")
        #expect(log.first?.scheme == "https")
        #expect(log.first?.referer == "https://sspai.com/post/1")
        #expect(log.first?.status == 200)
        #expect(log.last?.referer == nil)
        #expect(log.last?.path == "/news/2022/06/14/20220614222710121.jpg")
        try server.clearLog()
        #expect(try server.requestLog().isEmpty)
    }

    @Test func startFailureReportsTheServersStderr() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/manifest.tsv")
        let error = #expect(throws: FixtureServerError.self) { try FixtureServer.start(manifests: [missing]) }
        #expect(error.map { "\($0)" }?.contains("/nonexistent/manifest.tsv") == true)
    }

    @Test func plainHTTPIsServedToo() throws {
        let server = try FixtureServer.start()
        let url = Self.guanchaLead.replacingOccurrences(of: "https:", with: "http:")
        let result = try Curl.get(url, via: server)
        #expect(result.status == 200)
        #expect(try server.requestLog().last?.scheme == "http")
    }
}

/// `/usr/bin/curl` pointed at the fixture server with `--connect-to` and `--cacert` (real TLS checks).
enum Curl {
    /// What one transfer produced.
    struct Result {
        let exitCode: Int32
        let status: Int
        let contentType: String
        let headers: String
        let body: Data
    }

    /// GETs URL through SERVER, optionally with a Referer and extra curl arguments.
    static func get(_ url: String, via server: FixtureServer, referer: String? = nil, extra: [String] = []) throws -> Result {
        let folder = try TestPaths.makeTemporaryFolder("curl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bodyFile = folder.appendingPathComponent("body")
        let host = try #require(URL(string: url)?.host)
        var arguments = ["-s", "--noproxy", "*", "--max-time", "20", "--cacert", server.caCertificate.path,
                         "--connect-to", server.connectTo(host: host, port: 443),
                         "--connect-to", server.connectTo(host: host, port: 80),
                         "-o", bodyFile.path, "-w", "\n%{http_code} %{content_type}"]
        if let referer { arguments += ["-e", referer] }
        arguments += extra + [url]

        // The launcher closes every other descriptor in the child, so a pipe is safe even with
        // parallel tests starting children at the same moment.
        let run = try ChildProcess.run("/usr/bin/curl", arguments: arguments, stderr: .inherit)
        let output = run.stdoutText

        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let summary = lines.last.map(String.init) ?? ""
        let parts = summary.split(separator: " ", maxSplits: 1).map(String.init)
        return Result(
            exitCode: run.status,
            status: parts.first.flatMap { Int($0) } ?? 0,
            contentType: parts.count > 1 ? parts[1] : "",
            headers: lines.dropLast().joined(separator: "\n"),
            body: (try? Data(contentsOf: bodyFile)) ?? Data()
        )
    }
}
