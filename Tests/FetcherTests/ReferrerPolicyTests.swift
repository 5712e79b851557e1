import Foundation
import Testing
import TestSupport
@testable import Fetcher

/// Rows of a tab-separated oracle file keyed by its header line (no quoting, per the suite README).
private func loadTSV(_ name: String) throws -> [[String: String]] {
    let url = try SharedData.url("testsuites/referrer-policy/\(name)")
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    return lines.map { line in
        let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0 < cells.count ? cells[$0] : "") })
    }
}

@Suite("ReferrerPolicy")
struct ReferrerPolicyTests {
    @Test("every row of cases.tsv", .sharedData("testsuites/referrer-policy"))
    func casesOracle() throws {
        let rows = try loadTSV("cases.tsv")
        #expect(rows.count == 251)
        var passed = 0
        for row in rows {
            let id = row["id"]!, rule = row["rule"]!
            let policyToken = row["policy"]!
            let policy = policyToken.isEmpty ? ReferrerPolicy.defaultPolicy : try #require(ReferrerPolicy.parse(policyToken), "row \(id): unknown policy \(policyToken)")
            let chain = [row["request_url"]!] + row["redirect_chain"]!.split(separator: " ").map(String.init)
            let hops = policy.referrers(source: row["referrer_url"]!, chain: chain)
            let expected = row["expected_referer"]!
            var ok = hops.last! == (expected.isEmpty ? nil : expected)
            #expect(hops.last! == (expected.isEmpty ? nil : expected), "row \(id) [\(rule)]: last hop")
            if chain.count > 1 {
                let perHop = row["referer_per_hop"]!.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                let expectedHops: [String?] = perHop.map { $0 == "(none)" ? nil : $0 }
                ok = ok && hops == expectedHops
                #expect(hops == expectedHops, "row \(id) [\(rule)]: per hop")
            }
            if policyToken.isEmpty {
                // An unset policy behaves exactly like the default one.
                #expect(ReferrerPolicy.strictOriginWhenCrossOrigin.referrers(source: row["referrer_url"]!, chain: chain) == hops)
            }
            if ok { passed += 1 }
        }
        print("referrer-policy cases.tsv: \(passed)/\(rows.count) rows pass")
        #expect(passed == rows.count)
    }

    @Test("every row of policy-header-parsing.tsv", .sharedData("testsuites/referrer-policy"))
    func headerOracle() throws {
        let rows = try loadTSV("policy-header-parsing.tsv")
        #expect(rows.count == 10)
        var passed = 0
        for (index, row) in rows.enumerated() {
            // Several header fields are written ` || `-separated; HTTP combines them with commas.
            let combined = row["header_field_values"]!.replacingOccurrences(of: " || ", with: ",")
            let parsed = ReferrerPolicy.parseHeader(combined)
            let effective = parsed ?? .defaultPolicy
            let ok = parsed?.rawValue ?? "" == row["parsed_policy"]! && effective.rawValue == row["effective_policy"]!
            #expect(ok, "row \(index + 1) [\(row["rule"]!)]: got \(parsed?.rawValue ?? "(none)")")
            if ok { passed += 1 }
        }
        print("referrer-policy policy-header-parsing.tsv: \(passed)/\(rows.count) rows pass")
        #expect(passed == rows.count)
    }

    @Test func parseTokens() {
        #expect(ReferrerPolicy.parse("  No-Referrer\t") == .noReferrer)
        #expect(ReferrerPolicy.parse("UNSAFE-URL") == .unsafeURL)
        #expect(ReferrerPolicy.parse("") == nil)
        #expect(ReferrerPolicy.parse("never") == nil)
        #expect(ReferrerPolicy.allCases.allSatisfy { ReferrerPolicy.parse($0.rawValue) == $0 })
        #expect(ReferrerPolicy.allCases.count == 8)
    }

    @Test func sourcesWithoutReferrer() {
        for source in [nil, "file:///home/a/post.md", "about:blank", "not a url", "https://"] as [String?] {
            #expect(ReferrerPolicy.unsafeURL.referrer(source: source, target: "https://cdn.example.net/a.png") == nil)
        }
        #expect(ReferrerPolicy.unsafeURL.referrer(source: "https://a.example/", target: "data:image/png;base64,AA") == nil)
    }

    @Test func urlSerialisationEdges() {
        let cases: [(String, String)] = [
            ("https://a.example/x/%7Euser/p%20q?a=%41", "https://a.example/x/%7Euser/p%20q?a=%41"),
            ("https://a.example/caf\u{e9} 1?q=\u{e9} 'x'", "https://a.example/caf%C3%A9%201?q=%C3%A9%20%27x%27"),
            ("http://[2001:DB8::1]/", "http://[2001:db8::1]/"),
            ("https://a.example/a/./b/../c", "https://a.example/a/c"),
            ("https:\\\\a.example\\p\\q", "https://a.example/p/q"),
            ("http://a.example:80", "http://a.example/"),
            ("  https://a.example/p\n  ", "https://a.example/p"),
            ("https://B\u{fc}cher.example/x", "https://xn--bcher-kva.example/x"),
        ]
        for (input, expected) in cases {
            #expect(ReferrerPolicy.unsafeURL.referrer(source: input, target: "https://b.example/") == expected, "\(input)")
        }
        #expect(ReferrerURL("http://a.example:99999/") == nil)
        #expect(ReferrerURL("http://a b.example/") == nil)
    }

    @Test func redirectPolicyHeaderChangesLaterHops() {
        let hops = ReferrerPolicy.unsafeURL.referrers(
            source: "https://www.example.com/post?x=1",
            chain: ["https://cdn.example.net/r", "https://img.example.org/a.png", "https://www.example.com/b.png"],
            responsePolicies: ["bogus, origin", nil])
        #expect(hops == ["https://www.example.com/post?x=1", "https://www.example.com/", "https://www.example.com/"])
        var chain = ReferrerChain(source: "https://www.example.com/post")
        #expect(chain.referer(for: "https://www.example.com/a") == "https://www.example.com/post")
        chain.redirected(referrerPolicyHeader: "no-referrer")
        #expect(chain.referer(for: "https://www.example.com/b") == nil)
        chain.redirected(referrerPolicyHeader: "unsafe-url")
        #expect(chain.referer(for: "https://www.example.com/c") == nil, "once no referrer, always no referrer")
    }
}
