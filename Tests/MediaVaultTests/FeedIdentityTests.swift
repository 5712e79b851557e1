import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// Feed and export items are identified in the catalog by their link, else their guid, else
/// their 1-based position (as displayed), never by a 0-based position.
@Suite struct FeedIdentityTests {
    @Test func feedItemsAreIdentifiedByLinkThenGuidThenDisplayedPosition() async throws {
        let folder = try TestPaths.makeTemporaryFolder("feed-identity")
        defer { try? FileManager.default.removeItem(at: folder) }
        let feed = folder.appendingPathComponent("feed.xml")
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>F</title>
        <item><title>Linked</title><link>https://blog.example/linked/</link><description>x</description></item>
        <item><title>Guid only</title><guid isPermaLink="false">tag:blog.example,2024:42</guid><description>y</description></item>
        <item><title>Neither</title><description>z</description></item>
        </channel></rss>
        """.write(to: feed, atomically: true, encoding: .utf8)
        var sourced: [SourcedPost] = []
        await PostSource(loop: nil).scan([feed.path], onPosts: { sourced += $0 }, onError: { Issue.record("\($0)") })
        #expect(sourced.map(\.post.path) == ["\(feed.path)#1", "\(feed.path)#2", "\(feed.path)#3"])
        #expect(sourced.map(\.source) == ["https://blog.example/linked/", "\(feed.path)#guid=tag:blog.example,2024:42", "\(feed.path)#3"])
    }

    @Test func aSinglePostFileIsIdentifiedByItsPath() async throws {
        let folder = try TestPaths.makeTemporaryFolder("feed-identity")
        defer { try? FileManager.default.removeItem(at: folder) }
        let post = folder.appendingPathComponent("post.md")
        try "---\ntitle: T\nlink: https://blog.example/t/\n---\n![a](https://h/a.png)\n".write(to: post, atomically: true, encoding: .utf8)
        var sourced: [SourcedPost] = []
        await PostSource(loop: nil).scan([post.path], onPosts: { sourced += $0 }, onError: { Issue.record("\($0)") })
        #expect(sourced.map(\.source) == [post.path])
    }
}
