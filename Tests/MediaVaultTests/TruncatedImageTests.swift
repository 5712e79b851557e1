@testable import ArchiveStore
import Foundation
import GRDB
import Testing
import TestSupport

/// Images whose data ends early, served whole by the fixture CDN (the file on the server is
/// cut, so the transfer itself is complete and correct): mirror keeps them as served and says
/// so in the `fetched` line, in text output and in the catalog.
@Suite struct TruncatedImageTests {
    /// A 200×150 JPEG made by the project's encoder, cut after 60 % of its bytes.
    static func cutJPEG() throws -> Data {
        let width = 200, height = 150
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height { for x in 0..<width { let i = (y * width + x) * 4; rgba[i] = UInt8(x % 256); rgba[i + 1] = UInt8((x * y) % 256); rgba[i + 2] = UInt8(y % 256) } }
        let whole = try ImageCodec.encode(rgba: rgba, width: width, height: height, png: false)
        return whole.prefix(whole.count * 6 / 10)
    }

    @Test func mirrorSaysTruncatedOnTheFetchedLineInTextAndInTheCatalog() throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let open = cdn.root.appendingPathComponent("open.test")
        try Self.cutJPEG().write(to: open.appendingPathComponent("cut.jpg"))
        let png = try Data(contentsOf: open.appendingPathComponent("3.png"))
        try png.prefix(png.count / 2).write(to: open.appendingPathComponent("cut.png"))
        try cdn.writePost("a.md", page: nil, urls: ["https://open.test/cut.jpg", "https://open.test/cut.png", "https://open.test/1.png"])
        let network = FetchCDN.hosts.keys.flatMap { cdn.server.connectToBoth(host: $0) }.flatMap { ["--connect-to", $0] }
            + ["--cacert", cdn.server.caCertificate.path]

        let run = try EndToEndTests.run(["mirror", cdn.posts.path, "--archive", cdn.archive.path, "--json"] + network)
        #expect(run.status == 0, "\(run.stderr)")
        let fetched = Dictionary(uniqueKeysWithValues: run.lines.filter { $0["type"] as? String == "fetched" }.compactMap { line in
            (line["url"] as? String).map { ($0, line) }
        })
        let jpeg = try #require(fetched["https://open.test/cut.jpg"], "\(run.stdout)")
        #expect(jpeg["truncated"] as? Bool == true)
        #expect((jpeg["message"] as? String)?.contains("Premature end of JPEG file") == true, "libjpeg's own words: \(jpeg)")
        let cutPNG = try #require(fetched["https://open.test/cut.png"], "\(run.stdout)")
        #expect(cutPNG["truncated"] as? Bool == true)
        #expect((cutPNG["message"] as? String)?.contains("the PNG data ends after") == true, "libpng's read error: \(cutPNG)")
        let whole = try #require(fetched["https://open.test/1.png"])
        #expect(whole["truncated"] == nil && whole["message"] == nil, "a whole image says nothing: \(whole)")
        #expect(try OutputContractTests.invalidLines(run.stdout).isEmpty)

        // The catalog keeps the flag for both cut images, not for the whole one.
        let flags = try cdn.catalog().database.read { db in
            try Row.fetchAll(db, sql: "SELECT u.url, o.truncated FROM url_object u JOIN object o ON o.sha256 = u.sha256")
                .reduce(into: [String: Bool]()) { $0[$1["url"]] = $1["truncated"] }
        }
        #expect(flags == ["https://open.test/cut.jpg": true, "https://open.test/cut.png": true, "https://open.test/1.png": false], "\(flags)")

        // Text output, on a fresh archive: the fetched line says it too.
        let other = try TestPaths.makeTemporaryFolder("truncated-text")
        defer { try? FileManager.default.removeItem(at: other) }
        let text = try EndToEndTests.run(["mirror", cdn.posts.path, "--archive", other.path] + network)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.components(separatedBy: "TRUNCATED (kept as served)").count - 1 == 2, "\(text.stdout)")
        #expect(text.stdout.contains("Premature end of JPEG file"), "\(text.stdout)")
    }
}
