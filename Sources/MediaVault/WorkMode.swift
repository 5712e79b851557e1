import ArchiveStore
import Fetcher
import Foundation
import PostgresStore

/// How a `mirror` run divides its images, chosen once when the archive is open: alone, from
/// the list it scanned (`LocalList`), or with every other worker of the same catalog, from a
/// queue in PostgreSQL (`SharedQueue`). The rest of the run never asks which.
protocol WorkMode: Sendable {
    /// The gate requests wait at before they start, for hosts with concurrency or interval
    /// rules; nil when no rule asks for one.
    func gate(rules: HostRules) -> (any RequestGate)?

    /// Fetches, stores and catalogs the images the scan hands over (those not yet archived) as
    /// they come, keeping about `inFlight` of them going; every row is written when it returns.
    /// Returns once the scan finished `pending` and its images are done (the caller closes it).
    func fetch<Output: OutputSink>(_ pending: HandOff<ImageWork>, run: FetchRun<Output, OpenArchive>, archive: OpenArchive,
                                   inFlight: Int) async throws
}

/// One process, one list: today's `mirror` on a SQLite catalog.
struct LocalList: WorkMode {
    func gate(rules: HostRules) -> (any RequestGate)? {
        guard rules.rules.contains(where: { $0.concurrency != nil || $0.interval != nil }) else { return nil }
        return HostGate { host in
            let rule = rules.rule(forHost: host)
            return (rule?.concurrency, rule?.interval)
        }
    }

    func fetch<Output: OutputSink>(_ pending: HandOff<ImageWork>, run: FetchRun<Output, OpenArchive>, archive: OpenArchive,
                                   inFlight: Int) async throws {
        await run.fetchAll(from: pending, inFlight: inFlight)
        archive.rows.flush()
    }
}

/// The one place that picks a run's work mode.
enum WorkModes {
    /// A shared queue when the catalog is PostgreSQL (other workers may share the job), else the
    /// local list. `--recheck` asks again for URLs whose jobs are done, which a queue of
    /// one job per URL cannot hold: each worker then rechecks its own list.
    static func choose(for archive: OpenArchive, lease: Duration, recheck: Bool, output: some OutputSink) throws -> any WorkMode {
        guard let shared = archive.catalog as? PostgresCatalog, !recheck else { return LocalList() }
        return try SharedQueue(catalog: shared, lease: lease) { output.diagnose($0) }
    }
}

extension CatalogAddress {
    /// Whether workers may share this catalog's job (a PostgreSQL catalog), so an archive
    /// folder opened with it is shared too.
    var sharesWork: Bool {
        if case .postgres = self { return true }
        return false
    }
}
