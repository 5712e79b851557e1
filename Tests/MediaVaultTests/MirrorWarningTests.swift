import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// What the scan notices about a post (front matter read line by line) `mirror` says too, once:
/// the images are archived, and a re-run that finds the post unchanged stays quiet.
@Suite struct MirrorWarningTests {
    @Test func aPostWhoseFrontMatterIsNotYAMLIsArchivedWithAWarningOnce() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let post = cdn.posts.appendingPathComponent("doubled.md")
        try "---\ntitle: \"\"\"\"'How to turn off the tab previews'\"\"\"\"\nurl: https://blog.example/p.html\n---\n<div><p><img src=\"https://open.test/1.png\"></p></div>\n"
            .write(to: post, atomically: true, encoding: .utf8)
        // Written a minute ago: the scan memo does not trust a file changed in its own second.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: post.path)
        let (status, output) = await cdn.mirror()
        #expect(status == ExitStatus.success, "\(output.diagnostics)")
        #expect(output.record("fetched", url: "https://open.test/1.png") != nil, "\(output.records.map(\.jsonLine))")
        let warnings = output.diagnostics.filter { $0.hasPrefix("warning: \(post.path): front matter is not valid YAML") }
        #expect(warnings.count == 1, "\(output.diagnostics)")
        let titles = try await cdn.catalog().database.read { try String.fetchAll($0, sql: "SELECT title FROM post") }
        #expect(titles == ["How to turn off the tab previews"])

        let (again, rerun) = await cdn.mirror()
        #expect(again == ExitStatus.success)
        #expect(!rerun.diagnostics.contains { $0.contains("not valid YAML") }, "\(rerun.diagnostics) \(rerun.records.map(\.jsonLine))")
    }
}
