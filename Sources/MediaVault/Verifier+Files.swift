import ArchiveStore
import Foundation

extension Verifier {
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
        do { return try Catalog(file: catalogFile).lastVerified() } catch {
            output.diagnose("notice: cannot read when objects were last verified (\(error)); taking them in digest order")
            return [:]
        }
    }

    /// Records the objects found intact, so the next time-boxed run starts elsewhere. The one
    /// write `verify` makes, to its own table; on a read-only archive it is skipped with a notice.
    static func recordVerified(_ sha256s: [String], _ catalogFile: URL, output: some OutputSink) {
        guard !sha256s.isEmpty, FileManager.default.fileExists(atPath: catalogFile.path) else { return }
        do { try Catalog(file: catalogFile).recordVerified(sha256s) } catch {
            output.diagnose("notice: cannot record when objects were verified (\(error)); the next --max-duration run may check them again first")
        }
    }
}
