import ArchiveStore
import Fetcher
import Foundation

/// `mediavault verify --repair`: finds what `verify` finds, then fixes what it can under the
/// archive lock — re-fetches missing or corrupt objects from their recorded URLs (the Referer
/// that worked first), moves corrupt files to `quarantine/`, rebuilds thumbnails, adopts
/// orphans whose content matches their name, removes `tmp/` leftovers and computes missing
/// perceptual hashes. What it cannot fix is reported; exit 4 while damage remains.
public struct Repairer: Sendable {
    /// The archive and its catalog.
    public var target: ArchiveTarget
    /// curl-style `--connect-to` entries for the re-fetches.
    public var connectTo: [String] = []
    /// A CA bundle to trust (`--cacert`).
    public var caCertificate: String?
    /// When made (SIGINT/SIGTERM), no further problem is looked for or fixed; the fix in flight finishes.
    public var stop: StopRequest?

    /// Creates a repairer for an archive.
    public init(archive: URL) { target = .local(archive) }

    /// Creates a repairer for an archive named on the command line (local or remote).
    public init(target: ArchiveTarget) { self.target = target }

    /// Repairs the archive; emits `repaired` lines for fixes, `problem` lines for what remains, and a summary.
    public func run(output: some OutputSink) async -> Int32 {
        stop?.observe()
        guard target.requireCatalog(output: output) else { return ExitStatus.fatal }
        let leftovers = target.localFolder.map { Verifier.files(under: $0.appendingPathComponent("tmp")) } ?? []
        let open: OpenArchive
        do {
            // Exclusive lock: no mirror may write while objects move; also migrates the catalog.
            open = try OpenArchive(target: target, thumbnails: true, output: output)
        } catch {
            output.diagnose("error: cannot open \(target.displayName) for repair: \(error)")
            return ExitStatus.fatal
        }
        var tally = RepairTally()
        for leftover in leftovers where Verifier.fileSize(open.store.tmpFolder.appendingPathComponent(leftover).path) == nil {
            tally.fixed(.init(kind: "tmp", sha256: nil, path: "tmp/" + leftover, detail: "removed unfinished download"), output)
        }
        // Every object re-hashed: a local folder by fan-out folder on all cores, a remote one by GET.
        let inspection: Verifier.Inspection
        if let folder = target.selfContainedFolder {
            var verifier = Verifier(archive: folder, depth: .readData)
            verifier.stop = stop
            inspection = await verifier.inspect { _ in }
        } else {
            inspection = StorageVerifier(target: target, mode: .readData).inspect(storage: open.store, catalog: open.catalog) { _ in }
        }
        let loop = TransferLoop(options: transferOptions)
        defer { loop.shutdown() }
        let fixer = RepairActions(open: open, downloader: Downloader(loop: loop))
        for (index, problem) in inspection.problems.enumerated() {
            if stop?.shouldStop() == true {
                tally.remaining.append(problem)  // not attempted: still a problem, printed as one
                output.emit(ProblemLine(problem))
                continue
            }
            // Past the stop check the fix is in flight: a signal now lets it finish.
            FaultPace.shared?.pause(inside: "repair \(index + 1) of \(inspection.problems.count)")
            switch await fixer.fix(problem) {
            case .fixed(let detail): tally.fixed(.init(kind: problem.kind, sha256: problem.sha256, path: problem.path, detail: detail), output)
            case .unfixed(let detail): tally.unfixed(.init(kind: problem.kind, sha256: problem.sha256, path: problem.path, detail: detail), output)
            }
        }
        let (thumbnails, hashedWithThumbnails) = stop?.isRequested == true ? (0, 0) : fixer.backfillThumbnails(output: output)
        let hashed = hashedWithThumbnails + (stop?.isRequested == true ? 0 : fixer.backfillPerceptualHashes(output: output))
        let damage = tally.remaining.filter(\.isDamage).count
        output.emit(RepairSummary(objects: inspection.objects, repaired: tally.repaired, unfixed: tally.remaining.count, damage: damage,
                                  thumbnails: thumbnails, perceptualHashes: hashed, interrupted: stop?.stopSignal))
        if let stop, let signal = stop.stopSignal, let status = stop.exitStatus {
            output.diagnose("stopped by \(signal.rawValue): \(tally.repaired) problem(s) repaired, \(tally.remaining.count) left; "
                            + "run `mediavault verify --repair` again to finish")
            return status
        }
        if damage > 0 {
            output.diagnose("\(damage) problem(s) could not be repaired; see the problem lines above (bytes moved aside are in \(target.displayName)\(target.displayName.hasSuffix("/") ? "" : "/")quarantine)")
        }
        return damage > 0 ? ExitStatus.damage : ExitStatus.success
    }

    private var transferOptions: TransferOptions {
        var options = TransferOptions()
        options.connectTo = connectTo
        options.caCertificate = caCertificate
        return options
    }
}

/// Counts and prints the outcome of each repair.
struct RepairTally {
    /// Problems fixed.
    var repaired = 0
    /// Problems left.
    var remaining: [Verifier.Problem] = []

    /// Prints a `repaired` line.
    mutating func fixed(_ problem: Verifier.Problem, _ output: some OutputSink) {
        repaired += 1
        output.emit(ProblemLine(problem, repaired: true))
    }

    /// Prints a `problem` line for what could not be fixed.
    mutating func unfixed(_ problem: Verifier.Problem, _ output: some OutputSink) {
        remaining.append(problem)
        output.emit(ProblemLine(problem))
    }
}
