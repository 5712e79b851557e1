import ArchiveStore
import Fetcher
import Foundation
import PostScanner

/// The scanning half of one `mirror` run: takes each file's posts as the scan yields them,
/// plans their images (one `ImageWork` per distinct URL, after the tombstone, selection,
/// local-file and archived checks) and hands the pending ones to the fetchers through a
/// bounded `HandOff`, batch by batch, while later posts are still being read. An image's
/// `ImageWork` is held only until its batch is handed over: what the run keeps per distinct
/// URL is a 16-byte fingerprint, and the `ImageWork` in a journal on disk (`PlannedImages`).
///
/// The order of writes is what keeps a crash harmless: a batch's posts (and then the scan
/// memo of their files) are committed to the catalog BEFORE any of its images is handed
/// over, so no object row can name a URL whose first post the catalog lacks; a URL met again
/// in a later post is never handed over twice, and that post's reference to it is recorded
/// with the post's own batch.
///
/// Used by one task at a time: the scan while it runs, then the job that reads `planned`.
final class MirrorPlanner<Output: OutputSink> {
    /// Images planned, not yet handed over, at which a batch is handed over whatever the fetchers do.
    static var stagedBatch: Int { 500 }
    /// The least time between two batches handed over early because the fetchers run short:
    /// a re-run with nothing to fetch then asks the catalog a few dozen times a second, not once a file.
    static var earliestGap: Duration { .milliseconds(20) }

    private let options: MirrorOptions
    private let archive: OpenArchive?
    private let memo: ScanMemo?
    private let tombstones: Tombstones
    private let tally: Tally
    private let output: Output
    private let localFiles: LocalFilePolicy
    private let progress: ProgressLine?
    /// Where pending images go to the fetchers.
    let handOff: HandOff<ImageWork>
    /// Handed over early when fewer than this many images wait (about what the fetchers hold in flight).
    private let lowWater: Int

    /// Every distinct URL planned (archived ones too), met again or looked up at the end of the run.
    let planned: PlannedImages
    /// The posts scanned, kept only for `--rewrite-to`.
    private(set) var scanned: [SourcedPost] = []
    private var unrecorded: [SourcedPost] = []
    /// Planned images not yet handed over (nor found archived).
    private var staged: [ImageWork] = []
    private var lastHandOver: ContinuousClock.Instant?

    /// A planner for one run; `archive` nil for `--dry-run` and `--download-only` (nothing recorded),
    /// `journal` nil for `--dry-run` (nothing looks the plan up).
    init(options: MirrorOptions, archive: OpenArchive?, memo: ScanMemo?, tombstones: Tombstones, tally: Tally, output: Output,
         progress: ProgressLine?, lowWater: Int, journal: PlanJournal?) {
        planned = PlannedImages(journal: journal)
        self.options = options
        self.archive = archive
        self.memo = memo
        self.tombstones = tombstones
        self.tally = tally
        self.output = output
        self.progress = progress
        self.lowWater = lowWater
        localFiles = LocalFilePolicy(allowOutsideRoot: options.allowOutsideRoot)
        handOff = HandOff(capacity: options.handOffBound)
    }

    /// Plans the posts of one file; hands a batch over when it is due; throws `Stopped` when a
    /// stop was requested (the posts read so far are planned, later inputs are not read).
    func take(_ sourced: [SourcedPost]) async throws {
        if options.rewriteTo != nil { scanned += sourced }
        for item in sourced { plan(item) }
        if isDue(afterNetworkInput: sourced.contains { $0.origin == .network }) { try await handOver() }
        if options.stop?.shouldStop() == true { throw Stopped() }
    }

    /// Hands over what is left and tells the fetchers that nothing more comes. Call after the
    /// scan, also after a stop (what was scanned is then counted as not started).
    func finish() async throws {
        try await handOver()
        handOff.finish()
        if memo?.hadReadFailure == true { output.diagnose("notice: some post files were parsed again: the catalog could not say what they yielded last time") }
    }

    /// Whether the staged images go now: a full batch; after a feed (its fetch took network
    /// time, and the next may too); or the fetchers running short, at most every `earliestGap`.
    private func isDue(afterNetworkInput: Bool) -> Bool {
        if unrecorded.count >= OpenArchive.postBatch || staged.count >= Self.stagedBatch { return true }
        guard !staged.isEmpty || !unrecorded.isEmpty else { return false }
        if afterNetworkInput { return true }
        guard handOff.count < lowWater else { return false }
        return lastHandOver.map { ContinuousClock.now - $0 >= Self.earliestGap } ?? true
    }

    /// Records the staged posts (then their files' memo), asks the catalog which staged URLs
    /// are archived, and hands the others over, waiting while the fetchers are far behind.
    private func handOver() async throws {
        lastHandOver = .now
        if let archive {
            try archive.record(unrecorded)
            unrecorded.removeAll()
            try memo?.flush()  // after the posts: a memo never names posts the catalog lacks
        }
        let items = staged
        staged.removeAll(keepingCapacity: true)
        guard !items.isEmpty else { return }
        let archived = options.recheck ? [] : try archive?.catalog.archived(among: items.map(\.url)) ?? []
        for item in items {
            if archived.contains(item.url) {
                tally.add(\.skipped)
                output.emit(MirrorJob.record(.skipped, item, reason: "archived"))
                continue
            }
            guard await handOff.send(item) else { throw HandOffClosed() }
        }
        progress?.expect(handOff.sentCount)
    }

    /// Plans the images of one post, or reports them skipped (a forgotten post, a date filter).
    private func plan(_ item: SourcedPost) {
        // What the scan noticed (front matter read line by line, a tag never closed) is said when
        // the post is read; a re-run that finds the file unchanged (its memo) stays quiet.
        if !item.remembered { output.diagnoseWarnings(of: item.post) }
        if tombstones.covers(postSource: item.source) {
            for image in item.post.images { skip(image, in: item.post, reason: "forgotten") }
            return
        }
        if let reason = options.selection.reason(forPostDate: item.post.date) {
            for image in item.post.images { skip(image, in: item.post, reason: reason) }
            return
        }
        if archive != nil, !item.remembered { unrecorded.append(item) }
        for image in item.post.images {
            if let refusal = localFiles.refusal(image, post: item.post, inputRoot: item.inputRoot) {
                tally.fail(refusal.reason)
                output.emit(refusal.record(image, post: item.post))
                continue
            }
            if let url = image.url, tombstones.urls.contains(url) {
                skip(image, in: item.post, reason: "forgotten")
                continue
            }
            if let url = image.url, let reason = options.selection.reason(forURL: url) {
                skip(image, in: item.post, reason: reason)
                continue
            }
            plan(image, in: item.post, origin: item.origin)
        }
    }

    /// Another URL of an image (its fallback, its original), unless the person left it out:
    /// forgotten, or on a host they excluded.
    private func wanted(_ other: String?) -> String? {
        guard let other, !tombstones.urls.contains(other), options.selection.reason(forURL: other) == nil else { return nil }
        return other
    }

    /// Reports an image left out on purpose as skipped: a forgotten post or URL, a filter.
    private func skip(_ image: ImageRef, in post: ScannedPost, reason: String) {
        guard let url = image.url, !image.isPlaceholder else { return }
        tally.add(\.skipped)
        output.emit(MirrorJob.record(.skipped, ImageWork(url: url, page: post.url, policy: .defaultPolicy, post: post.path), reason: reason))
    }

    /// Adds one image occurrence to the plan: distinct URLs are handed over once, whether the
    /// first is still staged, waiting, in flight or done.
    private func plan(_ image: ImageRef, in post: ScannedPost, origin: DocumentOrigin) {
        guard let url = image.url else {
            tally.fail("unresolved")
            var line = ImageLine(.failed, url: image.src, post: post.path, reason: "unresolved")
            line.message = "cannot resolve \(image.src): the post has no URL and the path is not a file"
            output.emit(line)
            return
        }
        if image.isPlaceholder { return }  // a placeholder service's random picture is not the post's image
        guard origin.allows(url) else {
            tally.fail(DocumentOrigin.refusalReason)
            var line = ImageLine(.failed, url: url, post: post.path, reason: DocumentOrigin.refusalReason)
            line.message = "refused \(image.src): \(post.path) came over the network, and a remote document may only name http(s) images, never a file of this machine; to archive local files, mirror a local copy of the post"
            output.emit(line)
            return
        }
        // Met again: its first post's batch hands it over (or found it archived); this post's
        // reference to it is recorded with the post.
        guard planned.insert(url) else { return }
        let policy = image.referrerPolicy.flatMap(ReferrerPolicy.parse)
            ?? post.metaReferrerPolicy.flatMap(ReferrerPolicy.parse)
            ?? options.defaultPolicy ?? ReferrerPolicy.defaultPolicy
        let original = options.originals ? image.original : nil
        let item = ImageWork(url: url, page: post.url, policy: policy, post: post.path, fallback: wanted(image.fallback),
                             original: wanted(original))
        planned.remember(item)
        staged.append(item)
    }
}

/// The fetchers ended the hand-off (they failed): the scan stops, and the run reports their error.
struct HandOffClosed: Error, CustomStringConvertible {
    /// What a person reads when it reaches them (only with the fetchers' own error beside it).
    var description: String { "the fetchers stopped taking images" }
}
