import ArchiveStore
import Fetcher
import Foundation
import PostScanner

/// `mediavault mirror`: scan the inputs, fetch every image not yet archived, store it, thumbnail
/// it and catalog it. Wires the scanner, the downloader and the store together.
public struct MirrorJob: Sendable {
    /// The run's settings.
    public var options: MirrorOptions

    /// Creates the job.
    public init(options: MirrorOptions) { self.options = options }

    /// Runs the job; returns the exit status (0, 2 fatal, 3 when some inputs or images failed).
    public func run(inputs: [String], output: some OutputSink) async -> Int32 {
        do {
            return try await runThrowing(inputs: inputs, output: output)
        } catch {
            output.diagnose("error: \(error)")
            return ExitStatus.fatal
        }
    }

    private func runThrowing(inputs: [String], output: some OutputSink) async throws -> Int32 {
        let config = try options.effectiveConfigFile.map(MirrorConfig.load) ?? MirrorConfig()
        var options = self.options
        options.defaultPolicy = options.defaultPolicy ?? config.defaultPolicy
        options.target = options.target.configured(by: config)
        let cookies = try options.cookieJar(config: config)
        let loop = TransferLoop(options: options.transferOptions(config: config))
        defer { loop.shutdown() }
        var archive: OpenArchive?
        var plain: PlainDownloads?
        if let folder = options.downloadOnly {
            plain = try PlainDownloads(folder: folder)
        } else if !options.dryRun {
            archive = try OpenArchive(target: options.target, thumbnails: options.thumbnails, thumbnailSize: options.thumbnailSize,
                                      lanes: max(options.jobs, 2), lockTimeout: options.lockTimeout,
                                      sharing: true, output: output)
        }
        // The catalog file is final when run returns (see Catalog.checkpoint), on every path out.
        defer { archive?.catalog.checkpoint() }
        let tally = Tally()
        options.stop?.observe()
        // What a person asked to forget is skipped before any request (and its bytes never stored).
        let tombstones = try archive?.catalog.tombstones() ?? Tombstones()
        archive?.forgotten = tombstones.objects
        archive?.selection = options.selection

        // Scan every input; record each post as soon as it is read.
        var work: [String: ImageWork] = [:]
        var order: [String] = []
        var scanned: [SourcedPost] = []  // kept only for --rewrite-to
        var unrecorded: [SourcedPost] = []  // posts are written to the catalog in batches
        let localFiles = LocalFilePolicy(allowOutsideRoot: options.allowOutsideRoot)
        // Into an archive, unchanged post files are not parsed again (see ScanMemo).
        let memo = archive.map { ScanMemo(catalog: $0.catalog, reuse: !options.recheck) }
        func recordScanned() throws {
            guard let archive else { return }
            try archive.record(unrecorded)
            unrecorded.removeAll()
            try memo?.flush()  // after the posts: a memo never names posts the catalog lacks
        }
        try await Stopped.catching { try await PostSource(loop: loop, maxPostBytes: options.maxPostBytes, cookies: cookies).scan(inputs, memo: memo, onPosts: { sourced in
            if options.rewriteTo != nil { scanned += sourced }
            for item in sourced {
                if tombstones.covers(postSource: item.source) {
                    for image in item.post.images { skip(image, in: item.post, reason: "forgotten", tally: tally, output: output) }
                    continue
                }
                if let reason = options.selection.reason(forPostDate: item.post.date) {
                    for image in item.post.images { skip(image, in: item.post, reason: reason, tally: tally, output: output) }
                    continue
                }
                if archive != nil, !item.remembered { unrecorded.append(item) }
                for image in item.post.images {
                    if let refusal = localFiles.refusal(image, post: item.post, inputRoot: item.inputRoot) {
                        tally.fail(refusal.reason)
                        output.emit(refusal.record(image, post: item.post))
                        continue
                    }
                    if let url = image.url, tombstones.urls.contains(url) {
                        skip(image, in: item.post, reason: "forgotten", tally: tally, output: output)
                        continue
                    }
                    if let url = image.url, let reason = options.selection.reason(forURL: url) {
                        skip(image, in: item.post, reason: reason, tally: tally, output: output)
                        continue
                    }
                    plan(image, in: item.post, origin: item.origin, policy: options.defaultPolicy, work: &work, order: &order, tally: tally, output: output)
                }
            }
            if unrecorded.count >= OpenArchive.postBatch { try recordScanned() }
            // Stopped while scanning: the posts read so far are recorded, the later inputs are not read.
            if options.stop?.shouldStop() == true { throw Stopped() }
        }, onError: { error in
            tally.add(\.failedInputs)
            output.diagnose("error: \(error)")
        }) }

        try recordScanned()
        if memo?.hadReadFailure == true { output.diagnose("notice: some post files were parsed again: the catalog could not say what they yielded last time") }
        let items = order.compactMap { work[$0] }
        if let archive {
            let context = try FetchContext(rules: config.hostRules, book: HostStrategyBook(catalog: archive.catalog),
                                           watch: PlaceholderWatch(rules: config.hostRules),
                                           validators: options.recheck ? archive.catalog.validators().mapValues {
                                               Validators(etag: $0.etag, lastModified: $0.lastModified) } : [:])
            let archived = options.recheck ? [] : try archive.catalog.archived(among: items.map(\.url))
            let pending = items.filter { item in
                guard archived.contains(item.url), !options.recheck else { return true }
                tally.add(\.skipped)
                output.emit(Self.record(.skipped, item, reason: "archived"))
                return false
            }
            let progress = options.progress ? ProgressLine() : nil
            progress?.expect(pending.count)
            let mode = try WorkModes.choose(for: archive, lease: options.lease, recheck: options.recheck, output: output)
            let run = FetchRun(destination: archive, downloader: makeDownloader(loop: loop, gate: mode.gate(rules: config.hostRules), cookies: cookies),
                               context: context, tally: tally, output: output, progress: progress, stop: options.stop)
            // Finished downloads wait for their batch to become durable: they are kept beside, not
            // instead of, the transfers that keep libcurl busy.
            try await mode.fetch(pending, run: run, archive: archive, inFlight: max(options.jobs, 1) * 2 + archive.store.batchObjects)
            await run.repairPlaceholders(items)
            archive.rows.flush()
            run.reportUncatalogued(items, archive: archive)
            progress?.finish()
        } else if let plain {
            // No catalog: strategies are learned for this run only, nothing is re-checked.
            let context = try FetchContext(rules: config.hostRules, book: HostStrategyBook(catalog: nil),
                                           watch: PlaceholderWatch(rules: config.hostRules), validators: [:])
            let progress = options.progress ? ProgressLine() : nil
            progress?.expect(items.count)
            let run = FetchRun(destination: plain, downloader: makeDownloader(loop: loop, gate: LocalList().gate(rules: config.hostRules), cookies: cookies),
                               context: context, tally: tally, output: output, progress: progress, stop: options.stop)
            await run.fetchAll(items, inFlight: max(options.jobs, 1) * 2)
            await run.repairPlaceholders(items)
            plain.finish()
            progress?.finish()
        } else {
            for item in items { output.emit(Self.record(.planned, item, reason: nil)) }
        }
        if let signal = options.stop?.signal {
            // Stopped: what was fetched is committed and catalogued above; nothing new starts.
            let name = StopSignal(number: signal)?.rawValue ?? "signal \(signal)"
            output.emit(tally.summary(interrupted: StopSignal(number: signal), historyNotRecorded: archive?.history.lostRecords ?? 0))
            output.diagnose(tally.stoppedLine(signal: name))
            return options.stop?.exitStatus ?? ExitStatus.fatal
        }
        if let folder = options.rewriteTo, let archive {
            // A detected site becomes a full localized copy (from a local archive); posts of other
            // inputs are rewritten alone.
            let sites = options.archive == nil ? [] : SiteCopy.siteRoots(inputs)
            if options.archive == nil, !SiteCopy.siteRoots(inputs).isEmpty {
                output.diagnose("notice: a full site copy needs a local archive; the posts of \(options.target.displayName) are rewritten one by one under \(folder.path)")
            }
            for site in sites where await !SiteCopy.write(site, to: folder, archive: options.archive!, output: output) { tally.add(\.failedInputs) }
            let siteFolders = Set(sites.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
            let posts = scanned.filter { !siteFolders.contains(URL(fileURLWithPath: $0.inputRoot ?? "").standardizedFileURL.path) }
            for _ in 0..<PostRewriter(store: archive.store, catalog: archive.catalog, destination: folder).rewrite(posts, output: output) { tally.add(\.failedInputs) }
        }
        output.emit(tally.summary(historyNotRecorded: archive?.history.lostRecords ?? 0))
        if tally.failed > 0 {
            output.diagnose("\(tally.failed) image(s) failed: \(tally.reasonsLine()); run the same command again to retry them")
        }
        return tally.failed > 0 || tally.failedInputs > 0 ? ExitStatus.partialFailure : ExitStatus.success
    }

    /// A downloader whose requests wait at `gate` (the hosts' concurrency and interval rules).
    private func makeDownloader(loop: TransferLoop, gate: (any RequestGate)?, cookies: CookieJar) -> Downloader {
        var downloader = Downloader(loop: loop)
        downloader.cookies = cookies
        downloader.gate = gate
        downloader.sizes = options.selection.sizes
        return downloader
    }

    /// Reports an image left out on purpose as skipped: a forgotten post or URL, a filter.
    private func skip(_ image: ImageRef, in post: ScannedPost, reason: String, tally: Tally, output: some OutputSink) {
        guard let url = image.url, !image.isPlaceholder else { return }
        tally.add(\.skipped)
        output.emit(Self.record(.skipped, ImageWork(url: url, page: post.url, policy: .defaultPolicy, posts: [post.path]), reason: reason))
    }

    /// Adds one image occurrence to the plan: distinct URLs are fetched once.
    private func plan(_ image: ImageRef, in post: ScannedPost, origin: DocumentOrigin, policy defaultPolicy: ReferrerPolicy?,
                      work: inout [String: ImageWork], order: inout [String], tally: Tally, output: some OutputSink) {
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
        if work[url] != nil {
            work[url]?.posts.append(post.path)
            return
        }
        let policy = image.referrerPolicy.flatMap(ReferrerPolicy.parse)
            ?? post.metaReferrerPolicy.flatMap(ReferrerPolicy.parse)
            ?? defaultPolicy ?? ReferrerPolicy.defaultPolicy
        work[url] = ImageWork(url: url, page: post.url, policy: policy, posts: [post.path])
        order.append(url)
    }

    /// A `skipped`/`planned` line without fetch details.
    static func record(_ kind: ImageLine.Kind, _ item: ImageWork, reason: String?) -> ImageLine {
        ImageLine(kind, item, reason: reason)
    }
}
