import Foundation

/// Which Referer a host rule asks for first (`referer:` in the config file).
public enum RefererChoice: Sendable, Equatable {
    /// Send no Referer.
    case none
    /// The image's own origin, `https://img.host/`.
    case origin
    /// The post's full URL.
    case page
    /// The post's site origin.
    case site
    /// Exactly this URL.
    case exact(String)

    /// Parses `none`, `origin`, `page`, `site` or an absolute http(s) URL; nil for anything else.
    public static func parse(_ text: String) -> RefererChoice? {
        switch text.lowercased() {
        case "none": return RefererChoice.none
        case "origin": return .origin
        case "page": return .page
        case "site": return .site
        default:
            let lower = text.lowercased()
            return lower.hasPrefix("http://") || lower.hasPrefix("https://") ? .exact(text) : nil
        }
    }

    /// The strategy for an image of a post at `page`; nil when it needs a page and there is none.
    public func strategy(page: String?) -> RefererStrategy? {
        switch self {
        case .none: return RefererStrategy.none
        case .origin: return .imageOrigin
        case .page: return page.map(RefererStrategy.page)
        case .site: return page.map(RefererStrategy.site)
        case .exact(let url): return .exact(url)
        }
    }
}

/// A cookie of a host rule: `cookies: {name: value}` in the config.
public struct CookiePair: Sendable, Equatable {
    /// Name.
    public var name: String
    /// Value (a secret: never printed).
    public var value: String

    /// Creates a pair.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What the configuration says about one host pattern.
public struct HostRule: Sendable, Equatable {
    /// `img.host` (that host only) or `*.domain` (the domain and every host under it).
    public var pattern: String
    /// The Referer to try first; the usual fallback chain follows it.
    public var referer: RefererChoice?
    /// Extra request headers, `Name: value`.
    public var headers: [String] = []
    /// Requests in flight to the host at once.
    public var concurrency: Int?
    /// Least seconds between the starts of two requests to the host.
    public var interval: Double?
    /// SHA-256 digests (lower-case hex) of images the host sends instead of the real one.
    public var placeholders: Set<String> = []
    /// Cookies (name, value) sent to the host (`*.domain`: and the hosts under it), in file order.
    public var cookies: [CookiePair] = []

    /// Creates a rule for a host pattern.
    public init(pattern: String) { self.pattern = pattern.lowercased() }

    /// Whether the rule applies to `host` (lower-case, no port).
    public func matches(_ host: String) -> Bool {
        if pattern.hasPrefix("*.") {
            let domain = pattern.dropFirst(2)
            return host == domain || host.hasSuffix("." + domain)
        }
        return host == pattern
    }
}

/// Every host rule of a configuration; the most specific pattern that matches a host wins.
public struct HostRules: Sendable, Equatable {
    /// The rules in file order.
    public var rules: [HostRule]

    /// Creates a rule set (empty: every host gets the defaults).
    public init(_ rules: [HostRule] = []) { self.rules = rules }

    /// The rule for `host`: an exact pattern beats a wildcard, a longer wildcard a shorter one.
    public func rule(forHost host: String) -> HostRule? {
        let host = host.lowercased()
        return rules.filter { $0.matches(host) }.max { specificity($0) < specificity($1) }
    }

    /// The rule for the host of an http(s) URL.
    public func rule(forURL url: String) -> HostRule? {
        guard let host = Self.host(of: url) else { return nil }
        return rule(forHost: host)
    }

    /// The lower-cased host of a URL, or nil.
    public static func host(of url: String) -> String? {
        URLAuthority(url)?.host
    }

    private func specificity(_ rule: HostRule) -> Int {
        rule.pattern.hasPrefix("*.") ? rule.pattern.count : 10_000 + rule.pattern.count
    }
}
