import ArchiveStore
import Fetcher
import Foundation

/// Where fetched images go: the archive, or plain files (`mirror --download-only`).
protocol ImageDestination: Sendable {
    /// Fetches one image into the destination and returns its output line.
    func fetch(_ item: ImageWork, downloader: Downloader, context: FetchContext) async -> ImageLine
    /// Forgets what `host`'s URLs kept from bytes that proved to be its placeholder `sha256`
    /// (never another host's URLs, never an object another URL still needs); returns the
    /// forgotten URLs, to be fetched again.
    func forget(placeholder sha256: String, host: String) throws -> [String]
    /// Where the run's spill files go (see `SpillFile`): beside the downloads, on the disk sized
    /// for them, not in TMPDIR, which is often memory (tmpfs).
    var spillFolder: String { get }
}

/// The fetching half of one `mirror` run: many images in flight, results streamed out as they
/// come, then the repair of URLs that got a placeholder before it was recognised.
struct FetchRun<Output: OutputSink, Destination: ImageDestination>: Sendable {
    /// Where the images go.
    let destination: Destination
    /// The downloader (with the host gate, when rules ask for one).
    let downloader: Downloader
    /// Rules, learned strategies, placeholder watch, validators.
    let context: FetchContext
    /// Counters of the run.
    let tally: Tally
    /// Where lines go.
    let output: Output
    /// The terminal progress line, when stderr is a terminal.
    let progress: ProgressLine?
    /// When made, no new transfer starts (the ones in flight finish and are committed).
    var stop: StopRequest? = nil

    /// Fetches and stores the images handed over by the scan as they come, keeping `inFlight`
    /// of them going so libcurl never idles; returns when the scan finished and every image is
    /// done. Once a stop is requested, what still comes is counted as not started.
    func fetchAll(from source: HandOff<ImageWork>, inFlight: Int) async {
        await withTaskGroup(of: Void.self) { group in
            func startOne() async {
                if let stop, stop.isRequested {
                    while await source.next() != nil { tally.add(\.notStarted) }
                    return
                }
                guard let item = await source.next() else { return }
                group.addTask { _ = await fetchAndReport(item) }
            }
            for _ in 0..<inFlight { await startOne() }
            for await _ in group { await startOne() }
        }
    }

    /// Fetches and stores one image, counts and emits its line, and returns it.
    func fetchAndReport(_ item: ImageWork) async -> ImageLine {
        let record = await destination.fetch(item, downloader: downloader, context: context)
        report(record)
        return record
    }

    /// Reports again, as failed with reason `storage`, the images whose catalog rows could not be
    /// written after their `fetched` line went out (with their first post, when the run planned
    /// them). Call after the last flush.
    func reportUncatalogued(_ planned: PlannedImages, archive: OpenArchive) {
        let uncatalogued = archive.rows.takeUncatalogued()
        let byURL = planned.lookup(uncatalogued.map(\.url))
        for (url, message) in uncatalogued {
            tally.remove(\.fetched)
            tally.fail("storage")
            var line = ImageLine(.failed, url: url, post: byURL[url]?.post, reason: "storage")
            line.message = message
            output.emit(line)
        }
    }

    /// Counts and emits one result.
    private func report(_ line: ImageLine, replacing: Bool = false) {
        // Queued transfers the stop kept from beginning count as not started, like the items
        // never handed to the downloader, and print nothing.
        if line.reason == "not-started" { tally.add(\.notStarted); return }
        let failed = line.kind == .failed
        if replacing { tally.remove(\.fetched) }
        if failed { tally.fail(line.reason ?? "other") } else if line.kind == .fetched { tally.add(\.fetched) } else { tally.add(\.skipped) }
        if !replacing, let progress { progress.count(failed: failed, bytes: line.bytes ?? 0) }
        output.emit(line)
    }

    /// URLs accepted with bytes that later proved to be their host's placeholder (the host sent
    /// the same picture for other URLs and a real image to another Referer) are forgotten and
    /// fetched again with the placeholder now refused. Only that host's URLs: another host's
    /// URL with the same bytes keeps them, and so does the object. Earlier runs' URLs of the
    /// host are forgotten too, so the next run that sees them fetches them; those this run
    /// `planned` (looked up there: what fetching them takes) are fetched again now.
    /// Every placeholder is forgotten first, then the journal is read once for all their URLs.
    func repairPlaceholders(_ planned: PlannedImages) async {
        var forgotten: [(host: String, digest: String, urls: [String])] = []
        for (host, digest) in context.watch.confirmedPlaceholders() {
            do {
                let urls = try destination.forget(placeholder: digest, host: host)
                if !urls.isEmpty { forgotten.append((host, digest, urls)) }
            } catch {
                output.diagnose("error: cannot forget the placeholder \(digest) of \(host): \(error); run `mediavault verify`")
            }
        }
        guard !forgotten.isEmpty else { return }
        let byURL = planned.lookup(forgotten.flatMap(\.urls))
        for (host, digest, urls) in forgotten {
            output.diagnose("\(digest.prefix(12)) turned out to be a placeholder of \(host): fetching \(urls.count) URL(s) again")
            for url in urls {
                // Forgotten but not fetched again when stopping: the next run fetches it.
                guard let item = byURL[url], stop?.isRequested != true else { continue }
                var line = await destination.fetch(item, downloader: downloader, context: context)
                line.replaces = Digest(digest)
                report(line, replacing: true)
            }
        }
    }
}
