import ArchiveStore
import Foundation
import Synchronization

extension Verifier {
    /// Re-hashes objects on every core; returns those whose content does not match, with what is
    /// wrong for a person (the digest found, or why the file cannot be read).
    /// Each worker takes the next object from a shared counter (on a shared machine a fixed
    /// share per core left one core idle while the other, slowed, finished its half) and asks
    /// the kernel to prefetch the object after it, so a cold disk reads while the CPU hashes.
    static func rehash(_ objects: [ObjectEntry], archive: URL) async -> [(ObjectEntry, String)] {
        guard !objects.isEmpty else { return [] }
        let workers = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        let next = NextIndex()
        return await withTaskGroup(of: [(ObjectEntry, String)].self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var bad: [(ObjectEntry, String)] = []
                    while true {
                        let index = next.value.add(1, ordering: .relaxed).oldValue
                        guard index < objects.count else { break }
                        if index + workers < objects.count {
                            FileChunks.prefetch(archive.appendingPathComponent(objects[index + workers].relativePath))
                        }
                        let object = objects[index]
                        do {
                            let hash = try SHA256Hasher.hash(fileAt: archive.appendingPathComponent(object.relativePath)).sha256
                            if hash != object.sha256 { bad.append((object, "content hashes to \(hash)")) }
                        } catch {
                            bad.append((object, "cannot be read: \(error)"))
                        }
                    }
                    return bad
                }
            }
            var all: [(ObjectEntry, String)] = []
            for await part in group { all += part }
            return all.sorted { $0.0.sha256 < $1.0.sha256 }
        }
    }

    /// The 256 fan-out folder names, `00` to `ff`.
    static let fanOutNames: [String] = (0..<256).map { String(format: "%02x", $0) }

    /// Whether a name in `objects/` is a fan-out folder name.
    static func isFanOut(_ name: String) -> Bool {
        name.utf8.count == 2 && name.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// What an orphan problem says.
    static let orphanDetail = "file with no catalog row (adopted by verify --repair or a re-run of mirror)"

    /// The entries of one folder (empty when it does not exist), by one `readdir` pass: at a
    /// million objects FileManager's enumerator (a URL per file) was a third of `verify --fast`.
    static func entries(in folder: String) -> [(name: String, isFolder: Bool)] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var out: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = stat(folder + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            out.append((name, isFolder))
        }
        return out
    }

    /// Size of a regular file, or nil when there is none.
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

extension Verifier {
    /// The slice (0..<count) an object belongs to: its digest's first 8 hex digits modulo
    /// `count`. SHA-256 is uniform, so slices are even, and an object never changes slice.
    static func slice(of sha256: String, count: Int) -> Int {
        Int(UInt32(sha256.prefix(8), radix: 16) ?? 0) % max(count, 1)
    }

    /// When each object was last verified; empty (everything counts as never verified) when
    /// the catalog cannot say, after a notice.
    static func readLastVerified(_ catalogFile: URL, output: some OutputSink) -> [String: String] {
        guard FileManager.default.fileExists(atPath: catalogFile.path) else { return [:] }
        do { return try CatalogAddress.sqlite(catalogFile).openForWriting().lastVerified() } catch {
            output.diagnose("notice: cannot read when objects were last verified (\(error)); taking them in digest order")
            return [:]
        }
    }

    /// Records the objects found intact, so the next time-boxed run starts elsewhere. The one
    /// write `verify` makes, to its own table; on a read-only archive it is skipped with a notice.
    static func recordVerified(_ sha256s: [String], _ catalogFile: URL, output: some OutputSink) {
        guard !sha256s.isEmpty, FileManager.default.fileExists(atPath: catalogFile.path) else { return }
        do { try CatalogAddress.sqlite(catalogFile).openForWriting().recordVerified(sha256s) } catch {
            output.diagnose("notice: cannot record when objects were verified (\(error)); the next --max-duration run may check them again first")
        }
    }
}

/// The next object index shared by the hashing workers.
private final class NextIndex: Sendable {
    let value = Atomic<Int>(0)
}
