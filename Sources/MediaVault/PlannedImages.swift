import ArchiveStore
import Fetcher
import Foundation

/// The distinct image URLs one run has planned, kept small: 16 bytes per URL in memory (to hand
/// each over once) and its `ImageWork` on disk (for the end-of-run steps, which need a few of
/// them by URL: the placeholder repair and the uncatalogued report).
///
/// A URL is known by the first 128 bits of its SHA-256. Two distinct URLs of one run share
/// them with a probability of about n²/2¹²⁹ (1.5 × 10⁻²¹ for a billion URLs), and because
/// SHA-256 resists collisions, a post cannot be crafted to name a URL that hides another one
/// (that would take about 2⁶⁴ hashes). Were it ever to happen, the second URL would not be
/// fetched in this run; nothing else would be harmed.
///
/// Used by one task at a time: the scan while it plans, then the job at the end of the run.
final class PlannedImages {
    private let hasher = SHA256Hasher()
    /// The fingerprints, in `Shards.count` sets by their top bits: each set grows (and holds its
    /// old table beside the new one while it does) on its own, so the run's peak is not 1.5x.
    private var known = [Set<URLFingerprint>](repeating: [], count: Shards.count)
    /// Where the `ImageWork`s go; nil when nothing will look them up (a dry run fetches nothing,
    /// so it has no placeholder repair and no uncatalogued report).
    private let journal: PlanJournal?

    /// An empty plan; `journal` is where the `ImageWork`s go (a test may give one that cannot write).
    init(journal: PlanJournal?) { self.journal = journal }

    /// How many distinct URLs were planned.
    var count: Int { known.reduce(0) { $0 + $1.count } }

    /// Whether `url` was planned in this run.
    func contains(_ url: String) -> Bool {
        let print = fingerprint(url)
        return known[Shards.index(print.high)].contains(print)
    }

    /// Notes `url` as planned; false when it already was (the caller then drops the occurrence).
    func insert(_ url: String) -> Bool {
        let print = fingerprint(url)
        return known[Shards.index(print.high)].insert(print).inserted
    }

    /// Writes down what fetching `item` takes (its URL was just inserted), for `lookup`.
    func remember(_ item: ImageWork) { journal?.append(item) }

    /// The planned images among `urls`, by URL (a URL this run did not plan is absent). Reads
    /// the journal once: meant for the few URLs of a repair or a report, not per image.
    func lookup(_ urls: some Sequence<String>) -> [String: ImageWork] {
        let wanted = Set(urls.filter(contains))
        guard let journal, !wanted.isEmpty else { return [:] }
        return journal.read(wanted)
    }

    private func fingerprint(_ url: String) -> URLFingerprint {
        var url = url
        let (high, low) = url.withUTF8 { hasher.prefix128(of: UnsafeRawBufferPointer($0)) }
        return URLFingerprint(high: high, low: low)
    }
}

/// How the run's big hash tables (the planned URLs, the placeholder watch's digests) are split:
/// a Swift `Set` or `Dictionary` that grows allocates its doubled table before it frees the old
/// one, so one table of a million 16-byte entries peaks at ~50 MB while it grows; split in 64
/// by the key's top bits, the parts grow one at a time and the peak stays at ~34 MB.
enum Shards {
    /// How many parts.
    static let count = 64

    /// The part of a key whose top bits (uniform: a hash's) are those of `word`.
    static func index(_ word: UInt64) -> Int { Int(word >> 58) }
}

/// The first 128 bits of a URL's SHA-256 (see `PlannedImages` for why they suffice).
struct URLFingerprint: Hashable {
    let high: UInt64
    let low: UInt64
}

/// The `ImageWork` of every planned URL, six texts each in a `SpillFile` (the URL, the page
/// or none, the policy, the first post, the fallback or none, the original or none), read back
/// only when the end of the run needs some.
final class PlanJournal {
    private let spill: SpillFile

    /// A journal whose file will be in `folder`, by default the temporary folder (`TMPDIR`).
    init(folder: String = FileManager.default.temporaryDirectory.path) { spill = SpillFile(folder: folder) }

    /// Whether the records stay in memory (no file could be made or written).
    var inMemory: Bool { spill.inMemory }

    /// Adds one record.
    func append(_ item: ImageWork) {
        spill.append(record: [item.url, item.page, item.policy.rawValue, item.post, item.fallback, item.original])
    }

    /// The records whose URL is in `urls` (the first of each URL). A read error ends the look-up
    /// early: a URL not found is then fetched by the next run (as an earlier run's URL is), and
    /// an uncatalogued one is reported without its post.
    func read(_ urls: Set<String>) -> [String: ImageWork] {
        var found: [String: ImageWork] = [:]
        spill.scanRecords(width: 6) { fields in
            guard let url = fields[0], urls.contains(url), found[url] == nil else { return }
            found[url] = ImageWork(url: url, page: fields[1], policy: fields[2].flatMap(ReferrerPolicy.init(rawValue:)) ?? .defaultPolicy,
                                   post: fields[3], fallback: fields[4], original: fields[5])
        }
        return found
    }
}
