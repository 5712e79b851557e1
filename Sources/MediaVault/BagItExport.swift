import ArchiveStore
import Foundation

/// `mediavault export --bagit DIR`: the archive as a BagIt bag (RFC 8493, version 1.0), so any
/// BagIt tool can check and move it. The payload is `data/catalog.sqlite` (one consistent
/// snapshot), `data/objects/…` (hard links, or copies across file systems) and `data/thumbs/…`,
/// exactly the objects and thumbnails that snapshot names. Object checksums are their names
/// (the archive's invariant, checked by `verify`); the other files are hashed. The bag is built
/// in a sibling folder and renamed into place, so DIR is either absent or a complete bag.
public struct BagItExport: Sendable {
    /// The archive and its catalog.
    public var target: ArchiveTarget
    /// The bag folder to create.
    public var bag: URL
    /// When made (SIGINT/SIGTERM), no further object is added and the unfinished bag is removed.
    public var stop: StopRequest?

    /// Creates an export job.
    public init(archive: URL, bag: URL) {
        self.init(target: .local(archive), bag: bag)
    }

    /// Creates an export job on an archive named on the command line (a remote archive's
    /// objects are downloaded into the bag).
    public init(target: ArchiveTarget, bag: URL) {
        self.target = target
        self.bag = bag.standardizedFileURL
    }

    /// Writes the bag; emits a `bag` line and a `summary`; returns the exit status (0, 2 fatal,
    /// 3 when some catalogued objects were missing and left out).
    public func run(output: some OutputSink) -> Int32 {
        stop?.observe()
        let files = FileManager.default
        guard target.requireCatalog(output: output) else { return ExitStatus.fatal }
        if let existing = try? files.contentsOfDirectory(atPath: bag.path), !existing.isEmpty {
            output.diagnose("error: \(bag.path) exists and is not empty; choose a new folder for the bag")
            return ExitStatus.fatal
        }
        let building = bag.deletingLastPathComponent().appendingPathComponent(".\(bag.lastPathComponent).partial-\(getpid())")
        defer { try? files.removeItem(at: building) }
        var result = Result()
        do {
            try build(in: building, into: &result, output: output)
            if files.fileExists(atPath: bag.path) { try files.removeItem(at: bag) }  // an empty folder
            try files.moveItem(at: building, to: bag)
            output.emit(BagLine(path: bag.path, objects: result.objects, files: result.files, bytes: result.bytes, missing: result.missing))
            output.emit(ExportSummary(objects: result.objects, files: result.files, bytes: result.bytes, missing: result.missing.count, interrupted: nil))
            if !result.missing.isEmpty {
                output.diagnose("\(result.missing.count) catalogued object(s) have no file and are not in the bag; run `mediavault verify` and `mediavault verify --repair`")
                return ExitStatus.partialFailure
            }
            return ExitStatus.success
        } catch is Stopped {
            // The deferred removal deletes the unfinished bag: DIR is a complete bag or absent.
            let signal = stop?.stopSignal ?? .SIGINT
            output.emit(ExportSummary(objects: result.objects, files: result.files, bytes: result.bytes, missing: result.missing.count, interrupted: signal))
            output.diagnose("stopped by \(signal.rawValue) after \(result.objects) object(s): the unfinished bag was removed and \(bag.path) not created; run the same command again")
            return stop?.exitStatus ?? ExitStatus.fatal
        } catch {
            output.diagnose("error: export of \(target.displayName) to \(bag.path): \(error)")
            return ExitStatus.fatal
        }
    }

    /// What went into the bag.
    struct Result {
        /// Objects in the payload.
        var objects = 0
        /// Payload files (objects, thumbnails, catalog).
        var files = 0
        /// Payload octets.
        var bytes: Int64 = 0
        /// Objects the catalog names that have no file.
        var missing: [String] = []
    }

    /// Builds the bag in `root`, counting into `result` as it goes; throws `Stopped` when asked to stop.
    private func build(in root: URL, into result: inout Result, output: some OutputSink) throws {
        let files = FileManager.default
        let data = root.appendingPathComponent("data")
        try files.createDirectory(at: data, withIntermediateDirectories: true)
        let catalogCopy = data.appendingPathComponent("catalog.sqlite")
        try target.catalog.openForReading().copyConsistently(to: catalogCopy)
        let store = try target.openStorage()

        var manifest: [(String, String)] = []  // (sha256, path in the bag)
        func add(_ path: String, sha256: String?) throws {
            let file = root.appendingPathComponent(path)
            let (sha, size) = try sha256.map { known in
                (known, (try files.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0)
            } ?? SHA256Hasher.hash(fileAt: file)
            manifest.append((sha, path))
            result.files += 1
            result.bytes += size
        }
        try add("data/catalog.sqlite", sha256: nil)
        // The snapshot, not the live catalog, names what goes in: the bag is one consistent state.
        let snapshot = try CatalogAddress.sqlite(catalogCopy).openForReading()
        for object in try snapshot.allObjects() {
            if stop?.shouldStop() == true { throw Stopped() }
            guard try store.check(relativePath: object.relativePath) != nil else {
                result.missing.append(object.sha256)
                continue
            }
            try store.materialize(relativePath: object.relativePath, at: data.appendingPathComponent(object.relativePath))
            try add("data/" + object.relativePath, sha256: object.sha256)
            result.objects += 1
            if let thumbnail = object.thumbnail, try store.check(relativePath: thumbnail) != nil {
                try store.materialize(relativePath: thumbnail, at: data.appendingPathComponent(thumbnail))
                try add("data/" + thumbnail, sha256: nil)
            }
        }
        try write(root, "bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        try write(root, "manifest-sha256.txt", manifest.map { "\($0.0)  \(Self.encodePath($0.1))\n" }.joined())
        let date = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        try write(root, "bag-info.txt", """
            Bagging-Date: \(date)
            Payload-Oxum: \(result.bytes).\(result.files)
            Bag-Software-Agent: mediavault 0.1.0
            External-Description: mediavault archive: \(result.objects) image objects named by SHA-256, thumbnails, and a SQLite catalog snapshot (data/catalog.sqlite)
            Source-Organization: mediavault export of \(target.displayName)

            """)
        var tags = ""
        for name in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"] {
            tags += "\(try SHA256Hasher.hash(fileAt: root.appendingPathComponent(name)).sha256)  \(name)\n"
        }
        try write(root, "tagmanifest-sha256.txt", tags)
    }

    private func write(_ root: URL, _ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(name), options: .atomic)
    }

    /// RFC 8493 §2.1.3: CR, LF and `%` in manifest paths are percent-encoded.
    static func encodePath(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
}
