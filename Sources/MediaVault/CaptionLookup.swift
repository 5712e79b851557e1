import ArchiveStore
import Foundation

/// `mediavault caption`: what an archived image is — its captions and the posts it appeared in —
/// found by image file, SHA-256 (or a unique prefix of 8+ hex digits) or URL.
public struct CaptionLookup: Sendable {
    /// The archive folder.
    public var archive: URL

    /// Creates a lookup on an archive.
    public init(archive: URL) { self.archive = archive }

    /// Looks the query up; emits one `caption` line per appearance; returns 0 when found, 1 when not.
    public func run(query: String, output: some OutputSink) -> Int32 {
        let catalogFile = ArchiveLocation.catalogFile(in: archive)
        guard FileManager.default.fileExists(atPath: catalogFile.path) else {
            output.diagnose("error: no archive at \(archive.path) (no catalog.sqlite); run `mediavault mirror` first or pass --archive")
            return ExitStatus.fatal
        }
        do {
            let catalog = try Catalog(readingFile: catalogFile)
            let objects = try findObjects(query, catalog: catalog)
            if objects.count > 1 {
                output.diagnose("error: \(query) matches \(objects.count) objects; give more hex digits")
                return ExitStatus.usage
            }
            guard let object = objects.first else {
                output.diagnose("not found: \(query) is not in the archive \(archive.path)")
                return ExitStatus.notFound
            }
            let hits = try catalog.captions(sha256: object.sha256)
            for hit in hits {
                output.emit(OutputRecord("caption", [
                    "sha256": .string(hit.sha256), "url": .string(hit.url), "post": .string(hit.post),
                    "title": .optional(hit.title), "caption": .optional(hit.caption), "date": .optional(hit.date),
                    "post_url": .optional(hit.postUrl), "alt": .optional(hit.alt),
                ]))
            }
            if hits.isEmpty {
                output.emit(OutputRecord("caption", [
                    "sha256": .string(object.sha256), "url": .null, "post": .null, "title": .null, "caption": .null,
                ]))
            }
            return ExitStatus.success
        } catch {
            output.diagnose("error: \(error)")
            return ExitStatus.fatal
        }
    }

    /// Decides what the query is: an existing file, a URL, or a hash (prefix).
    private func findObjects(_ query: String, catalog: Catalog) throws -> [ObjectRecord] {
        if query.contains("://") {
            return try catalog.object(forURL: query).map { [$0] } ?? []
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: query, isDirectory: &isFolder), !isFolder.boolValue {
            let (sha, _) = try SHA256Hasher.hash(fileAt: URL(fileURLWithPath: query))
            return try catalog.objects(sha256Prefix: sha)
        }
        if query.count >= 8, query.count <= 64, query.allSatisfy(\.isHexDigit) {
            return try catalog.objects(sha256Prefix: query)
        }
        return []
    }
}
