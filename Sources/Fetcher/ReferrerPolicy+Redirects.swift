/// The `Referer` across the hops of one request, re-evaluated on every redirect.
///
/// WHATWG Fetch "main fetch" sets request's referrer to the result of "determine request's
/// referrer" on every hop, so the value sent on one hop is the referrer source of the next:
/// after a cross-origin hop only the origin remains, after a hop with no referrer none comes back.
/// A redirect response's `Referrer-Policy` header changes the policy for the following hops
/// (W3C Referrer Policy §8.2 "Set request's referrer policy on redirect").
public struct ReferrerChain: Sendable {
    /// The policy applied to the next hop.
    public private(set) var policy: ReferrerPolicy
    /// The referrer source of the next hop; nil once a hop was sent without a referrer.
    public private(set) var source: String?

    /// Starts a chain for a request made by the document at `source` (nil = no referrer at all).
    public init(policy: ReferrerPolicy = .defaultPolicy, source: String?) {
        self.policy = policy
        self.source = source
    }

    /// Returns the `Referer` for the request to `url` (nil = no header) and remembers it for the next hop.
    public mutating func referer(for url: String) -> String? {
        let value = policy.referrer(source: source, target: url)
        source = value
        return value
    }

    /// Applies a redirect response's `Referrer-Policy` field values, if any recognised token is present.
    public mutating func redirected(referrerPolicyHeader: String?) {
        if let header = referrerPolicyHeader, let newPolicy = ReferrerPolicy.parseHeader(header) {
            policy = newPolicy
        }
    }
}

extension ReferrerPolicy {
    /// The `Referer` sent on each request of a redirect chain (`chain[0]` = first URL requested); nil = no header.
    ///
    /// `responsePolicies[i]`, when present, is the `Referrer-Policy` header of the redirect response
    /// to `chain[i]`; it applies from `chain[i + 1]` on.
    public func referrers(source: String?, chain: [String], responsePolicies: [String?] = []) -> [String?] {
        var state = ReferrerChain(policy: self, source: source)
        return chain.indices.map { index in
            if index > 0, index - 1 < responsePolicies.count {
                state.redirected(referrerPolicyHeader: responsePolicies[index - 1])
            }
            return state.referer(for: chain[index])
        }
    }
}
