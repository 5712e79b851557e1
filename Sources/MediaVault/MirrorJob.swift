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
        options.originals = options.originals || config.originals
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

        // Scanning and fetching overlap: the planner records each batch of posts, then hands its
        // pending images to the fetchers while later posts are still being read (see MirrorPlanner).
        // Into an archive, unchanged post files are not parsed again (see ScanMemo).
        let memo = archive.map { ScanMemo(catalog: $0.catalog, reuse: !options.recheck) }
        let progress = options.progress ? ProgressLine() : nil
        let inFlight = max(options.jobs, 1) * 2 + (archive?.store.batchObjects ?? 0)
        // The run's spill files go where its destination keeps them (`spillFolder`). A dry run
        // has no destination and fetches nothing, so nothing would ever look its plan up: it
        // keeps no journal at all.
        let spillFolder = archive?.spillFolder ?? plain?.spillFolder
        let planner = MirrorPlanner(options: options, archive: archive, memo: memo, tombstones: tombstones, tally: tally, output: output,
                                    progress: progress, lowWater: inFlight, journal: spillFolder.map { PlanJournal(folder: $0) })
        let scan = PostSource(loop: loop, maxPostBytes: options.maxPostBytes, siteURL: options.siteURL, cookies: cookies)
        let scanAll: () async throws -> Void = {
            try await Stopped.catching {
                try await scan.scan(inputs, memo: memo, onPosts: { try await planner.take($0) }, onError: { error in
                    tally.add(\.failedInputs)
                    output.diagnose("error: \(error)")
                })
            }
            try await planner.finish()
        }
        let pending = planner.handOff
        if let archive {
            let context = try FetchContext(rules: config.hostRules, book: HostStrategyBook(catalog: archive.catalog),
                                           watch: PlaceholderWatch(rules: config.hostRules, spill: SpillFile(folder: archive.spillFolder)),
                                           validators: options.recheck ? archive.catalog.validators().mapValues {
                                               Validators(etag: $0.etag, lastModified: $0.lastModified) } : [:])
            let mode = try WorkModes.choose(for: archive, lease: options.lease, recheck: options.recheck, output: output)
            let run = FetchRun(destination: archive, downloader: makeDownloader(loop: loop, gate: mode.gate(rules: config.hostRules), cookies: cookies),
                               context: context, tally: tally, output: output, progress: progress, stop: options.stop)
            // Finished downloads wait for their batch to become durable: they are kept beside, not
            // instead of, the transfers that keep libcurl busy.
            try await Self.overlap(scanAll, pending: pending) { try await mode.fetch(pending, run: run, archive: archive, inFlight: inFlight) }
            // The end of the run looks up the few planned images it needs (see PlannedImages).
            await run.repairPlaceholders(planner.planned)
            archive.rows.flush()
            run.reportUncatalogued(planner.planned, archive: archive)
            progress?.finish()
        } else if let plain {
            // No catalog: strategies are learned for this run only, nothing is re-checked.
            let context = try FetchContext(rules: config.hostRules, book: HostStrategyBook(catalog: nil),
                                           watch: PlaceholderWatch(rules: config.hostRules, spill: SpillFile(folder: plain.spillFolder)), validators: [:])
            let run = FetchRun(destination: plain, downloader: makeDownloader(loop: loop, gate: LocalList().gate(rules: config.hostRules), cookies: cookies),
                               context: context, tally: tally, output: output, progress: progress, stop: options.stop)
            let plainInFlight = max(options.jobs, 1) * 2
            try await Self.overlap(scanAll, pending: pending) { await run.fetchAll(from: pending, inFlight: plainInFlight) }
            await run.repairPlaceholders(planner.planned)
            plain.finish()
            progress?.finish()
        } else {
            try await Self.overlap(scanAll, pending: pending) {
                while let item = await pending.next() { output.emit(Self.record(.planned, item, reason: nil)) }
            }
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
            let posts = planner.scanned.filter { !siteFolders.contains(URL(fileURLWithPath: $0.inputRoot ?? "").standardizedFileURL.path) }
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

    /// Runs the scan and the fetchers side by side over `pending`. The fetchers close it
    /// when they end (a scan waiting on a full hand-off is then released), the scan finishes
    /// it; a failure of either stops the other, and the fetchers' own error is the one reported.
    private static func overlap(_ scan: () async throws -> Void, pending: HandOff<ImageWork>,
                                fetch: @escaping @Sendable () async throws -> Void) async throws {
        async let fetched: Void = {
            defer { pending.close() }
            try await fetch()
        }()
        do {
            try await scan()
        } catch {
            pending.close()
            try await fetched
            throw error
        }
        try await fetched
    }

    /// A `skipped`/`planned` line without fetch details.
    static func record(_ kind: ImageLine.Kind, _ item: ImageWork, reason: String?) -> ImageLine {
        ImageLine(kind, item, reason: reason)
    }
}
