import Fetcher
import Foundation

/// Spots placeholder and junk images during one run: digests configured for a host, and the
/// same bytes answered for different URLs of one host (what a hotlink guard sends instead of
/// the image). Such bodies are refused, so the downloader tries the next Referer.
final class PlaceholderWatch: @unchecked Sendable {
    // @unchecked: `seen` and `confirmed` are guarded by `lock`.
    private let lock = NSLock()
    private let rules: HostRules
    /// host → digest → URLs (without query) that answered it.
    private var seen: [String: [String: Set<String>]] = [:]
    /// host → digests proven to be placeholders (another Referer gave other bytes).
    private var confirmed: [String: Set<String>] = [:]

    /// Identical bytes from this many distinct URLs of one host are junk whatever the Referer.
    static let junkThreshold = 3

    /// What the watch thinks of a body.
    enum Verdict: Equatable {
        /// Nothing known against it.
        case accept
        /// Configured, proven, or answered for too many URLs: never an object.
        case placeholder(String)
        /// Same bytes as one other URL of the host: try the other Referers first, accept if they agree.
        case suspect(String)
    }

    /// Creates a watch with the configured placeholder digests.
    init(rules: HostRules) { self.rules = rules }

    /// Judges a body with digest `sha256` received for image `url` of `host`.
    func judge(sha256: String, url: String, host: String) -> Verdict {
        if rules.rule(forHost: host)?.placeholders.contains(sha256) == true {
            return .placeholder("\(sha256.prefix(12)) is a configured placeholder of \(host)")
        }
        let key = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        return lock.withLock {
            if confirmed[host]?.contains(sha256) == true {
                return .placeholder("\(sha256.prefix(12)) is what \(host) sends to a refused Referer")
            }
            var urls = seen[host, default: [:]][sha256, default: []]
            urls.insert(key)
            seen[host, default: [:]][sha256] = urls
            if urls.count >= Self.junkThreshold {
                return .placeholder("\(host) answered the same bytes (\(sha256.prefix(12))) for \(urls.count) different URLs")
            }
            if urls.count == 2, let other = urls.first(where: { $0 != key }) {
                return .suspect("same bytes (\(sha256.prefix(12))) as \(other)")
            }
            return .accept
        }
    }

    /// Records that a host answered `sha256` to one Referer and a different image to another.
    func confirm(host: String, sha256: String) {
        lock.withLock { _ = confirmed[host, default: []].insert(sha256) }
    }

    /// Whether `sha256` is known to be a placeholder of `host`.
    func isPlaceholder(host: String, sha256: String) -> Bool {
        if rules.rule(forHost: host)?.placeholders.contains(sha256) == true { return true }
        return lock.withLock { confirmed[host]?.contains(sha256) == true }
    }

    /// Every (host, digest) proven to be a placeholder during the run, sorted, to repair the
    /// URLs of that host that got it first. Per host: the same bytes may be a real image
    /// elsewhere (another host may serve the very picture one host sends to strangers).
    func confirmedPlaceholders() -> [(host: String, sha256: String)] {
        lock.withLock {
            confirmed.flatMap { host, digests in digests.map { (host: host, sha256: $0) } }
                .sorted { ($0.host, $0.sha256) < ($1.host, $1.sha256) }
        }
    }
}
