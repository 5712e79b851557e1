import Foundation
import Testing
@testable import Fetcher
import TestSupport

/// The byte-level reading of `URLAuthority` must give URLComponents' answers, or decline.
@Suite struct URLAuthorityTests {
    /// What URLComponents says: the reference the fast path replaces.
    private func reference(_ url: String) -> URLAuthority? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              let host = parts.host?.lowercased(), !host.isEmpty else { return nil }
        return URLAuthority(scheme: scheme, host: host, port: parts.port)
    }

    @Test func agreesWithURLComponentsOnTrickyShapes() {
        let urls = [
            "https://img.example.com/a.jpg", "http://IMG.Example.COM/A.JPG", "https://a.example:8443/x?y=1",
            "http://127.0.0.1:50207/img/1.jpg", "https://a.example:443/", "http://a.example:080/", "https://a.example",
            "https://a.example?q", "https://a.example#f", "https://a.example:/x", "https://a.example:99999/x",
            "https://a.example:12a/x", "https://user:pw@a.example/x", "https://[2001:db8::1]:8080/x",
            "https://bücher.example/x", "https://xn--bcher-kva.example/x", "https://a.example/%E5%9B%BE.jpg",
            "https://a.example/a b.jpg", "https://a.example/a{b}.jpg", "https://a.example/a|b^c.jpg",
            "https://a.example/a\"b.jpg", "https://a.example/a<b>.jpg", "https://a.example/a\\b.jpg",
            "https://-a.example/x", "https://a_b.example/x", "https://a..example/x", "https://a.example./x",
            "HTTPS://a.example/x", "ftp://a.example/x", "https:///x", "https://", "https://a.example/x.jpg!cmspl",
            "https://a.example/x@s_2,w_820", "https://proxy.example/?http://img.host/a.jpg",
            "https://a.example/x?u=http://b.example:81/", "https://a.example/é.jpg",
        ]
        for url in urls {
            #expect(URLAuthority(url) == reference(url), "\(url)")
            if let fast = URLAuthority.simple(url) { #expect(fast == reference(url), "fast path on \(url)") }
        }
        #expect(URLAuthority.simple("http://127.0.0.1:50207/img/1.jpg") != nil, "the common shape takes the fast path")
        #expect(URLAuthority("https://A.Example:8443/x")?.referrerOrigin == "https://a.example:8443/")
        #expect(URLAuthority("ftp://a.example/x")?.referrerOrigin == nil)
    }

    /// The `origin` Referer is the spec's origin serialisation, whichever path computes it.
    @Test func theOriginRefererIsTheWHATWGOrigin() {
        let cases = [
            ("https://A.Example:8443/x?y", "https://a.example:8443/"), ("https://a.example:443/x", "https://a.example/"),
            ("http://a.example:80/x", "http://a.example/"), ("http://a.example:443/x", "http://a.example:443/"),
            ("https://xn--bcher-kva.example/x", "https://xn--bcher-kva.example/"),
            ("https://bücher.example/x", "https://xn--bcher-kva.example/"),
            ("https://user:pw@a.example/x", "https://a.example/"), ("HTTPS://A.example/x", "https://a.example/"),
        ]
        for (url, origin) in cases {
            #expect(RefererStrategy.originString(of: url) == origin, "\(url)")
            #expect(RefererStrategy.originString(of: url) == ReferrerURL(url)?.originSerialization, "\(url) agrees with the policy parser")
        }
        #expect(RefererStrategy.originString(of: "file:///tmp/a.jpg") == nil)
    }

    @Test(.sharedData("corpus/labels.jsonl")) func agreesWithURLComponentsOnEveryCorpusURL() throws {
        let labels = try String(contentsOf: try SharedData.url("corpus/labels.jsonl"), encoding: .utf8)
        var checked = 0, fast = 0
        for line in labels.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            var urls = ((object["images"] as? [[String: Any]]) ?? []).compactMap { $0["url"] as? String }
            if let cover = object["cover"] as? String { urls.append(cover) }
            for url in urls {
                #expect(URLAuthority(url) == reference(url), "\(url)")
                checked += 1
                if URLAuthority.simple(url) != nil { fast += 1 }
            }
        }
        #expect(checked > 300)
        #expect(fast * 10 >= checked * 9, "most real URLs take the fast path (\(fast) of \(checked))")
    }
}
