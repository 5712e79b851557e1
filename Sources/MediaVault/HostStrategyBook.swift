import ArchiveStore
import Fetcher
import Foundation

/// The Referer strategy that worked per host: loaded from the catalog's `host_strategy` at the
/// start of a run, updated as images succeed so later images of the same run benefit too.
final class HostStrategyBook: @unchecked Sendable {
    // @unchecked: `learned` is guarded by `lock`; the catalog is itself thread-safe.
    private let lock = NSLock()
    private var learned: [String: String]
    private let catalog: (any CatalogStore)?

    /// Strategies that can be rebuilt from their name for another image of the host.
    static let learnable: Set<String> = ["none", "origin", "page", "site"]

    /// Loads what the catalog remembers (nothing for a dry run).
    init(catalog: (any CatalogStore)?) throws {
        self.catalog = catalog
        learned = try catalog?.hostStrategies() ?? [:]
    }

    /// The strategy to start with for `host`, if one was learned.
    func strategy(forHost host: String) -> String? {
        lock.withLock { learned[host] }
    }

    /// Remembers that `strategy` gave an image of `host` after the first candidate did not.
    func learn(host: String, strategy: String) {
        guard Self.learnable.contains(strategy) else { return }
        let changed = lock.withLock {
            defer { learned[host] = strategy }
            return learned[host] != strategy
        }
        // A failure to remember costs one extra request next time, never an image: not fatal.
        if changed { try? catalog?.recordHostStrategy(host: host, strategy: strategy) }
    }
}
