import ArchiveStore
import Foundation

/// `mediavault verify`, modelled on restic's `check`: cheap phases first (catalog integrity,
/// presence and sizes, orphans, thumbnails), then re-hashing every object on all cores.
/// It never writes to the archive.
public struct Verifier: Sendable {
    /// How much of the data to read back.
    public enum Depth: Sendable, Equatable {
        /// Presence and sizes only.
        case fast
        /// Re-hash every object (the default).
        case readData
        /// Re-hash about this percentage of the objects, chosen at random.
        case subset(percent: Double)
    }

    /// The archive folder.
    public var archive: URL
    /// How much to read.
    public var depth: Depth

    /// Creates a verifier.
    public init(archive: URL, depth: Depth = .readData) {
        self.archive = archive
        self.depth = depth
    }

    /// Problem kinds that are damage (exit 4); the others are notices.
    static let damageKinds: Set<String> = ["missing", "corrupt", "catalog"]

    /// Runs every phase, emitting `problem` lines and a summary; returns 0, or 4 on damage.
    public func run(output: some OutputSink) async -> Int32 {
        let catalogFile = ArchiveLocation.catalogFile(in: archive)
        guard FileManager.default.fileExists(atPath: catalogFile.path) else {
            output.diagnose("error: no archive at \(archive.path) (no catalog.sqlite); pass --archive or run `mediavault mirror` first")
            return ExitStatus.fatal
        }
        let objectsFolder = archive.appendingPathComponent("objects")
        var problems: [OutputRecord] = []
        func report(_ kind: String, _ sha: String?, _ path: String?, _ detail: String) {
            let record = OutputRecord("problem", ["kind": .string(kind), "sha256": .optional(sha),
                                                  "path": .optional(path), "detail": .string(detail)])
            problems.append(record)
            output.emit(record)
        }
        let objects: [ObjectRecord]
        do {
            let catalog = try Catalog(readingFile: catalogFile)
            for problem in try catalog.integrityProblems() { report("catalog", nil, "catalog.sqlite", problem) }
            objects = try catalog.allObjects()
        } catch {
            report("catalog", nil, "catalog.sqlite", "\(error)")
            return finish(problems: problems, objects: 0, hashedBytes: 0, output: output)
        }

        // Phase: every row has its file with the right size; every file has its row.
        var present: [ObjectRecord] = []
        for object in objects {
            let path = archive.appendingPathComponent(object.relativePath).path
            guard let size = Self.fileSize(path) else {
                report("missing", object.sha256, object.relativePath, "the catalog lists this object but its file is gone")
                continue
            }
            if size != object.size {
                report("corrupt", object.sha256, object.relativePath, "size \(size) bytes, the catalog says \(object.size)")
                continue
            }
            present.append(object)
            if let thumbnail = object.thumbnail, Self.fileSize(archive.appendingPathComponent(thumbnail).path) == nil {
                report("thumbnail", object.sha256, thumbnail, "thumbnail missing (rebuildable from the object)")
            }
        }
        let known = Set(objects.map(\.relativePath))
        for file in Self.files(under: objectsFolder) {
            let relative = "objects/" + file
            if !known.contains(relative) {
                report("orphan", Self.hashName(of: file), relative, "file with no catalog row (a re-run of mirror adopts it)")
            }
        }
        for leftover in Self.files(under: archive.appendingPathComponent("tmp")) {
            report("tmp", nil, "tmp/" + leftover, "unfinished download left by an interrupted run (removed by the next mirror)")
        }

        // Phase: re-hash.
        let toHash: [ObjectRecord]
        switch depth {
        case .fast: toHash = []
        case .readData: toHash = present
        case .subset(let percent): toHash = present.filter { _ in Double.random(in: 0..<100) < percent }
        }
        let mismatches = await Self.rehash(toHash, archive: archive)
        for (object, actual) in mismatches {
            report("corrupt", object.sha256, object.relativePath,
                   actual.map { "content hashes to \($0)" } ?? "cannot be read")
        }
        let hashed = toHash.reduce(Int64(0)) { $0 + $1.size }
        return finish(problems: problems, objects: objects.count, hashedBytes: hashed, output: output)
    }

    private func finish(problems: [OutputRecord], objects: Int, hashedBytes: Int64, output: some OutputSink) -> Int32 {
        let damage = problems.filter { Self.damageKinds.contains($0.string("kind") ?? "") }.count
        let repair = damage > 0 ? "mediavault mirror <the same posts> --archive \(archive.path)" : nil
        output.emit(OutputRecord("summary", [
            "objects": .int(Int64(objects)), "hashed_bytes": .int(hashedBytes), "problems": .int(Int64(problems.count)),
            "damage": .int(Int64(damage)), "repair": .optional(repair),
        ]))
        if let repair {
            output.diagnose("\(damage) damaged object(s). Re-fetch them with: \(repair)")
        }
        return damage > 0 ? ExitStatus.damage : ExitStatus.success
    }

    /// Re-hashes objects on every core; returns those whose content does not match (nil: unreadable).
    static func rehash(_ objects: [ObjectRecord], archive: URL) async -> [(ObjectRecord, String?)] {
        let workers = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        return await withTaskGroup(of: [(ObjectRecord, String?)].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var bad: [(ObjectRecord, String?)] = []
                    for index in stride(from: worker, to: objects.count, by: workers) {
                        let object = objects[index]
                        let hash = try? SHA256Hasher.hash(fileAt: archive.appendingPathComponent(object.relativePath)).sha256
                        if hash != object.sha256 { bad.append((object, hash)) }
                    }
                    return bad
                }
            }
            var all: [(ObjectRecord, String?)] = []
            for await part in group { all += part }
            return all.sorted { $0.0.sha256 < $1.0.sha256 }
        }
    }

    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// Regular files below a folder, as sorted relative paths.
    static func files(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            if fileSize(folder.appendingPathComponent(relative).path) != nil { out.append(relative) }
        }
        return out.sorted()
    }

    /// The 64-hex name of `ab/<sha>.<ext>`, if it has one.
    static func hashName(of relative: String) -> String? {
        let name = (relative as NSString).lastPathComponent
        let stem = String(name.prefix { $0 != "." })
        return stem.count == 64 && stem.allSatisfy(\.isHexDigit) ? stem : nil
    }
}
