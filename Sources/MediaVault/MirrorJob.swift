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
        let loop = TransferLoop(options: options.transferOptions(config: config))
        defer { loop.shutdown() }
        var archive: OpenArchive?
        var plain: PlainDownloads?
        if let folder = options.downloadOnly {
            plain = try PlainDownloads(folder: folder)
        } else if !options.dryRun {
            archive = try OpenArchive(root: options.archive, thumbnails: options.thumbnails, thumbnailSize: options.thumbnailSize,
                                      lanes: max(options.jobs, 2), output: output)
        }
        let tally = Tally()

        // Scan every input; record each post as soon as it is read.
        var work: [String: ImageWork] = [:]
        var order: [String] = []
        var scanned: [SourcedPost] = []  // kept only for --rewrite-to
        let localFiles = LocalFilePolicy(allowOutsideRoot: options.allowOutsideRoot)
        try await PostSource(loop: loop, maxPostBytes: options.maxPostBytes).scan(inputs, onPosts: { sourced in
            if options.rewriteTo != nil { scanned += sourced }
            for item in sourced {
                try archive?.record(item)
                for image in item.post.images {
                    if let refusal = localFiles.refusal(image, post: item.post, inputRoot: item.inputRoot) {
                        tally.fail(refusal.reason)
                        output.emit(refusal.record(image, post: item.post))
                        continue
                    }
                    plan(image, in: item.post, policy: options.defaultPolicy, work: &work, order: &order, tally: tally, output: output)
                }
            }
        }, onError: { error in
            tally.add(\.failedInputs)
            output.diagnose("error: \(error)")
        })

        let items = order.compactMap { work[$0] }
        if let archive {
            let context = try FetchContext(rules: config.hostRules, book: HostStrategyBook(catalog: archive.catalog),
                                           watch: PlaceholderWatch(rules: config.hostRules),
                                           validators: options.recheck ? archive.catalog.validators().mapValues {
                                               Validators(etag: $0.etag, lastModified: $0.lastModified) } : [:])
            let archived = try archive.catalog.archivedURLs()
            let pending = items.filter { item in
                guard archived.contains(item.url), !options.recheck else { return true }
                tally.add(\.skipped)
                output.emit(Self.record("skipped", item, reason: "archived"))
                return false
            }
            let progress = options.progress ? ProgressLine() : nil
            progress?.expect(pending.count)
            let run = FetchRun(destination: archive, downloader: makeDownloader(loop: loop, rules: config.hostRules),
                               context: context, tally: tally, output: output, progress: progress)
            await run.fetchAll(pending, inFlight: max(options.jobs, 1) * 2)
            archive.rows.flush()
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
            let run = FetchRun(destination: plain, downloader: makeDownloader(loop: loop, rules: config.hostRules),
                               context: context, tally: tally, output: output, progress: progress)
            await run.fetchAll(items, inFlight: max(options.jobs, 1) * 2)
            await run.repairPlaceholders(items)
            plain.finish()
            progress?.finish()
        } else {
            for item in items { output.emit(Self.record("planned", item, reason: nil)) }
        }
        if let folder = options.rewriteTo, let archive {
            // A detected site becomes a full localized copy; posts of other inputs are rewritten alone.
            let sites = SiteCopy.siteRoots(inputs)
            for site in sites where await !SiteCopy.write(site, to: folder, archive: options.archive, output: output) { tally.add(\.failedInputs) }
            let siteFolders = Set(sites.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
            let posts = scanned.filter { !siteFolders.contains(URL(fileURLWithPath: $0.inputRoot ?? "").standardizedFileURL.path) }
            for _ in 0..<PostRewriter(store: archive.store, catalog: archive.catalog, destination: folder).rewrite(posts, output: output) { tally.add(\.failedInputs) }
        }
        output.emit(tally.summary())
        if tally.failed > 0 {
            output.diagnose("\(tally.failed) image(s) failed: \(tally.reasonsLine()); run the same command again to retry them")
        }
        return tally.failed > 0 || tally.failedInputs > 0 ? ExitStatus.partialFailure : ExitStatus.success
    }

    /// A downloader that honours the hosts' concurrency and interval rules.
    private func makeDownloader(loop: TransferLoop, rules: HostRules) -> Downloader {
        var downloader = Downloader(loop: loop)
        if rules.rules.contains(where: { $0.concurrency != nil || $0.interval != nil }) {
            downloader.gate = HostGate { host in
                let rule = rules.rule(forHost: host)
                return (rule?.concurrency, rule?.interval)
            }
        }
        return downloader
    }

    /// Adds one image occurrence to the plan: distinct URLs are fetched once.
    private func plan(_ image: ImageRef, in post: ScannedPost, policy defaultPolicy: ReferrerPolicy?, work: inout [String: ImageWork], order: inout [String],
                      tally: Tally, output: some OutputSink) {
        guard let url = image.url else {
            tally.fail("unresolved")
            output.emit(OutputRecord("failed", [
                "url": .string(image.src), "post": .string(post.path), "sha256": .null, "status": .null,
                "referer": .null, "attempts": .int(0), "reason": .string("unresolved"),
                "message": .string("cannot resolve \(image.src): the post has no URL and the path is not a file"),
                "referers_tried": .array([]),
            ]))
            return
        }
        if image.isPlaceholder { return }  // a placeholder service's random picture is not the post's image
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

    /// A `fetched`/`skipped`/`failed`/`planned` line without fetch details.
    static func record(_ type: String, _ item: ImageWork, reason: String?) -> OutputRecord {
        OutputRecord(type, [
            "url": .string(item.url), "post": .string(item.posts[0]), "sha256": .null, "status": .null,
            "referer": .null, "attempts": .int(0), "reason": .optional(reason), "referers_tried": .array([]),
        ])
    }
}
