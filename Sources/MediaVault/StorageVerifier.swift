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
        let problems = inspection.problems
        let damage = problems.filter(\.isDamage).count
        let repair = problems.isEmpty ? nil : "mediavault verify --repair --archive \(target.displayName) --catalog \(target.catalog)"
        output.emit(OutputRecord("summary", [
            "objects": .int(Int64(inspection.objects)), "hashed_bytes": .int(inspection.hashedBytes),
            "problems": .int(Int64(problems.count)), "damage": .int(Int64(damage)), "repair": .optional(repair),
            "hashed": .int(Int64(inspection.verified.count)), "not_hashed": .int(Int64(inspection.notHashed)),
        ]))
        if let repair {
            output.diagnose(damage > 0
                ? "\(damage) damaged object(s). Re-fetch them from their recorded URLs with: \(repair)"
                : "\(problems.count) notice(s), no damage. Clean them up with: \(repair)")
        }
        return damage > 0 ? ExitStatus.damage : ExitStatus.success
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
            for problem in try catalog.integrityProblems() { add("catalog", nil, "\(target.catalog)", problem) }
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
        let results = OutcomeSlots(count: objects.count)
        let next = OutcomeSlots.Counter()
        let group = DispatchGroup()
        let mode = self.mode
        for _ in 0..<max(1, min(connections, objects.count)) {
            DispatchQueue.global().async(group: group) {
                while let index = next.take(below: objects.count) {
                    results.set(index, Self.check(objects[index], storage: storage, mode: mode))
                }
            }
        }
        group.wait()
        return results.values
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

/// Results filled in by several threads, each at its own index.
final class OutcomeSlots: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var slots: [StorageVerifier.Outcome?]

    /// `count` empty slots.
    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Fills slot `index`.
    func set(_ index: Int, _ value: StorageVerifier.Outcome) { lock.withLock { slots[index] = value } }

    /// Every slot (all filled once the threads are done).
    var values: [StorageVerifier.Outcome] { lock.withLock { slots.map { $0 ?? .problem("missing", "not checked") } } }

    /// Hands out indexes 0, 1, 2, … to whichever thread asks next.
    final class Counter: @unchecked Sendable {
        // @unchecked: `value` is guarded by `lock`.
        private let lock = NSLock()
        private var value = 0

        /// The next index below `limit`, or nil when all are taken.
        func take(below limit: Int) -> Int? {
            lock.withLock {
                guard value < limit else { return nil }
                defer { value += 1 }
                return value
            }
        }
    }
}
