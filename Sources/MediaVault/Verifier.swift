import ArchiveStore
import Foundation

/// `mediavault verify`, modelled on restic's `check`: cheap phases first (catalog integrity,
/// presence and sizes, orphans, thumbnails present and decodable), then re-hashing every
/// object on all cores. It never writes to the archive; `verify --repair` (`Repairer`) does.
public struct Verifier: Sendable {
    /// How much of the data to read back.
    public enum Depth: Sendable, Equatable {
        /// Presence and sizes only (thumbnails: presence only).
        case fast
        /// Re-hash every object (the default).
        case readData
        /// Re-hash about this percentage of the objects, chosen at random.
        case subset(percent: Double)
        /// Re-hash slice `n` of `t` (1-based): the objects whose digest falls in it, the same
        /// ones on every run (restic's `--read-data-subset n/t`), so `t` runs cover everything.
        case slice(Int, of: Int)
        /// Re-hash the objects verified longest ago (never verified first) until the time is up.
        case timeBox(seconds: Double)

        /// Slices and time boxes record when each object was verified; the other depths never write.
        var isRolling: Bool {
            switch self {
            case .slice, .timeBox: true
            case .fast, .readData, .subset: false
            }
        }
    }

    /// One thing wrong with the archive.
    public struct Problem: Sendable, Equatable {
        /// `missing`, `corrupt`, `orphan`, `thumbnail`, `catalog` or `tmp`.
        public var kind: String
        /// The object concerned, when known.
        public var sha256: String?
        /// The file concerned, relative to the archive.
        public var path: String?
        /// What is wrong, for a person.
        public var detail: String

        /// The `problem` output line.
        public var record: OutputRecord { OutputRecord(ProblemLine(self)) }

        /// True for damage (exit 4): the archive lost or changed data.
        public var isDamage: Bool { Verifier.damageKinds.contains(kind) }
    }

    /// What the phases found.
    public struct Inspection: Sendable {
        /// Every problem, in the order found.
        public var problems: [Problem] = []
        /// Object rows in the catalog.
        public var objects: Int = 0
        /// Bytes re-hashed.
        public var hashedBytes: Int64 = 0
        /// Objects re-hashed and found intact (their verification time is recorded).
        public var verified: [String] = []
        /// Objects present but not re-hashed in this run (outside the subset, or out of time).
        public var notHashed = 0
    }

    /// The archive folder.
    public var archive: URL
    /// How much to read.
    public var depth: Depth
    /// When each object was last verified (for `.timeBox`); `run` reads it from the catalog.
    public var lastVerified: [String: String] = [:]
    /// When made (SIGINT/SIGTERM), no further fan-out folder is checked; the summary says so.
    public var stop: StopRequest?

    /// Creates a verifier.
    public init(archive: URL, depth: Depth = .readData) {
        self.archive = archive
        self.depth = depth
    }

    /// Problem kinds that are damage (exit 4); the others are notices.
    static let damageKinds: Set<String> = ["missing", "corrupt", "catalog"]

    /// Runs every phase, emitting `problem` lines and a summary; returns 0, or 4 on damage.
    public func run(output: some OutputSink) async -> Int32 {
        stop?.observe()
        let catalogFile = ArchiveLocation.catalogFile(in: archive)
        // A first mirror interrupted before its catalog existed leaves only objects/ and tmp/:
        // not damage, just files with no rows (notices), so that case is checked, not refused.
        let interruptedFirstRun = ["objects", "tmp"].contains {
            FileManager.default.fileExists(atPath: archive.appendingPathComponent($0).path)
        }
        guard FileManager.default.fileExists(atPath: catalogFile.path) || interruptedFirstRun else {
            ArchiveLocation.reportMissingCatalog(archive, output: output)
            return ExitStatus.fatal
        }
        var verifier = self
        if case .timeBox = depth { verifier.lastVerified = Self.readLastVerified(catalogFile, output: output) }
        let inspection = await verifier.inspect { output.emit($0.record) }
        // Only the rolling modes write (when each object was verified, in a table of its own):
        // a plain verify stays read-only, so it can check an archive on read-only media.
        if depth.isRolling { Self.recordVerified(inspection.verified, catalogFile, output: output) }
        return Self.summarize(inspection, repair: "mediavault verify --repair --archive \(archive.path)", stop: stop,
                              rolling: depth.isRolling, output: output)
    }

    /// Emits the summary line and the repair hint of an inspection; returns 0, or 4 on damage.
    /// Shared by the local and the storage verifier, so both print the same summary.
    static func summarize(_ inspection: Inspection, repair command: String, stop: StopRequest? = nil, rolling: Bool = false,
                          output: some OutputSink) -> Int32 {
        let problems = inspection.problems
        let damage = problems.filter(\.isDamage).count
        let repair = problems.isEmpty ? nil : command
        output.emit(VerifySummary(objects: inspection.objects, hashedBytes: inspection.hashedBytes, problems: problems.count, damage: damage,
                                  repair: repair, hashed: inspection.verified.count, notHashed: inspection.notHashed, interrupted: stop?.stopSignal))
        if let stop, let signal = stop.stopSignal, let status = stop.exitStatus {
            output.diagnose("stopped by \(signal.rawValue): \(inspection.objects) object(s) checked, \(inspection.verified.count) re-hashed intact, "
                            + "\(damage) damaged; the rest of the archive was not checked" + (rolling ? " (what was re-hashed is recorded)" : ""))
            return status
        }
        if let repair {
            output.diagnose(damage > 0
                ? "\(damage) damaged object(s). Re-fetch them from their recorded URLs with: \(repair)"
                : "\(problems.count) notice(s), no damage. Clean them up with: \(repair)")
        }
        return damage > 0 ? ExitStatus.damage : ExitStatus.success
    }

    /// Runs the phases, calling `report` for each problem as it is found (read-only). The archive
    /// is walked one fan-out folder (`objects/ab`) at a time, its rows read by primary key and
    /// its files by one directory listing, so memory holds about 1/256 of the objects and the
    /// cost per object stays flat up to millions; re-hashing runs on every core per chunk.
    public func inspect(report: (Problem) -> Void) async -> Inspection {
        var inspection = Inspection()
        func add(_ kind: String, _ sha: String?, _ path: String?, _ detail: String) {
            let problem = Problem(kind: kind, sha256: sha, path: path, detail: detail)
            inspection.problems.append(problem)
            report(problem)
        }
        var catalog: (any CatalogStore)?
        let catalogFile = ArchiveLocation.catalogFile(in: archive)
        if FileManager.default.fileExists(atPath: catalogFile.path) {
            do {
                let opened = try CatalogAddress.sqlite(catalogFile).openForReading()
                for problem in try opened.integrityProblems(quick: depth == .fast) { add("catalog", nil, "catalog.sqlite", problem) }
                catalog = opened
            } catch {
                add("catalog", nil, "catalog.sqlite", "\(error)")
                return inspection
            }
        }

        let objectsFolder = archive.appendingPathComponent("objects")
        let thumbnailer = Thumbnailer()
        var toHash: [ObjectEntry] = []
        var toHashBytes: Int64 = 0
        var timeBoxed: [ObjectEntry] = []  // .timeBox: every present object, hashed oldest-verified first at the end
        var present = 0, hashed = 0
        func rehashQueued() async {
            hashed += toHash.count
            let bad = await Self.rehash(toHash, archive: archive)
            for (object, detail) in bad { add("corrupt", object.sha256, object.relativePath, detail) }
            let corrupt = Set(bad.map(\.0.sha256))
            inspection.verified += toHash.map(\.sha256).filter { !corrupt.contains($0) }
            inspection.hashedBytes += toHashBytes
            toHash.removeAll(keepingCapacity: true)
            toHashBytes = 0
        }
        // Anything in objects/ that is not a fan-out folder has no row by construction.
        for entry in Self.entries(in: objectsFolder.path) where !Self.isFanOut(entry.name) {
            let names = entry.isFolder ? Self.files(under: objectsFolder.appendingPathComponent(entry.name)).map { entry.name + "/" + $0 } : [entry.name]
            for name in names { add("orphan", Self.hashName(of: name), "objects/" + name, Self.orphanDetail) }
        }
        for prefix in Self.fanOutNames {
            // Between fan-out folders: the one in flight is checked (and re-hashed) whole.
            if stop?.shouldStop() == true { break }
            let objects: [ObjectEntry]
            do { objects = try catalog?.objects(inFolder: prefix) ?? [] } catch {
                add("catalog", nil, "catalog.sqlite", "\(error)")
                return inspection
            }
            inspection.objects += objects.count  // per folder: a mirror may add rows meanwhile
            let folder = objectsFolder.path + "/" + prefix
            // Phase: every row has its file with the right size; every file has its row.
            var known = Set<String>(minimumCapacity: objects.count)
            for object in objects {
                let name = object.sha256 + "." + object.ext
                known.insert(name)
                guard let size = Self.fileSize(folder + "/" + name) else {
                    add("missing", object.sha256, object.relativePath, "the catalog lists this object but its file is gone")
                    continue
                }
                if size != object.size {
                    add("corrupt", object.sha256, object.relativePath, "size \(size) bytes, the catalog says \(object.size)")
                    continue
                }
                present += 1
                switch depth {
                case .fast: break
                case .readData: toHash.append(object); toHashBytes += object.size
                case .subset(let percent):
                    if Double.random(in: 0..<100) < percent { toHash.append(object); toHashBytes += object.size }
                case .slice(let n, let t):
                    if Self.slice(of: object.sha256, count: t) == n - 1 { toHash.append(object); toHashBytes += object.size }
                case .timeBox: timeBoxed.append(object)
                }
            }
            for entry in Self.entries(in: folder) where !known.contains(entry.name) {
                let names = entry.isFolder ? Self.files(under: URL(fileURLWithPath: folder + "/" + entry.name)).map { entry.name + "/" + $0 } : [entry.name]
                for name in names { add("orphan", Self.hashName(of: name), "objects/\(prefix)/" + name, Self.orphanDetail) }
            }
            // Phase: thumbnails present, and decodable unless --fast (a thumbnail is ~20 KB: cheap).
            for object in objects {
                guard let thumbnail = object.thumbnail else { continue }
                let file = archive.appendingPathComponent(thumbnail)
                if Self.fileSize(file.path) == nil {
                    add("thumbnail", object.sha256, thumbnail, "thumbnail missing (rebuildable from the object)")
                } else if depth != .fast {
                    do { try thumbnailer.checkDecodable(fileAt: file) } catch {
                        add("thumbnail", object.sha256, thumbnail, "thumbnail cannot be decoded (\(error.message)); rebuildable from the object")
                    }
                }
            }
            // Phase: re-hash, in chunks big enough to keep every core busy.
            if toHash.count >= 1024 || toHashBytes >= 256 << 20 { await rehashQueued() }
        }
        await rehashQueued()
        if case .timeBox(let seconds) = depth {
            // Never verified first (""), then oldest; equal times in digest order, so runs are
            // reproducible. This mode holds every present object's entry (the others stream).
            timeBoxed.sort { (lastVerified[$0.sha256] ?? "", $0.sha256) < (lastVerified[$1.sha256] ?? "", $1.sha256) }
            let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
            let batch = max(ProcessInfo.processInfo.activeProcessorCount, 1) * 4
            var next = 0
            // Whole batches (one object per core several times over); the first always runs.
            while next < timeBoxed.count, next == 0 || ContinuousClock.now < deadline, stop?.shouldStop() != true {
                let part = timeBoxed[next..<min(next + batch, timeBoxed.count)]
                toHash = Array(part)
                toHashBytes = part.reduce(Int64(0)) { $0 + $1.size }
                await rehashQueued()
                next += part.count
            }
        }
        inspection.notHashed = present - hashed
        for leftover in Self.files(under: archive.appendingPathComponent("tmp")) {
            add("tmp", nil, "tmp/" + leftover, "unfinished download left by an interrupted run (removed by verify --repair or the next mirror)")
        }
        return inspection
    }
}
