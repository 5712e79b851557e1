import Fetcher
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// The configuration file: the example parses to the rules it documents, and every mistake
/// names the file, the line and the key.
@Suite struct FetchConfigTests {
    @Test func theExampleConfigurationParses() throws {
        let file = TestPaths.repositoryRoot.appendingPathComponent("Examples/config.yml")
        let config = try MirrorConfig.load(file: file)
        #expect(config.defaultPolicy == .strictOriginWhenCrossOrigin)
        #expect(config.maxBytes == Int64(104_857_600))
        #expect(config.connectTimeout == 15 && config.stallTimeout == 30 && config.totalTimeout == 600)
        let rules = config.hostRules
        #expect(rules.rule(forHost: "wx1.sinaimg.cn")?.referer == RefererChoice.none)
        #expect(rules.rule(forHost: "img9.doubanio.com")?.referer == RefererChoice.none)
        #expect(rules.rule(forHost: "cdn.sspai.com")?.referer == .origin)
        #expect(rules.rule(forHost: "mmbiz.qpic.cn")?.placeholders.count == 1)
        #expect(rules.rule(forHost: "mmbiz.qpic.cn")?.interval == 0.2)
        #expect(rules.rule(forHost: "bucket.oss-cn-hangzhou.aliyuncs.com")?.referer == .page)
        #expect(rules.rule(forHost: "bucket.oss-cn-hangzhou.aliyuncs.com")?.headers == ["Accept: image/avif,image/webp,image/*;q=0.8"])
        #expect(rules.rule(forHost: "example.com") == nil)
    }

    @Test(arguments: [
        ("hosts:\n  a.test:\n    referer: sometimes\n", 3, "hosts.a.test.referer"),
        ("hosts:\n  a.test:\n    concurency: 2\n", 3, "hosts.a.test.concurency"),
        ("max_bytes: lots\n", 1, "max_bytes"),
        ("timeouts:\n  connect: 5\n  forever: 1\n", 3, "timeouts.forever"),
        ("hosts:\n  a.test:\n    placeholders: [abc]\n", 3, "hosts.a.test.placeholders"),
        ("default_referrer_policy: leaky\n", 1, "default_referrer_policy"),
        ("hosts:\n  \"a b\":\n    referer: none\n", 2, "hosts.a b"),
        ("user_agent: x\nbogus: 1\n", 2, "bogus"),
        ("connections_per_host: 0\n", 1, "connections_per_host"),
    ])
    func mistakesNameTheFileLineAndKey(text: String, line: Int, key: String) throws {
        let error = try #require(throws: ConfigError.self) { try MirrorConfig.parse(text, file: "/x/config.yml") }
        #expect(error.line == line, "\(error)")
        #expect(error.key == key, "\(error)")
        #expect(error.description.hasPrefix("/x/config.yml:\(line): \(key): "))
    }

    @Test func connectionsPerHostReachesTheTransferOptions() throws {
        let config = try MirrorConfig.parse("connections_per_host: 8\n", file: "c.yml")
        #expect(config.connectionsPerHost == 8)
        #expect(MirrorOptions(archive: URL(fileURLWithPath: "/tmp/a")).transferOptions(config: config).maxPerHost == 8)
        #expect(MirrorOptions(archive: URL(fileURLWithPath: "/tmp/a")).transferOptions(config: MirrorConfig()).maxPerHost == 6)
    }

    @Test func brokenYAMLGivesItsLine() throws {
        let error = try #require(throws: ConfigError.self) { try MirrorConfig.parse("hosts:\n  a: [1, 2\n  b: 3\n", file: "c.yml") }
        #expect(error.line != nil)
        #expect(error.description.contains("not valid YAML"))
    }

    @Test func aBadConfigurationIsFatalAndNamed() async throws {
        let archive = try TestPaths.makeTemporaryFolder("config-archive")
        defer { try? FileManager.default.removeItem(at: archive) }
        try "hosts:\n  a.test:\n    interval: soon\n".write(to: archive.appendingPathComponent("config.yml"), atomically: true, encoding: .utf8)
        let output = RecordingOutput()
        let status = await MirrorJob(options: MirrorOptions(archive: archive)).run(inputs: [archive.path], output: output)
        #expect(status == ExitStatus.fatal)
        #expect(output.diagnostics.contains { $0.contains("config.yml:3: hosts.a.test.interval:") }, "\(output.diagnostics)")
    }

    @Test func theProgressLineRedrawsInPlaceAndEndsTheLine() async throws {
        let written = LockedText()
        let progress = ProgressLine { written.append($0) }
        progress.expect(3)
        progress.count(failed: false, bytes: 1_500_000)
        progress.count(failed: true, bytes: 0)
        progress.finish()
        let text = written.value
        #expect(text.hasPrefix("\r"))
        #expect(text.contains("2/3 done, 1 failed, 1.5 MB"))
        #expect(text.hasSuffix("\n"))
    }
}

/// Text appended from several threads.
final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ more: String) { lock.withLock { text += more } }
    var value: String { lock.withLock { text } }
}
