import ArchiveStore
import Fetcher
import Foundation

/// ETag and Last-Modified of an archived URL, sent back when re-checking it.
struct Validators: Sendable {
    /// The `ETag` the server gave.
    var etag: String?
    /// The `Last-Modified` the server gave.
    var lastModified: String?
}

/// What one run knows beyond each image: host rules, learned strategies, placeholders seen,
/// and validators for conditional re-checks.
struct FetchContext: Sendable {
    /// Rules from the configuration file.
    let rules: HostRules
    /// Strategies learned per host.
    let book: HostStrategyBook
    /// Placeholder and junk detection state of the run.
    let watch: PlaceholderWatch
    /// Validators of archived URLs being re-checked (`--recheck`), by URL.
    let validators: [String: Validators]

    /// Referer strategies in the order to try: the configured one, else the learned one, then
    /// what the Referrer Policy says, then the usual fallback chain.
    func strategies(for item: ImageWork) -> [RefererStrategy] {
        let policy = RefererStrategy.policy(item.policy, page: item.page)
        var preferred: [RefererStrategy] = []
        let host = HostRules.host(of: item.url) ?? ""
        if let configured = rules.rule(forHost: host)?.referer?.strategy(page: item.page) {
            preferred.append(configured)  // configured rules beat learned ones
        } else if let name = book.strategy(forHost: host), let learned = RefererStrategy.named(name, page: item.page) {
            preferred.append(learned)
        }
        preferred.append(policy)
        return RefererStrategy.fallbackChain(preferred: preferred, imageURL: item.url, page: item.page)
    }

    /// Extra headers: the host rule's, plus If-None-Match / If-Modified-Since when re-checking.
    func headers(for item: ImageWork) -> [String] {
        var headers = rules.rule(forURL: item.url)?.headers ?? []
        if let validators = validators[item.url] {
            if let etag = validators.etag { headers.append("If-None-Match: \(etag)") }
            if let lastModified = validators.lastModified { headers.append("If-Modified-Since: \(lastModified)") }
        }
        return headers
    }
}

/// What the inspector of one image saw, to tell a placeholder from a duplicate afterwards.
final class InspectionLog: @unchecked Sendable {
    // @unchecked: both sets are guarded by `lock` (the inspector runs on the downloading task).
    private let lock = NSLock()
    private var suspects: Set<String> = []
    private var placeholders: Set<String> = []

    /// Notes a body refused as a suspect duplicate.
    func suspect(_ sha256: String) { lock.withLock { _ = suspects.insert(sha256) } }
    /// Notes a body refused as a placeholder.
    func placeholder(_ sha256: String) { lock.withLock { _ = placeholders.insert(sha256) } }
    /// Digests refused only as suspects.
    var suspectsOnly: Set<String> { lock.withLock { suspects.subtracting(placeholders) } }
    /// Whether anything was refused as a placeholder.
    var sawPlaceholder: Bool { lock.withLock { !placeholders.isEmpty } }
}
