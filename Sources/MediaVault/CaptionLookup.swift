import ArchiveStore
import Foundation

/// `mediavault caption`: what an archived image is — its captions and the posts it appeared in —
/// found by image file, SHA-256 (or a unique prefix of 8+ hex digits) or URL; with `similar`,
/// also the same picture re-encoded, resized or recompressed (by perceptual hash).
public struct CaptionLookup: Sendable {
    /// The archive and its catalog.
    public var target: ArchiveTarget
    /// Also find perceptually similar images, closest first, with their distance.
    public var similar: Bool
    /// Largest Hamming distance (of 64 bits) still called similar.
    public var maxDistance: Int

    /// Re-encodings and half-size copies of a photo stay within ~8 bits; unrelated pictures
    /// differ in ~32, and rarely fewer than 20.
    public static let defaultMaxDistance = 10

    /// Creates a lookup on an archive.
    public init(archive: URL, similar: Bool = false, maxDistance: Int = CaptionLookup.defaultMaxDistance) {
        self.init(target: .local(archive), similar: similar, maxDistance: maxDistance)
    }

    /// Creates a lookup on an archive named on the command line (local or remote).
    public init(target: ArchiveTarget, similar: Bool = false, maxDistance: Int = CaptionLookup.defaultMaxDistance) {
        self.target = target
        self.similar = similar
        self.maxDistance = maxDistance
    }

    /// Looks the query up; emits one `caption` line per appearance; returns 0 when found, 1 when not.
    /// Read-only: objects archived before perceptual hashes existed are not hashed here (that is a
    /// write); they are counted on stderr with the command that fills them in (`verify --repair`).
    public func run(query: String, output: some OutputSink) -> Int32 {
        guard target.requireCatalog(output: output) else { return ExitStatus.fatal }
        do {
            let catalog = try target.catalog.openForReading()
            let target = try findTarget(query, catalog: catalog)
            if target.objects.count > 1 {
                output.diagnose("error: \(query) matches \(target.objects.count) objects; give more hex digits")
                return ExitStatus.usage
            }
            var found: [SimilarObject] = target.objects.map { SimilarObject(sha256: $0.sha256, distance: 0) }
            if similar {
                found = try similarObjects(to: target, catalog: catalog, output: output)
            }
            guard !found.isEmpty else {
                output.emit(Self.summary(lines: 0, objects: 0, earlier: 0))
                output.diagnose("not found: \(query) is not in the archive \(self.target.displayName)"
                                + (similar ? " (nor any picture within \(maxDistance) bits of it)" : ""))
                return ExitStatus.notFound
            }
            // A URL shows its current image; what it showed before (found by --recheck) is named too.
            let earlier = query.contains("://") ? try catalog.earlierCaptures(url: query) : []
            var lines = 0
            for object in found {
                lines += emit(try catalog.captions(sha256: object.sha256), sha256: object.sha256,
                              distance: similar ? object.distance : nil, earlier: earlier.map(\.sha256), output: output)
            }
            output.emit(Self.summary(lines: lines, objects: found.count, earlier: earlier.count))
            if !earlier.isEmpty {
                output.diagnose("\(query) showed other images before: "
                                + earlier.map { "\($0.sha256.prefix(12)) (last seen \($0.lastSeen))" }.joined(separator: ", ")
                                + "; `mediavault caption SHA256` shows each")
            }
            return ExitStatus.success
        } catch {
            output.diagnose("error: \(error)")
            return ExitStatus.fatal
        }
    }

    /// The closing line: `caption` lines printed, objects found, earlier captures of a URL.
    static func summary(lines: Int, objects: Int, earlier: Int) -> CaptionSummary {
        CaptionSummary(found: lines, objects: objects, earlier: earlier)
    }

    /// One line per appearance of an object, or one bare line when no post shows it; returns the lines emitted.
    @discardableResult
    private func emit(_ hits: [CaptionHit], sha256: String, distance: Int?, earlier: [String], output: some OutputSink) -> Int {
        for hit in hits { output.emit(CaptionLine(hit, earlier: earlier, distance: distance)) }
        if hits.isEmpty { output.emit(CaptionLine(unshown: sha256, earlier: earlier, distance: distance)) }
        return max(hits.count, 1)
    }

    /// What the query names: archived objects, and the picture's perceptual hash when known.
    private struct Target {
        var objects: [ObjectRecord]
        var hash: PerceptualHash?
        var hashError: String?
    }

    /// Decides what the query is: an existing file, a URL, or a hash (prefix).
    private func findTarget(_ query: String, catalog: any CatalogStore) throws -> Target {
        var isFolder: ObjCBool = false
        if !query.contains("://"), FileManager.default.fileExists(atPath: query, isDirectory: &isFolder), !isFolder.boolValue {
            let file = URL(fileURLWithPath: query)
            let (sha, _) = try SHA256Hasher.hash(fileAt: file)
            var target = Target(objects: try catalog.objects(sha256Prefix: sha))
            // A local image edited since it was archived is still found by its path.
            if target.objects.isEmpty { target.objects = try objects(atPath: query, catalog: catalog) }
            // A file not in the archive can still be a re-encoding of an archived picture.
            if similar { hashFile(file, into: &target) }
            return target
        }
        var objects: [ObjectRecord] = []
        if query.contains("://") {
            objects = try catalog.object(forURL: query).map { [$0] } ?? []
        } else if query.count >= 8, query.count <= 64, query.allSatisfy(\.isHexDigit) {
            objects = try catalog.objects(sha256Prefix: query)
        }
        if objects.isEmpty, !query.contains("://") { objects = try self.objects(atPath: query, catalog: catalog) }
        var target = Target(objects: objects)
        if similar, objects.count == 1 {
            if let stored = objects[0].phash {
                target.hash = PerceptualHash(bits: UInt64(bitPattern: stored))
            } else {
                // Objects archived before perceptual hashes existed: hashed from their bytes.
                do {
                    let store = try self.target.openStorage(connections: 1)
                    target.hash = try store.withLocalCopy(of: objects[0].relativePath) { try PerceptualHash(fileAt: $0) }
                } catch {
                    target.hashError = "\(error)"
                }
            }
        }
        return target
    }

    /// The object archived from the local file at `path` (a local post's image), by its
    /// `file://` URL or its path, whether or not the file is still there.
    private func objects(atPath path: String, catalog: any CatalogStore) throws -> [ObjectRecord] {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        if let object = try catalog.object(forURL: file.absoluteString) ?? catalog.object(forAlias: file.path) { return [object] }
        return []
    }

    private func hashFile(_ file: URL, into target: inout Target) {
        do { target.hash = try PerceptualHash(fileAt: file) } catch { target.hashError = "\(error)" }
    }

    /// The query's objects (distance 0) and every archived picture near its perceptual hash.
    private func similarObjects(to target: Target, catalog: any CatalogStore, output: some OutputSink) throws -> [SimilarObject] {
        var found = target.objects.map { SimilarObject(sha256: $0.sha256, distance: 0) }
        guard let hash = target.hash else {
            if let reason = target.hashError { output.diagnose("no perceptual hash for the query, exact matches only: \(reason)") }
            return found
        }
        let exact = Set(found.map(\.sha256))
        found += try catalog.similarObjects(to: hash, maxDistance: maxDistance).filter { !exact.contains($0.sha256) }
        let unhashed = try catalog.countWithoutPerceptualHash()
        if unhashed > 0 {
            output.diagnose("\(unhashed) archived photo(s) (JPEG, PNG, HEIC, AVIF, JPEG XL) have no perceptual hash yet and were not compared; "
                            + "compute them with: mediavault verify --repair --archive \(self.target.displayName)")
        }
        return found
    }
}
