import ArchiveStore
import Foundation

/// `mediavault migrate --from DIR --to s3://… --catalog …`: moves a local archive to another
/// storage and catalog. Bytes first, rows after (the archive's invariant holds at every
/// instant in the destination): every object and thumbnail is PUT with its SHA-256 checksum
/// (`If-None-Match: *`, so an object already there is skipped and an interrupted run resumes
/// where it stopped), then every catalog row is written through the destination catalog's own
/// upserts, then the destination is verified by its stored checksums. The source is only read
/// (under a shared lock, so no mirror writes it meanwhile).
public struct Migration: Sendable {
    /// The local archive folder to copy (with its `catalog.sqlite`).
    public var source: URL
    /// Where to copy it.
    public var destination: ArchiveTarget
    /// Uploads in flight at once.
    public var connections = 8

    /// Creates the job.
    public init(source: URL, destination: ArchiveTarget) {
        self.source = source.standardizedFileURL
        self.destination = destination
    }

    /// What the copy did.
    struct Counts {
        /// Objects written by this run.
        var copied = 0
        /// Objects the destination already had (an earlier, interrupted run).
        var present = 0
        /// Thumbnails written or already there.
        var thumbnails = 0
        /// Digests the catalog names that the source folder lacks (their rows are left out).
        var missing: [String] = []
        /// Bytes of the objects written by this run.
        var bytes: Int64 = 0
    }

    /// Copies, verifies and reports (`migrated` and `summary` lines); returns 0, 2 on errors,
    /// 3 when source objects were missing (their rows are left out), 4 when verify finds damage.
    public func run(output: some OutputSink) async -> Int32 {
        let catalogFile = ArchiveLocation.catalogFile(in: source)
        guard FileManager.default.fileExists(atPath: catalogFile.path) else {
            ArchiveLocation.reportMissingCatalog(source, output: output)
            return ExitStatus.fatal
        }
        do {
            let lock = try ArchiveLock(root: source, exclusive: false) {
                output.diagnose("waiting for the mirror writing \(source.path) to finish …")
            }
            defer { withExtendedLifetime(lock) {} }
            let dump = try Catalog(readingFile: catalogFile).dump()
            let from = try ObjectStore(root: source)
            let storage = try destination.openStorage(connections: connections)
            let catalog = try destination.catalog.openForWriting()
            let counts = copyFiles(dump, from: from, to: storage, output: output)
            let skipped = Set(counts.missing)
            try copyRows(dump, leaving: skipped, to: catalog)
            let verified = StorageVerifier(target: destination, mode: .checksums).inspect(storage: storage, catalog: catalog) { output.emit($0.record) }
            let damage = verified.problems.filter(\.isDamage).count
            output.emit(MigratedLine(from: source.path, to: destination.displayName, catalog: "\(destination.catalog)",
                                     objectsCopied: counts.copied, objectsPresent: counts.present, thumbnails: counts.thumbnails,
                                     bytes: counts.bytes, posts: dump.posts.count, missing: counts.missing))
            output.emit(MigrateSummary(objects: verified.objects, verified: verified.verified.count,
                                       problems: verified.problems.count, damage: damage))
            output.diagnose("copied \(counts.copied) object(s) (\(counts.present) already there) and \(counts.thumbnails) thumbnail(s), "
                            + "\(dump.posts.count) post(s) and their rows, from \(source.path) to \(destination.displayName) with the catalog \(destination.catalog); "
                            + "verified \(verified.verified.count) of \(verified.objects) object(s) by their stored checksums")
            if damage > 0 { return ExitStatus.damage }
            if !counts.missing.isEmpty {
                output.diagnose("\(counts.missing.count) object(s) named by the catalog are missing from \(source.path) and were left out; run `mediavault verify --repair --archive \(source.path)` and migrate again")
                return ExitStatus.partialFailure
            }
            return ExitStatus.success
        } catch {
            output.diagnose("error: migrate \(source.path) to \(destination.displayName): \(error); run the same command again to resume (copied objects are skipped)")
            return ExitStatus.fatal
        }
    }

    /// PUTs every object and thumbnail the catalog names, on `connections` threads.
    private func copyFiles(_ dump: CatalogDump, from: ObjectStore, to storage: any ObjectStorage, output: some OutputSink) -> Counts {
        var seen: Set<String> = []
        let objects = dump.objects.map(\.object).filter { seen.insert($0.sha256).inserted }
        let root = from.root
        let results = ThreadFanOut.map(objects.count, width: connections) { index in
            Result { try Self.copy(objects[index], root: root, to: storage) }
        }
        var counts = Counts()
        for (object, result) in zip(objects, results) {
            switch result {
            case .success(let copy):
                guard copy.present else { counts.missing.append(object.sha256); continue }
                if copy.new { counts.copied += 1; counts.bytes += object.size } else { counts.present += 1 }
                if copy.thumbnail { counts.thumbnails += 1 }
            case .failure(let error):
                output.diagnose("cannot copy \(object.relativePath): \(error)")
                counts.missing.append(object.sha256)
            }
        }
        return counts
    }

    /// One object and its thumbnail: whether the source had it, whether it was new there.
    static func copy(_ object: ObjectRecord, root: URL, to storage: any ObjectStorage) throws -> (present: Bool, new: Bool, thumbnail: Bool) {
        let file = root.appendingPathComponent(object.relativePath)
        guard FileManager.default.fileExists(atPath: file.path) else { return (false, false, false) }
        let new = try storage.put(file: file, relativePath: object.relativePath, sha256: object.sha256)
        var thumbnail = false
        if let relative = object.thumbnail {
            let thumbFile = root.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: thumbFile.path) {
                _ = try storage.put(file: thumbFile, relativePath: relative, sha256: SHA256Hasher.hash(fileAt: thumbFile).sha256)
                thumbnail = true
            }
        }
        return (true, new, thumbnail)
    }

    /// Every row, through the destination's own writes (idempotent upserts), after the bytes.
    private func copyRows(_ dump: CatalogDump, leaving missing: Set<String>, to catalog: any CatalogStore) throws {
        for start in stride(from: 0, to: dump.posts.count, by: OpenArchive.postBatch) {
            _ = try catalog.recordPosts(Array(dump.posts[start..<min(start + OpenArchive.postBatch, dump.posts.count)]))
        }
        let objects = dump.objects.filter { !missing.contains($0.object.sha256) }
        for start in stride(from: 0, to: objects.count, by: 500) {
            try catalog.recordObjects(Array(objects[start..<min(start + 500, objects.count)]))
        }
        for start in stride(from: 0, to: dump.fetches.count, by: 1000) {
            try catalog.recordFetches(Array(dump.fetches[start..<min(start + 1000, dump.fetches.count)]))
        }
        // History is appended: on a rerun, URLs that already have it are not given it twice.
        var done: [String: Bool] = [:]
        for observation in dump.history {
            if done[observation.url] == nil { done[observation.url] = try catalog.history(url: observation.url).isEmpty }
            if done[observation.url] == true { try catalog.recordObservation(observation) }
        }
        for (host, strategy) in dump.hostStrategies { try catalog.recordHostStrategy(host: host, strategy: strategy) }
        for (date, shas) in Dictionary(grouping: dump.lastVerified, by: \.value) {
            let when = (try? Date(date, strategy: .iso8601)) ?? Date()
            try catalog.recordVerified(shas.map(\.key), at: when)
        }
        for target in dump.tombstones { _ = try catalog.forget(target, dryRun: false) }
        catalog.checkpoint()
    }
}
