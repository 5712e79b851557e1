import ArchiveStore
import Foundation

/// `mediavault verify` on an archive whose objects are not in a local folder (S3): the same
/// problem lines, summary and exit codes as the local `Verifier`, through `ObjectStorage` only.
/// Cheap phases first: catalog integrity, then one paginated LIST of `objects/` and `thumbs/`
/// diffed with the catalog (missing, wrong size, orphans, thumbnails); then, per object, what
/// the mode asks: nothing more (`fast`), the storage's own checksum compared with the name
/// (`checksums`: S3 HEAD with `x-amz-checksum-mode: ENABLED`, no download), or the bytes read
/// back and re-hashed (`readData`). Read-only.
public struct StorageVerifier: Sendable {
    /// How much each object costs to check.
    public enum Mode: Sendable, Equatable {
        /// The LIST diff only (presence and sizes).
        case fast
        /// One HEAD per object: the SHA-256 the storage kept from the PUT must equal the name.
        case checksums
        /// One GET per object, re-hashed here.
        case readData
    }

    /// The archive and catalog.
    public var target: ArchiveTarget
    /// How much to check.
    public var mode: Mode
    /// Requests in flight at once for HEAD/GET.
    public var connections = 8

    /// Creates a verifier.
    public init(target: ArchiveTarget, mode: Mode) {
        self.target = target
        self.mode = mode
    }

    /// Runs every phase, emitting `problem` lines and a summary; returns 0, or 4 on damage.
    public func run(output: some OutputSink) async -> Int32 {
        guard target.requireCatalog(output: output) else { return ExitStatus.fatal }
        let storage: any ObjectStorage
        let catalog: any CatalogStore
        do {
            storage = try target.openStorage(connections: connections)
            catalog = try target.catalog.openForReading()
        } catch {
            output.diagnose("error: cannot open \(target.displayName) for verify: \(error)")
            return ExitStatus.fatal
        }
        let inspection = inspect(storage: storage, catalog: catalog) { output.emit($0.record) }
        return Verifier.summarize(inspection, repair: "mediavault verify --repair --archive \(target.displayName) --catalog \(target.catalog)",
                                  output: output)
    }

    /// The phases, calling `report` for each problem as it is found. `verified` lists the
    /// objects whose digest was confirmed (by checksum or by re-hashing).
    public func inspect(storage: any ObjectStorage, catalog: any CatalogStore,
                        report: (Verifier.Problem) -> Void) -> Verifier.Inspection {
        var inspection = Verifier.Inspection()
        func add(_ kind: String, _ sha: String?, _ path: String?, _ detail: String) {
            let problem = Verifier.Problem(kind: kind, sha256: sha, path: path, detail: detail)
            inspection.problems.append(problem)
            report(problem)
        }
        let objects: [ObjectRecord]
        var listed: [String: Int64] = [:]
        var thumbnails: Set<String> = []
        do {
            for problem in try catalog.integrityProblems(quick: mode == .fast) { add("catalog", nil, "\(target.catalog)", problem) }
            objects = try catalog.allObjects()
            try storage.list(prefix: "objects/") { listed[$0.relativePath] = $0.size }
            try storage.list(prefix: "thumbs/") { thumbnails.insert($0.relativePath) }
        } catch {
            add("catalog", nil, nil, "cannot list \(storage.displayName) or read the catalog \(target.catalog): \(error)")
            return inspection
        }
        inspection.objects = objects.count
        var present: [ObjectRecord] = []
        for object in objects {
            let path = object.relativePath
            guard let size = listed.removeValue(forKey: path) else {
                add("missing", object.sha256, path, "the catalog names \(path) but \(storage.displayName) has no such object")
                continue
            }
            guard size == object.size else {
                add("corrupt", object.sha256, path, "\(path) has \(size) bytes, the catalog says \(object.size)")
                continue
            }
            if let thumbnail = object.thumbnail, !thumbnails.contains(thumbnail) {
                add("thumbnail", object.sha256, thumbnail, "the thumbnail \(thumbnail) is missing; `verify --repair` rebuilds it")
            }
            present.append(object)
        }
        for (path, _) in listed.sorted(by: { $0.key < $1.key }) {
            add("orphan", Verifier.hashName(of: path), path, "\(path) is in \(storage.displayName) but not in the catalog; `verify --repair` adopts it")
        }
        guard mode != .fast else {
            inspection.notHashed = present.count
            return inspection
        }
        for (object, outcome) in zip(present, checkAll(present, storage: storage)) {
            switch outcome {
            case .intact(let bytes):
                inspection.verified.append(object.sha256)
                inspection.hashedBytes += bytes
            case .problem(let kind, let detail):
                add(kind, object.sha256, object.relativePath, detail)
            }
        }
        return inspection
    }

    /// What checking one object found.
    enum Outcome: Sendable {
        /// The digest matches; bytes read to tell (0 for a checksum).
        case intact(Int64)
        /// A problem of this kind.
        case problem(String, String)
    }

    /// Checks every object on `connections` threads (requests wait on the network, not the CPU).
    private func checkAll(_ objects: [ObjectRecord], storage: any ObjectStorage) -> [Outcome] {
        let mode = self.mode
        return ThreadFanOut.map(objects.count, width: connections) { Self.check(objects[$0], storage: storage, mode: mode) }
    }

    /// One object: HEAD (its stored checksum) or GET (re-hashed).
    static func check(_ object: ObjectRecord, storage: any ObjectStorage, mode: Mode) -> Outcome {
        let path = object.relativePath
        do {
            if mode == .checksums {
                guard let info = try storage.check(relativePath: path) else {
                    return .problem("missing", "\(path) disappeared from \(storage.displayName) during the check")
                }
                if let kept = info.sha256 {
                    return kept == object.sha256 ? .intact(0)
                        : .problem("corrupt", "\(path): the storage's checksum is \(kept), not the name's digest")
                }
                // Stored without a checksum (another tool put it there): only its bytes can tell.
            }
            let hasher = SHA256Hasher()
            var size: Int64 = 0
            guard try storage.read(relativePath: path, into: { hasher.update($0); size += Int64($0.count) }) else {
                return .problem("missing", "\(path) disappeared from \(storage.displayName) during the check")
            }
            let digest = hasher.finalizeHex()
            return digest == object.sha256 ? .intact(size)
                : .problem("corrupt", "\(path) hashes to \(digest) (\(size) bytes): its bytes changed; `verify --repair` re-fetches it")
        } catch {
            return .problem("missing", "cannot check \(path): \(error)")
        }
    }
}
