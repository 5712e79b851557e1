import Fetcher
import Foundation

/// Spots placeholder and junk images during one run: digests configured for a host, and the
/// same bytes answered for different URLs of one host (what a hotlink guard sends instead of
/// the image). Such bodies are refused, so the downloader tries the next Referer.
final class PlaceholderWatch: @unchecked Sendable {
    // @unchecked: `seen` and `confirmed` are guarded by `lock`.
    private let lock = NSLock()
    private let rules: HostRules
    /// host → digest → URLs (without query) that answered it. Every new body of a run adds an
    /// entry, so it is kept small: the digest as 32 bytes in place, and a single URL (nearly every
    /// digest is answered once) without a set around it.
    private var seen: [String: [DigestKey: AnsweredURLs]] = [:]
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
            let digest = DigestKey(sha256)
            let urls = (seen[host]?[digest]).map { $0.adding(key) } ?? .one(key)
            seen[host, default: [:]][digest] = urls
            if urls.count >= Self.junkThreshold {
                return .placeholder("\(host) answered the same bytes (\(sha256.prefix(12))) for \(urls.count) different URLs")
            }
            if urls.count == 2, let other = urls.other(than: key) {
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

/// A SHA-256 digest as a dictionary key: its 32 bytes in place of 64 hex characters on the heap.
/// Anything that is not 64 hex digits (never, from the hasher) is kept as its text.
enum DigestKey: Hashable {
    case bytes(UInt64, UInt64, UInt64, UInt64)
    case text(String)

    /// The key of a digest in hex.
    init(_ hex: String) {
        let isHex = hex.utf8.count == 64 && hex.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
        }
        let words = isHex ? stride(from: 0, to: 64, by: 16).compactMap { UInt64(hex.dropFirst($0).prefix(16), radix: 16) } : []
        self = words.count == 4 ? .bytes(words[0], words[1], words[2], words[3]) : .text(hex)
    }
}

/// The distinct URLs (without query) that answered one digest of one host: nearly always one.
enum AnsweredURLs {
    case one(String)
    case several(Set<String>)

    /// How many distinct URLs.
    var count: Int {
        switch self {
        case .one: 1
        case .several(let urls): urls.count
        }
    }

    /// These and `url`.
    func adding(_ url: String) -> AnsweredURLs {
        switch self {
        case .one(let first): first == url ? self : .several([first, url])
        case .several(var urls): urls.insert(url).inserted ? .several(urls) : self
        }
    }

    /// One URL that is not `url`, if there is one.
    func other(than url: String) -> String? {
        switch self {
        case .one(let first): first == url ? nil : first
        case .several(let urls): urls.first { $0 != url }
        }
    }
}
