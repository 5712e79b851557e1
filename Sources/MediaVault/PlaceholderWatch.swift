import Fetcher
import Foundation
import PostScanner

/// Spots placeholder and junk images during one run: digests configured for a host, and the
/// same bytes answered for different URLs of one host (what a hotlink guard sends instead of
/// the image). Such bodies are refused, so the downloader tries the next Referer.
final class PlaceholderWatch: @unchecked Sendable {
    // @unchecked: `seen`, `crowded`, `firsts` and `confirmed` are guarded by `lock`.
    private let lock = NSLock()
    private let rules: HostRules
    /// host → a digest's first 64 bits → where `firsts` holds the digest and the URL (without
    /// query) that first answered it. Every new body of a run adds one: 16 bytes in memory, in
    /// `Shards.count` tables by the digest's top bits (each grows on its own).
    private var seen: [String: [[UInt64: Int]]] = [:]
    /// host → digest → URLs (without query) that answered it, for the few digests answered by
    /// more than one URL, or sharing their first 64 bits with another digest of the host.
    private var crowded: [String: [DigestKey: AnsweredURLs]] = [:]
    /// Each new body's digest and first URL, read back when a second URL answers it.
    private let firsts: SpillFile
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

    /// Creates a watch with the configured placeholder digests; `spill` keeps each new body's
    /// digest and first URL (a test may give one that cannot write).
    init(rules: HostRules, spill: SpillFile = SpillFile()) {
        self.rules = rules
        firsts = spill
    }

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
            let urls = answered(digest, sha256: sha256, by: key, host: host)
            if urls.count >= Self.junkThreshold {
                return .placeholder("\(host) answered the same bytes (\(sha256.prefix(12))) for \(urls.count) different URLs")
            }
            if urls.count == 2, let other = urls.other(than: key) {
                return .suspect("same bytes (\(sha256.prefix(12))) as \(other)")
            }
            return .accept
        }
    }

    /// Notes that `key` answered `digest` at `host` and returns every URL that did (under `lock`).
    private func answered(_ digest: DigestKey, sha256: String, by key: String, host: String) -> AnsweredURLs {
        if let urls = crowded[host]?[digest] {
            let more = urls.adding(key)
            crowded[host]![digest] = more
            return more
        }
        let short = digest.first64
        let shard = Shards.index(short)
        guard let offset = seen[host]?[shard][short] else {
            seen[host, default: Array(repeating: [:], count: Shards.count)][shard][short] = firsts.append(record: [sha256, key])
            return .one(key)
        }
        // A digest with these first 64 bits was answered before: the spill says which, and by whom.
        // Another digest sharing them (or a record that cannot be read) is judged as first seen,
        // and this digest kept exactly from now on.
        guard let stored = firsts.record(at: offset, width: 2), let first = stored[1], stored[0].map(DigestKey.init) == digest else {
            crowded[host, default: [:]][digest] = .one(key)
            return .one(key)
        }
        let urls = AnsweredURLs.one(first).adding(key)
        if urls.count > 1 { crowded[host, default: [:]][digest] = urls }
        return urls
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

    /// The digest's first 64 bits (of its text's hash, for a key that is not hex): what the watch
    /// keeps in memory per digest, and compares the whole digest only when it matches.
    var first64: UInt64 {
        switch self {
        case .bytes(let first, _, _, _): first
        case .text(let text): StableHash.fnv1a(text)
        }
    }

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
