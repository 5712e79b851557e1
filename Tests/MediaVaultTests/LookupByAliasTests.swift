import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// `caption` finds an archived image by any URL its post used for it (src, srcset and data-*
/// variants), and a local image by its path, not only by the URL that was fetched.
@Suite struct LookupByAliasTests {
    @Test func captionFindsTheImageByItsSrcAndEveryVariant() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        // The post shows a small copy (src) and names the original in data-original: the original is fetched.
        let post = cdn.posts.appendingPathComponent("p.md")
        try """
        ---
        title: Aliases
        ---
        <div><p><img src="https://open.test/1.png?w=100" data-original="https://open.test/2.png" srcset="https://open.test/3.png 0.5x"></p>
        <p style="text-align:center">The caption</p></div>
        """.write(to: post, atomically: true, encoding: .utf8)
        let (status, output) = await cdn.mirror(inputs: [post])
        #expect(status == ExitStatus.success, "\(output.diagnostics)")
        #expect(output.of("fetched").map { $0.string("url") } == ["https://open.test/2.png"])
        let lookup = CaptionLookup(archive: cdn.archive)
        for query in ["https://open.test/2.png", "https://open.test/1.png?w=100", "https://open.test/3.png"] {
            let found = RecordingOutput()
            #expect(lookup.run(query: query, output: found) == ExitStatus.success, "\(query): \(found.diagnostics)")
            #expect(found.of("caption").map { $0.string("caption") } == ["The caption"], "\(query)")
            #expect(found.of("caption").first?.string("sha256") == (try FetchCDN.sha256(ofImage: 2)))
        }
        #expect(lookup.run(query: "https://open.test/4.png", output: RecordingOutput()) == ExitStatus.notFound)
    }

    @Test func captionFindsALocalImageByItsPathEvenAfterTheFileChanged() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let image = cdn.posts.appendingPathComponent("local.png")
        try FileManager.default.copyItem(at: try FetchCDN.images[0], to: image)
        let post = cdn.posts.appendingPathComponent("local.md")
        try "---\ntitle: Local\n---\n![A local picture](local.png \"Local caption\")\n".write(to: post, atomically: true, encoding: .utf8)
        let (status, output) = await cdn.mirror(inputs: [post])
        #expect(status == ExitStatus.success, "\(output.diagnostics)")
        // The file is replaced by other bytes: its hash no longer matches, its path still does.
        try FileManager.default.removeItem(at: image)
        try FileManager.default.copyItem(at: try FetchCDN.images[1], to: image)
        let lookup = CaptionLookup(archive: cdn.archive)
        let found = RecordingOutput()
        #expect(lookup.run(query: image.path, output: found) == ExitStatus.success, "\(found.diagnostics)")
        #expect(found.of("caption").map { $0.string("caption") } == ["Local caption"])
        #expect(found.of("caption").first?.string("sha256") == (try FetchCDN.sha256(ofImage: 1)))
        // And when it is gone.
        try FileManager.default.removeItem(at: image)
        #expect(lookup.run(query: image.path, output: RecordingOutput()) == ExitStatus.success)
    }
}
