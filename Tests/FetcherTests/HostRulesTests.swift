import Foundation
import Testing
@testable import Fetcher
import TestSupport

@Suite struct HostRulesTests {
    @Test func theMostSpecificPatternWins() {
        var exact = HostRule(pattern: "img.sinaimg.cn")
        exact.referer = .origin
        var wildcard = HostRule(pattern: "*.sinaimg.cn")
        wildcard.referer = RefererChoice.none
        var wider = HostRule(pattern: "*.cn")
        wider.referer = .site
        let rules = HostRules([wider, wildcard, exact])
        #expect(rules.rule(forHost: "img.sinaimg.cn")?.referer == .origin)
        #expect(rules.rule(forHost: "WX1.SINAIMG.CN")?.referer == RefererChoice.none)
        #expect(rules.rule(forHost: "sinaimg.cn")?.referer == RefererChoice.none)
        #expect(rules.rule(forHost: "guancha.cn")?.referer == .site)
        #expect(rules.rule(forHost: "notsinaimg.cn.example") == nil)
        #expect(rules.rule(forURL: "https://tvax1.sinaimg.cn:443/a.jpg")?.pattern == "*.sinaimg.cn")
    }

    @Test func refererChoicesParseAndBecomeStrategies() {
        #expect(RefererChoice.parse("None") == RefererChoice.none)
        #expect(RefererChoice.parse("https://mp.weixin.qq.com/") == .exact("https://mp.weixin.qq.com/"))
        #expect(RefererChoice.parse("ftp://x/") == nil)
        #expect(RefererChoice.page.strategy(page: nil) == nil)
        #expect(RefererChoice.site.strategy(page: "https://a.example/p/1.html")?.refererFor("https://img.test/x") == "https://a.example/")
    }

    @Test func aLearnedStrategyGoesFirstAndThePolicyFollows() {
        let chain = RefererStrategy.fallbackChain(
            preferred: [.imageOrigin, .policy(.strictOriginWhenCrossOrigin, page: "https://b.example/p")],
            imageURL: "https://img.test/a.jpg", page: "https://b.example/p")
        #expect(chain.map(\.name) == ["origin", "policy:strict-origin-when-cross-origin", "none", "page"])
        #expect(RefererStrategy.named("site", page: nil) == nil)
        #expect(RefererStrategy.named("none", page: nil)?.name == "none")
    }

    @Test func theGateKeepsOneRequestAtATimeAndTheIntervalFromTheServersLog() async throws {
        let tag = UUID().uuidString
        // Every other answer takes longer than the interval, the rest are instant, so each rule
        // shows in the gaps after its own kind of request: after a slow one, one at a time; after
        // an instant one, the interval. Of four requests in any order, the first three (those
        // with a successor) include both kinds.
        let interval = 0.25, slow = 0.4
        var gated = Downloader(loop: TransferLoop(options: try TestCDN.options()))
        gated.gate = HostGate { host in host == "open.test" ? (1, interval) : (nil, nil) }
        let downloader = gated
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    let delay = index % 2 == 0 ? slow : 0
                    _ = await downloader.download(url: "https://open.test/a.jpg?gate=\(tag)&n=\(index)&__delay=\(delay)",
                                                  strategies: [.none], makeSink: { MemoryBody() }, discard: { _ in })
                }
            }
        }
        let log = try TestCDN.server.requestLog().filter { $0.path.contains(tag) }.sorted { $0.started < $1.started }
        #expect(log.count == 4)
        // Judged by arrivals only: the server records a request's end after its last byte went
        // out, which a loaded machine may delay past the next request's arrival.
        for (before, after) in zip(log, log.dropFirst()) {
            let gap = after.started - before.started
            if before.path.contains("__delay=\(slow)") {
                // The server answers `slow` s after the arrival and, with one slot, the next request
                // leaves only once that answer is in (2 ms for the log's rounding to milliseconds).
                #expect(gap >= slow - 0.002, "\(after.path) arrived \(gap) s after \(before.path), which takes \(slow) s to answer: two requests to open.test overlapped")
            } else {
                // The interval is kept between starts on our side; an arrival is later than its
                // start by the connection's setup (a TLS handshake for the first), hence 0.1 s.
                #expect(gap >= interval - 0.1, "\(after.path) arrived \(gap) s after \(before.path), with an interval of \(interval) s")
            }
        }
    }
}
