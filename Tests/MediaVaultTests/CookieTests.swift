import Foundation
import Fetcher
import Testing
import TestSupport

/// Cookies from a Netscape cookies.txt and from the config reach their hosts (a loopback CDN
/// that refuses images without them), and their values appear nowhere afterwards.
@Suite struct CookieTests {
    @Test func aNetscapeFileIsReadAsCurlReadsIt() throws {
        let text = """
            # Netscape HTTP Cookie File
            .members.test\tTRUE\t/\tFALSE\t0\tsession\tabc
            #HttpOnly_img.test\tFALSE\t/private\tTRUE\t4102444800\ttoken\tx=y
            old.test\tFALSE\t/\tFALSE\t1000\tgone\t1

            """
        let jar = try CookieJar.parse(text, file: "cookies.txt")
        #expect(jar.cookies.count == 3)
        #expect(jar.header(for: "https://members.test/a.jpg") == "Cookie: session=abc")
        #expect(jar.header(for: "http://cdn.members.test/a.jpg") == "Cookie: session=abc", "leading dot: subdomains too")
        #expect(jar.header(for: "https://othermembers.test/a.jpg") == nil)
        #expect(jar.header(for: "https://img.test/private/p.jpg?x=1") == "Cookie: token=x=y", "#HttpOnly_ kept")
        #expect(jar.header(for: "http://img.test/private/p.jpg") == nil, "secure: https only")
        #expect(jar.header(for: "https://img.test/public/p.jpg") == nil, "path prefix")
        #expect(jar.header(for: "https://old.test/") == nil, "expired")
        #expect(throws: CookieFileError.self) { try CookieJar.parse("members.test\tTRUE\t/\n", file: "bad.txt") }
        do { _ = try CookieJar.parse("a\tTRUE\t/\tFALSE\tsoon\tn\tSECRETVALUE\n", file: "bad.txt") } catch {
            #expect("\(error)".contains("bad.txt:1") && !"\(error)".contains("SECRETVALUE"))
        }
    }

    @Test func cookiesReachTheirHostsAndAreWrittenNowhere() throws {
        let root = try TestPaths.makeTemporaryFolder("cookie-cdn")
        let archive = try TestPaths.makeTemporaryFolder("cookie-archive")
        defer { for folder in [root, archive] { try? FileManager.default.removeItem(at: folder) } }
        let fileSecret = "s3cr3t-FROM-FILE-7d41", configSecret = "s3cr3t-FROM-CONFIG-9a02"
        let images = try ExampleCDN.fixtureImages().filter { $0.pathExtension == "jpg" }
        for (index, host) in ["members.test", "cdn.club.test"].enumerated() {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(host), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: images[index], to: root.appendingPathComponent("\(host)/a.jpg"))
        }
        let hosts = root.appendingPathComponent("hosts.json")
        try JSONSerialization.data(withJSONObject: [
            "members.test": ["hotlink": "require-cookie", "cookie": "session=\(fileSecret)"],
            "cdn.club.test": ["hotlink": "require-cookie", "cookie": "pass=\(configSecret)"],
        ]).write(to: hosts)
        let server = try FixtureServer.start(manifests: [], hosts: hosts, root: root)
        defer { server.stop() }
        let post = root.appendingPathComponent("post.md")
        try "---\ntitle: Members\n---\n<p><img src=\"https://members.test/a.jpg\"></p><p><img src=\"https://cdn.club.test/a.jpg\"></p>\n"
            .write(to: post, atomically: true, encoding: .utf8)
        let cookies = root.appendingPathComponent("cookies.txt")
        try "# Netscape HTTP Cookie File\n.members.test\tTRUE\t/\tTRUE\t0\tsession\t\(fileSecret)\n".write(to: cookies, atomically: true, encoding: .utf8)
        let config = root.appendingPathComponent("config.yml")
        try "hosts:\n  \"*.club.test\":\n    cookies: {pass: \(configSecret)}\n".write(to: config, atomically: true, encoding: .utf8)
        let network = ["members.test", "cdn.club.test"].flatMap { server.connectToBoth(host: $0) }.flatMap { ["--connect-to", $0] }
            + ["--cacert", server.caCertificate.path, "--archive", archive.path]

        // Without the cookies the host refuses: the cookies are what makes the difference.
        let without = try EndToEndTests.run(["mirror", post.path, "--json"] + network)
        #expect(without.status == 3)
        #expect(without.lines.filter { $0["type"] as? String == "failed" }.count == 2)

        let run = try EndToEndTests.run(["mirror", post.path, "--json", "--cookies", cookies.path, "--config", config.path] + network)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.lines.filter { $0["type"] as? String == "fetched" }.count == 2)
        let bag = root.appendingPathComponent("bag")
        #expect(try EndToEndTests.run(["export", "--archive", archive.path, "--bagit", bag.path, "--json"]).status == 0)
        let caption = try EndToEndTests.run(["caption", "https://members.test/a.jpg", "--archive", archive.path, "--json"])
        #expect(caption.status == 0)

        // Neither value is in any output, nor in any file of the archive (catalog, WAL, objects) or the bag.
        var haystacks: [(String, Data)] = [("mirror stdout", Data(run.stdout.utf8)), ("mirror stderr", Data(run.stderr.utf8)),
                                          ("caption", Data((caption.stdout + caption.stderr).utf8))]
        for folder in [archive, bag] {
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            for file in files {
                if let data = FileManager.default.contents(atPath: file.path) { haystacks.append((file.path, data)) }
            }
        }
        #expect(haystacks.count > 6)
        for secret in [fileSecret, configSecret] {
            for (name, data) in haystacks {
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(secret) found in \(name)")
            }
        }
    }

    /// A feed and an article page behind a login: the cookie goes with those requests too
    /// (without it the host refuses them), and its value is written nowhere.
    @Test func cookiesGoWithFeedAndArticlePageFetches() throws {
        let root = try TestPaths.makeTemporaryFolder("cookie-feed")
        let archive = try TestPaths.makeTemporaryFolder("cookie-feed-archive")
        defer { for folder in [root, archive] { try? FileManager.default.removeItem(at: folder) } }
        let secret = "s3cr3t-FEED-5e77"
        let site = root.appendingPathComponent("members.test")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let images = try ExampleCDN.fixtureImages().filter { $0.pathExtension == "jpg" }
        try FileManager.default.copyItem(at: images[0], to: site.appendingPathComponent("a.jpg"))
        try FileManager.default.copyItem(at: images[1], to: site.appendingPathComponent("b.jpg"))
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Members</title><link>https://members.test/</link>
            <item><title>One</title><link>https://members.test/one.html</link>
            <description>&lt;p&gt;&lt;img src="https://members.test/a.jpg" alt="A"&gt;&lt;/p&gt;</description></item>
            </channel></rss>
            """.write(to: site.appendingPathComponent("feed.xml"), atomically: true, encoding: .utf8)
        try "<!DOCTYPE html><html><head><title>Page</title></head><body><article><h1>Page</h1><p><img src=\"/b.jpg\" alt=\"B\"></p></article></body></html>\n"
            .write(to: site.appendingPathComponent("page.html"), atomically: true, encoding: .utf8)
        let hosts = root.appendingPathComponent("hosts.json")
        try JSONSerialization.data(withJSONObject: ["members.test": ["hotlink": "require-cookie", "cookie": "session=\(secret)"]]).write(to: hosts)
        let server = try FixtureServer.start(manifests: [], hosts: hosts, root: root)
        defer { server.stop() }
        let cookies = root.appendingPathComponent("cookies.txt")
        try "# Netscape HTTP Cookie File\nmembers.test\tFALSE\t/\tTRUE\t0\tsession\t\(secret)\n".write(to: cookies, atomically: true, encoding: .utf8)
        let inputs = ["https://members.test/feed.xml", "https://members.test/page.html"]
        let network = server.connectToBoth(host: "members.test").flatMap { ["--connect-to", $0] }
            + ["--cacert", server.caCertificate.path, "--archive", archive.path, "--json"]

        let without = try EndToEndTests.run(["mirror"] + inputs + network)
        #expect(without.status == 3)
        #expect(without.lines.last?["failed_inputs"] as? Int == 2, "both refused without the cookie: \(without.stderr)")
        let run = try EndToEndTests.run(["mirror"] + inputs + network + ["--cookies", cookies.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Set(run.lines.filter { $0["type"] as? String == "fetched" }.compactMap { $0["url"] as? String })
                == ["https://members.test/a.jpg", "https://members.test/b.jpg"])
        var haystacks: [(String, Data)] = [("stdout", Data(run.stdout.utf8)), ("stderr", Data(run.stderr.utf8))]
        for file in FileManager.default.enumerator(at: archive, includingPropertiesForKeys: nil)?.compactMap({ $0 as? URL }) ?? [] {
            if let data = FileManager.default.contents(atPath: file.path) { haystacks.append((file.path, data)) }
        }
        #expect(haystacks.count > 4)
        for (name, data) in haystacks { #expect(data.range(of: Data(secret.utf8)) == nil, "the cookie value is in \(name)") }
    }
}
