/// A W3C Referrer Policy (§3): how much of the post's URL an image request may reveal.
public enum ReferrerPolicy: String, Sendable, CaseIterable {
    /// Never send a `Referer`.
    case noReferrer = "no-referrer"
    /// The full URL, except from a potentially trustworthy page to an untrustworthy URL.
    case noReferrerWhenDowngrade = "no-referrer-when-downgrade"
    /// The full URL to the same origin, nothing elsewhere.
    case sameOrigin = "same-origin"
    /// Only the origin, everywhere.
    case origin = "origin"
    /// Only the origin, and nothing on a downgrade.
    case strictOrigin = "strict-origin"
    /// The full URL to the same origin, only the origin elsewhere.
    case originWhenCrossOrigin = "origin-when-cross-origin"
    /// As `originWhenCrossOrigin`, and nothing on a downgrade.
    case strictOriginWhenCrossOrigin = "strict-origin-when-cross-origin"
    /// The full URL everywhere, downgrades included.
    case unsafeURL = "unsafe-url"

    /// The policy when none is set (§3, "the default referrer policy" since 2020).
    public static let defaultPolicy: ReferrerPolicy = .strictOriginWhenCrossOrigin

    /// Longest full-URL referrer sent; a longer one is replaced by its origin (§8.3 step 6).
    public static let maximumReferrerLength = 4096

    /// Parses one policy token (an HTML `referrerpolicy` value): trimmed, ASCII case-insensitive; nil if empty or unknown.
    public static func parse(_ token: String) -> ReferrerPolicy? {
        let trimmed = token.drop { $0 == " " || $0 == "\t" }
        var end = trimmed.endIndex
        while end > trimmed.startIndex, trimmed[trimmed.index(before: end)] == " " || trimmed[trimmed.index(before: end)] == "\t" {
            end = trimmed.index(before: end)
        }
        return ReferrerPolicy(rawValue: trimmed[..<end].lowercased())
    }

    /// Parses `Referrer-Policy` header field values (§8.1): the last recognised comma-separated token wins; nil = none.
    ///
    /// Several header fields are passed joined with `,` (RFC 9110 §5.3 field combination).
    /// Unknown tokens are skipped so that a site can list a new policy followed by a fallback.
    public static func parseHeader(_ fieldValues: String) -> ReferrerPolicy? {
        fieldValues.split(separator: ",", omittingEmptySubsequences: true)
            .compactMap { parse(String($0)) }
            .last
    }

    /// The `Referer` value for a request to `target` made from a document at `source`; nil = send no header.
    ///
    /// W3C Referrer Policy §8.3 "Determine request's referrer" with `source` as the referrer URL.
    /// A nil, unparsable or non-http(s) source (a local file, `about:`, `data:`, `blob:`) yields no referrer;
    /// so does a non-http(s) target, which never carries HTTP headers.
    public func referrer(source: String?, target: String) -> String? {
        guard let source, let referrerURL = ReferrerURL(source), let current = ReferrerURL(target) else { return nil }
        let origin = referrerURL.originSerialization
        var full = referrerURL.serialized
        // §8.3 step 6: the limit is checked on the stripped URL, so fragment and userinfo do not count.
        if full.utf8.count > Self.maximumReferrerLength { full = origin }
        // §8.3 step 8; "downgrade" = trustworthy referrer, untrustworthy target (Secure Contexts §3).
        let isDowngrade = referrerURL.isPotentiallyTrustworthy && !current.isPotentiallyTrustworthy
        let isSameOrigin = referrerURL.isSameOrigin(as: current)
        switch self {
        case .noReferrer: return nil
        case .origin: return origin
        case .unsafeURL: return full
        case .strictOrigin: return isDowngrade ? nil : origin
        case .strictOriginWhenCrossOrigin: return isSameOrigin ? full : (isDowngrade ? nil : origin)
        case .sameOrigin: return isSameOrigin ? full : nil
        case .originWhenCrossOrigin: return isSameOrigin ? full : origin
        case .noReferrerWhenDowngrade: return isDowngrade ? nil : full
        }
    }
}
