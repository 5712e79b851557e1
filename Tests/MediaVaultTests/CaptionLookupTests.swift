import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

@Suite(.serialized) struct CaptionLookupTests {
    @Test func findsByURLFileHashAndPrefixAndSaysWhenNot() async throws {
        let archive = try TestPaths.makeTemporaryFolder("caption")
        defer { try? FileManager.default.removeItem(at: archive) }
        let sample = ExampleCDN.posts.appendingPathComponent("sample-post.md").path
        #expect(try await MirrorJob(options: ExampleCDN.options(archive: archive)).run(inputs: [sample], output: RecordingOutput()) == 0)
        let lookup = CaptionLookup(archive: archive)
        let url = "https://i.guancha.cn/news/social/2021/12/31/20211231090731553.jpg"
        let caption = "资料图：俄罗斯总统普京和美国总统拜登"

        let byURL = RecordingOutput()
        #expect(lookup.run(query: url, output: byURL) == ExitStatus.success)
        let hit = try #require(byURL.of("caption").first)
        #expect(hit.string("caption") == caption)
        #expect(hit.string("title") == "普京拜登月内二度通话，双方互抛警告")
        #expect(hit.string("post") == sample)
        let sha = try #require(hit.string("sha256"))

        // The archived file itself, a copy elsewhere, the full hash and an 8-digit prefix all find it.
        let copy = archive.appendingPathComponent("copy.jpg")
        try FileManager.default.copyItem(at: archive.appendingPathComponent("objects/\(sha.prefix(2))/\(sha).jpg"), to: copy)
        for query in [copy.path, sha, String(sha.prefix(8))] {
            let output = RecordingOutput()
            #expect(lookup.run(query: query, output: output) == ExitStatus.success, "\(query)")
            #expect(output.of("caption").map { $0.string("caption") } == [caption], "\(query)")
        }

        // Unknown things exit 1 with a message naming the query.
        for query in ["https://example.com/none.jpg", "0123456789abcdef", TestPaths.repositoryRoot.appendingPathComponent("Examples/posts/sample-post.md").path] {
            let output = RecordingOutput()
            #expect(lookup.run(query: query, output: output) == ExitStatus.notFound, "\(query)")
            #expect(output.diagnostics.contains { $0.contains(query) })
        }
    }
}
