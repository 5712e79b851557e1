import Foundation

/// One way of choosing the Referer for an image request, re-evaluated on every redirect hop.
public struct RefererStrategy: Sendable, CustomStringConvertible {
    /// Short name recorded in the catalog and reports: `policy:no-referrer`, `none`, `origin`, `page`, `site`, `url`.
    public let name: String
    /// The Referer to send to `hopURL` as the first request, or nil to send none.
    public let refererFor: @Sendable (_ hopURL: String) -> String?
    /// For a browser-like strategy: the policy and the page, so redirects can be followed as
    /// the spec says (see `chain()`); nil for the fixed fallbacks.
    public let browser: (policy: ReferrerPolicy, page: String?)?

    /// Creates a strategy from a name and a rule.
    public init(name: String, refererFor: @escaping @Sendable (String) -> String?) {
        self.name = name
        self.refererFor = refererFor
        self.browser = nil
    }

    private init(policy: ReferrerPolicy, page: String?) {
        name = "policy:\(policy.rawValue)"
        refererFor = { policy.referrer(source: page, target: $0) }
        browser = (policy, page)
    }

    /// The Referer of each hop of one request: a policy strategy keeps a `ReferrerChain` (the
    /// Referer sent on a hop is the referrer source of the next, and a redirect's
    /// `Referrer-Policy` header changes the policy); a fixed fallback sends what it always sends.
    public func chain() -> RefererHops { RefererHops(strategy: self) }

    /// `name`.
    public var description: String { name }

    /// What the Referrer Policy spec says a browser would send for this page and policy.
    public static func policy(_ policy: ReferrerPolicy, page: String?) -> RefererStrategy {
        RefererStrategy(policy: policy, page: page)
    }

    /// No Referer at all (what `referrerpolicy="no-referrer"` sends; accepted by sinaimg, doubanio).
    public static let none = RefererStrategy(name: "none") { _ in nil }

    /// The image's own origin, `https://img.host/` (accepted by most "require a Referer" CDNs).
    public static let imageOrigin = RefererStrategy(name: "origin") { originString(of: $0) }

    /// The post's full URL (what object stores that check the article want).
    public static func page(_ page: String) -> RefererStrategy {
        RefererStrategy(name: "page") { _ in page }
    }

    /// The post's site origin, `https://www.site.com/` (what gallery-dl sends).
    public static func site(_ page: String) -> RefererStrategy {
        let origin = originString(of: page)
        return RefererStrategy(name: "site") { _ in origin }
    }

    /// An exact URL from the configuration.
    public static func exact(_ url: String) -> RefererStrategy {
        RefererStrategy(name: "url") { _ in url }
    }

    /// The strategies to try, in order, when the first one is refused: the preferred one, then
    /// none, the image's origin, the page and the page's site, skipping any that would send the
    /// same Referer to `imageURL` as one already listed.
    public static func fallbackChain(first: RefererStrategy, imageURL: String, page: String?) -> [RefererStrategy] {
        fallbackChain(preferred: [first], imageURL: imageURL, page: page)
    }

    /// Like `fallbackChain(first:…)` with several preferred strategies in front (e.g. a learned
    /// one, then what the Referrer Policy says), duplicates by Referer value removed.
    public static func fallbackChain(preferred: [RefererStrategy], imageURL: String, page: String?) -> [RefererStrategy] {
        var chain = preferred + [.none, .imageOrigin]
        if let page { chain += [.page(page), .site(page)] }
        var seen: [String?] = []
        return chain.filter { strategy in
            let value = strategy.refererFor(imageURL)
            if seen.contains(value) { return false }
            seen.append(value)
            return true
        }
    }

    /// The strategy a name recorded in the catalog stands for (`none`, `origin`, `page`, `site`),
    /// or nil when it cannot be rebuilt (a policy, an exact URL, or `page`/`site` without a page).
    public static func named(_ name: String, page: String?) -> RefererStrategy? {
        switch name {
        case "none": return RefererStrategy.none
        case "origin": return .imageOrigin
        case "page": return page.map(RefererStrategy.page)
        case "site": return page.map(RefererStrategy.site)
        default: return nil
        }
    }

    /// The origin of an http(s) URL as a Referer carries it, `scheme://host[:port]/` (WHATWG:
    /// ASCII host, no default port), or nil. The common shape is read on bytes, the rest by the
    /// Referrer Policy's URL parser.
    static func originString(of url: String) -> String? {
        if let simple = URLAuthority.simple(url) { return simple.referrerOrigin }
        return ReferrerURL(url)?.originSerialization
    }
}

/// The Referers of the hops of one request under one strategy (see `RefererStrategy.chain()`).
public struct RefererHops: Sendable {
    private let strategy: RefererStrategy
    private var state: ReferrerChain?

    init(strategy: RefererStrategy) {
        self.strategy = strategy
        state = strategy.browser.map { ReferrerChain(policy: $0.policy, source: $0.page) }
    }

    /// The Referer for the request to `url` (nil: none), remembered as the next hop's source.
    public mutating func referer(for url: String) -> String? {
        if state != nil { return state!.referer(for: url) }
        return strategy.refererFor(url)
    }

    /// Applies a redirect response's `Referrer-Policy` header to the following hops.
    public mutating func redirected(referrerPolicyHeader: String?) {
        state?.redirected(referrerPolicyHeader: referrerPolicyHeader)
    }
}
