import ArchiveStore
import Foundation

/// `mediavault prune`: finds the objects and thumbnails nothing references any more (no URL
/// maps to them, no earlier capture keeps them, or they were forgotten) and reports what
/// removing them would free; with `apply`, deletes their catalog rows and moves the files to
/// `quarantine/` (rows first: a crash in between leaves orphans, never a row without bytes).
public struct Pruner: Sendable {
    /// The archive and its catalog.
    public var target: ArchiveTarget
    /// Act (`--yes`); otherwise a dry run.
    public var apply: Bool
    /// Give up after waiting this many seconds for another process's archive lock; nil waits.
    public var lockTimeout: Double?
    /// When made (SIGINT/SIGTERM), no further batch is removed (a dry run lists no further
    /// object); the batch in flight is finished, rows and files both.
    public var stop: StopRequest?

    /// Objects whose rows are deleted (and files then moved) at once with `apply`.
    static let batch = 128

    /// Creates the job.
    public init(archive: URL, apply: Bool = false) {
        self.init(target: .local(archive), apply: apply)
    }

    /// Creates the job on an archive named on the command line (local or remote).
    public init(target: ArchiveTarget, apply: Bool = false) {
        self.target = target
        self.apply = apply
    }

    /// Emits one `pruned` line per file and a summary; returns 0, or 2 on errors.
    public func run(output: some OutputSink) -> Int32 {
        stop?.observe()
        guard target.requireCatalog(output: output) else { return ExitStatus.fatal }
        do {
            let lock = try target.lock(exclusive: apply, timeout: lockTimeout) {
                output.diagnose("waiting for another mediavault process to finish with \(target.displayName) …")
            }
            defer { withExtendedLifetime(lock) {} }
            let catalog = try target.catalog.openForWriting()
            let store = try target.openStorage(connections: 2)
            let candidates = try catalog.unreferencedObjects()
            var objects = 0, thumbnails = 0
            var bytes: Int64 = 0
            func report(_ relativePath: String, sha256: String, kind: PrunedKind) throws {
                let size = apply ? try store.quarantine(relativePath: relativePath)
                                 : (try store.check(relativePath: relativePath)?.size ?? 0)
                bytes += size
                if kind == .object { objects += 1 } else { thumbnails += 1 }
                output.emit(PrunedLine(kind: kind, sha256: Digest(sha256), path: relativePath, bytes: size, dryRun: !apply))
            }
            // In batches: a stop lets the batch in flight finish (its rows are gone, so its files
            // move too) and starts no other.
            for start in stride(from: 0, to: candidates.count, by: apply ? Self.batch : 1) {
                if stop?.shouldStop() == true { break }
                var batch = Array(candidates[start..<min(start + (apply ? Self.batch : 1), candidates.count)])
                if apply {
                    let deleted = try catalog.deleteUnreferencedObjects(batch.map(\.sha256))
                    batch = batch.filter { deleted.contains($0.sha256) }
                }
                for object in batch {
                    try report(object.relativePath, sha256: object.sha256, kind: .object)
                    if let thumbnail = object.thumbnail { try report(thumbnail, sha256: object.sha256, kind: .thumbnail) }
                }
            }
            // Thumbnails whose object is gone (an earlier removal) are garbage as well.
            let listed = Set(candidates.compactMap(\.thumbnail))
            var thumbnailFiles: [String] = []
            try store.list(prefix: "thumbs/") { thumbnailFiles.append($0.relativePath) }
            for path in thumbnailFiles where stop?.isRequested != true {
                guard let sha256 = Verifier.hashName(of: path), !listed.contains(path), try !catalog.hasObject(sha256: sha256) else { continue }
                try report(path, sha256: sha256, kind: .thumbnail)
            }
            output.emit(PruneSummary(objects: objects, thumbnails: thumbnails, bytes: bytes, dryRun: !apply, interrupted: stop?.stopSignal))
            if let stop, let signal = stop.stopSignal, let status = stop.exitStatus {
                output.diagnose("stopped by \(signal.rawValue): \(objects) object(s) and \(thumbnails) thumbnail(s) "
                                + (apply ? "moved to quarantine/ in \(target.displayName)" : "listed") + "; run the same command again for the rest")
                return status
            }
            let size = String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
            if objects + thumbnails == 0 {
                output.diagnose("nothing to prune: every object is referenced")
            } else if apply {
                output.diagnose("moved \(objects) object(s) and \(thumbnails) thumbnail(s) (\(size)) to \(store.displayName)\(store.displayName.hasSuffix("/") ? "" : "/")quarantine; "
                                + "delete that folder to free the space")
            } else {
                output.diagnose("would remove \(objects) object(s) and \(thumbnails) thumbnail(s), freeing \(size); "
                                + "run `mediavault prune --yes` to move them to quarantine/")
            }
            return ExitStatus.success
        } catch {
            output.diagnose("error: prune \(target.displayName): \(error)")
            return ExitStatus.fatal
        }
    }
}
