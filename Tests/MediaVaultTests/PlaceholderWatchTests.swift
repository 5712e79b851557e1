import Fetcher
import Foundation
import Testing

@testable import MediaVault

/// The placeholder watch's judgement of bodies by digest, URL and host, one run's worth.
struct PlaceholderWatchTests {
    static let junk = String(repeating: "ab", count: 32)
    static let other = String(repeating: "cd", count: 32)

    @Test func theSameBytesFromMoreURLsOfOneHostGoFromAcceptedToSuspectToPlaceholder() {
        let watch = PlaceholderWatch(rules: HostRules())
        #expect(watch.judge(sha256: Self.junk, url: "https://img.test/1.jpg", host: "img.test") == .accept)
        // The same URL with another query is the same URL: still one.
        #expect(watch.judge(sha256: Self.junk, url: "https://img.test/1.jpg?w=200", host: "img.test") == .accept)
        #expect(watch.judge(sha256: Self.junk, url: "https://img.test/2.jpg", host: "img.test")
                == .suspect("same bytes (\(Self.junk.prefix(12))) as https://img.test/1.jpg"))
        #expect(watch.judge(sha256: Self.junk, url: "https://img.test/3.jpg", host: "img.test")
                == .placeholder("img.test answered the same bytes (\(Self.junk.prefix(12))) for 3 different URLs"))
        #expect(watch.judge(sha256: Self.junk, url: "https://img.test/4.jpg", host: "img.test")
                == .placeholder("img.test answered the same bytes (\(Self.junk.prefix(12))) for 4 different URLs"))
    }

    @Test func hostsAndDigestsAreJudgedApart() {
        let watch = PlaceholderWatch(rules: HostRules())
        #expect(watch.judge(sha256: Self.junk, url: "https://a.test/1.jpg", host: "a.test") == .accept)
        // Another host sending the very picture is not that host's placeholder, nor are other bytes.
        #expect(watch.judge(sha256: Self.junk, url: "https://b.test/1.jpg", host: "b.test") == .accept)
        #expect(watch.judge(sha256: Self.other, url: "https://a.test/2.jpg", host: "a.test") == .accept)
        // Digests that differ only in their last hex digit, or only in case, are other bytes / the same bytes.
        let almost = String(Self.junk.dropLast()) + "c"
        #expect(watch.judge(sha256: almost, url: "https://a.test/3.jpg", host: "a.test") == .accept)
        #expect(watch.judge(sha256: Self.junk.uppercased(), url: "https://a.test/4.jpg", host: "a.test")
                == .suspect("same bytes (\(Self.junk.uppercased().prefix(12))) as https://a.test/1.jpg"))
    }

    @Test func confirmedAndConfiguredPlaceholdersAreRefusedAtOnce() {
        var rule = HostRule(pattern: "cfg.test")
        rule.placeholders = [Self.other]
        let watch = PlaceholderWatch(rules: HostRules([rule]))
        #expect(watch.judge(sha256: Self.other, url: "https://cfg.test/1.jpg", host: "cfg.test")
                == .placeholder("\(Self.other.prefix(12)) is a configured placeholder of cfg.test"))
        watch.confirm(host: "a.test", sha256: Self.junk)
        #expect(watch.judge(sha256: Self.junk, url: "https://a.test/1.jpg", host: "a.test")
                == .placeholder("\(Self.junk.prefix(12)) is what a.test sends to a refused Referer"))
        #expect(watch.isPlaceholder(host: "a.test", sha256: Self.junk))
        #expect(!watch.isPlaceholder(host: "b.test", sha256: Self.junk))
    }

    @Test func aDigestKeyIsItsBytes() {
        #expect(DigestKey(Self.junk) == DigestKey(Self.junk.uppercased()))
        #expect(DigestKey(Self.junk) != DigestKey(Self.other))
        #expect(DigestKey("not hex") == .text("not hex"))
        #expect(DigestKey(String(repeating: "g", count: 64)) == .text(String(repeating: "g", count: 64)))
    }
}
