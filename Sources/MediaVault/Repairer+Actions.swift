import ArchiveStore
import Fetcher
import Foundation

/// The fixes `verify --repair` applies, one problem at a time, with the archive lock held.
struct RepairActions: Sendable {
    /// What became of one problem.
    enum Outcome: Sendable {
        /// Fixed; what was done.
        case fixed(String)
        /// Not fixed; why, and what a person can do.
        case unfixed(String)
    }

    let open: OpenArchive
    let downloader: Downloader

    /// Applies the fix for a problem's kind.
    func fix(_ problem: Verifier.Problem) async -> Outcome {
        switch problem.kind {
        case "missing", "corrupt":
            guard let sha = problem.sha256 else { return .unfixed(problem.detail) }
            var aside = ""
            if problem.kind == "corrupt", let path = problem.path {
                switch quarantine(path) {
                case .success(let moved): aside = "; the damaged copy is in \(moved)"
                case .failure(let error): return .unfixed("\(problem.detail); cannot move it aside: \(error)")
                }
            }
            switch await refetch(sha) {
            case .fixed(let detail): return .fixed(detail + aside)
            case .unfixed(let detail): return .unfixed(problem.detail + "; " + detail + aside)
            }
        case "thumbnail":
            guard let sha = problem.sha256 else { return .unfixed(problem.detail) }
            return rebuildThumbnail(sha)
        case "orphan":
            guard let path = problem.path else { return .unfixed(problem.detail) }
            return adopt(path)
        case "tmp":
            return .fixed("removed unfinished download")  // OpenArchive already cleaned tmp/
        default:
            return .unfixed(problem.detail + "; restore catalog.sqlite from a backup (`sqlite3 catalog.sqlite .recover` may salvage rows)")
        }
    }

    /// Moves a file to `quarantine/` at its archive path (never deletes bytes a person may want to inspect).
    private func quarantine(_ relative: String) -> Result<String, any Error> {
        Result { try open.store.quarantine(relativePath: relative) }.map { _ in "quarantine/" + relative }
    }

    /// Downloads the object again from each recorded URL until one gives the same bytes: the URL,
    /// then the final URL the bytes came from when it differs (a redirect's target, or the
    /// picture as the post shows it when the original had failed).
    private func refetch(_ sha: String) async -> Outcome {
        let catalog = open.catalog
        let object: ObjectRecord, mappings: [URLObjectRecord], page: String?
        do {
            guard let row = try catalog.objects(sha256Prefix: sha).first else { return .unfixed("it has no catalog row any more") }
            object = row
            mappings = try catalog.urlMappings(sha256: sha)
            page = try catalog.captions(sha256: sha).lazy.compactMap(\.postUrl).first
        } catch {
            return .unfixed("its catalog rows cannot be read: \(error)")
        }
        guard !mappings.isEmpty else { return .unfixed("no URL is recorded for it, so it cannot be fetched again") }
        var failures: [String] = []
        for mapping in mappings {
            if let file = URL(string: mapping.url), file.isFileURL {
                if let fixed = await copyAgain(file, sha: sha, fileExtension: object.ext, failures: &failures) { return .fixed(fixed) }
                continue
            }
            for source in [mapping.url] + [mapping.finalUrl].compactMap({ $0 }).filter({ $0 != mapping.url }) {
                if let fixed = await downloadAgain(source, for: mapping, sha: sha, fileExtension: object.ext, page: page, failures: &failures) {
                    return .fixed(fixed)
                }
            }
        }
        return .unfixed("re-fetch failed: " + failures.joined(separator: "; "))
    }

    /// A local image (a post's relative path) copied again if it still has the same bytes: what
    /// was done, or nil with the reason added to `failures`.
    private func copyAgain(_ file: URL, sha: String, fileExtension: String, failures: inout [String]) async -> String? {
        let store = open.store
        let pending: PendingObject
        do { pending = try store.makePending(copying: file) } catch {
            failures.append("\(file.path) cannot be copied: \(error)")
            return nil
        }
        guard pending.sha256 == sha else {
            pending.discard()
            failures.append("\(file.path) now holds different bytes")
            return nil
        }
        do {
            _ = try await store.save(pending, fileExtension: fileExtension)
            return "copied again from \(file.path)"
        } catch {
            pending.discard()
            failures.append("cannot store the copy of \(file.path): \(error)")
            return nil
        }
    }

    /// The object downloaded again from `source` (one of `mapping`'s URLs) if it still serves the
    /// same bytes, the requests recorded under the mapping's URL: what was done, or nil with the
    /// reason added to `failures`.
    private func downloadAgain(_ source: String, for mapping: URLObjectRecord, sha: String, fileExtension: String, page: String?,
                               failures: inout [String]) async -> String? {
        let catalog = open.catalog, store = open.store
        // The Referer that worked last time first, then the usual fallback chain.
        let first = mapping.referer.map(RefererStrategy.exact) ?? .none
        let strategies = RefererStrategy.fallbackChain(first: first, imageURL: source, page: page)
        let result = await downloader.download(url: source, strategies: strategies,
                                               makeSink: { try store.makePending() }, discard: { $0.discard() })
        switch result {
        case .success(let downloaded):
            open.history.record(mapping.url, "the repair's request(s)") { try catalog.recordFetches(fetchRecords(mapping.url, downloaded.attempts)) }
            guard downloaded.sink.sha256 == sha else {
                failures.append("\(source) now serves different bytes (\(downloaded.sink.sha256.prefix(12))…)")
                downloaded.sink.discard()
                return nil
            }
            do {
                _ = try await store.save(downloaded.sink, fileExtension: fileExtension)
                return "re-fetched from \(source) (Referer: \(downloaded.referer ?? "none"))"
            } catch {
                failures.append("cannot store it: \(error)")
                return nil
            }
        case .failure(let failure):
            open.history.record(mapping.url, "the repair's failed request(s)") { try catalog.recordFetches(fetchRecords(mapping.url, failure.attempts)) }
            failures.append(failure.message)
            return nil
        }
    }

    /// Makes the thumbnail again from the object and records it.
    private func rebuildThumbnail(_ sha: String) -> Outcome {
        let object: ObjectRecord
        do {
            guard let row = try open.catalog.objects(sha256Prefix: sha).first else { return .unfixed("it has no catalog row any more") }
            object = row
        } catch {
            return .unfixed("its catalog row cannot be read: \(error)")
        }
        do {
            return .fixed("thumbnail rebuilt: \(try makeThumbnail(for: object, hashing: false).relative)")
        } catch {
            return .unfixed(Self.thumbnailFailure(object, error))
        }
    }

    /// Makes `object`'s thumbnail from its bytes and records it (a former one moved aside); with
    /// `hashing`, its perceptual hash from the same decode too, when its format has one.
    private func makeThumbnail(for object: ObjectRecord, hashing: Bool) throws -> (relative: String, hashed: Bool) {
        let store = open.store
        var hash: PerceptualHash?
        let relative = try store.withLocalCopy(of: object.relativePath) { source in
            try store.storeThumbnail(sha256: object.sha256) { base in
                let thumbnail = try Thumbnailer().makeThumbnail(of: source, to: base, temporaryFolder: store.tmpFolder, hashing: hashing)
                hash = thumbnail.perceptualHash
                return thumbnail.file
            }
        }
        if let old = object.thumbnail, old != relative { _ = try? store.quarantine(relativePath: old) }
        try open.catalog.updateThumbnail(sha256: object.sha256, thumbnail: relative, error: nil)
        if let hash { try open.catalog.setPerceptualHash(sha256: object.sha256, hash: hash) }
        return (relative, hash != nil)
    }

    /// Why a thumbnail could not be made again, as the repair reports and records it.
    private static func thumbnailFailure(_ object: ObjectRecord, _ error: any Error) -> String {
        "cannot rebuild the thumbnail from \(object.relativePath): \(error)"
    }

    /// Adds a catalog row for an orphan whose content hashes to its name; quarantines the others.
    private func adopt(_ relative: String) -> Outcome {
        let store = open.store
        do {
            return try store.withLocalCopy(of: relative) { adopt(relative, from: $0) }
        } catch {
            return .unfixed("cannot read it: \(error)")
        }
    }

    /// Adopts the orphan at `relative`, whose bytes are in the local `file`.
    private func adopt(_ relative: String, from file: URL) -> Outcome {
        let name = Verifier.hashName(of: relative)
        let hashed: (sha256: String, size: Int64)
        do { hashed = try SHA256Hasher.hash(fileAt: file) } catch {
            return .unfixed("it cannot be read to check its content: \(error)")
        }
        let (sha, size) = hashed
        guard sha == name else {
            switch quarantine(relative) {
            case .success(let moved): return .fixed("its content does not match its name; moved to \(moved)")
            case .failure(let error): return .unfixed("its content does not match its name and it cannot be moved aside: \(error)")
            }
        }
        let prefix = (try? FileHandle(forReadingFrom: file).read(upToCount: 1024)).flatMap { $0 }.map { [UInt8]($0) } ?? []
        var mediaType = MediaKind.unknown.rawValue
        if case .image(let kind, _) = ContentSniffer.verdict(prefix: prefix, contentType: nil) { mediaType = kind.rawValue }
        var record = ObjectRecord(sha256: sha, size: size, ext: (relative as NSString).pathExtension, mediaType: mediaType)
        guard record.relativePath == relative else { return .unfixed("its path does not follow objects/ab/<sha256>.<ext>") }
        // As mirror describes a new object: one decode, none when it is too large.
        _ = open.describe(file, size: size, sha256: sha, with: Thumbnailer(), into: &record)
        do {
            try open.catalog.recordObject(record, url: nil, fetches: [])
            return .fixed("adopted as a \(mediaType) object with no known URL")
        } catch {
            return .unfixed("cannot add its catalog row: \(error)")
        }
    }

    /// Makes the thumbnails that failed when their objects were archived (a codec library then
    /// missing, as libheif or libjxl may be), with the perceptual hashes they lack from the same
    /// decode; returns how many of each. One that fails again keeps its newest reason.
    func backfillThumbnails(output: some OutputSink) -> (thumbnails: Int, hashes: Int) {
        let objects: [ObjectRecord]
        do { objects = try open.catalog.objectsWithFailedThumbnails() } catch {
            output.diagnose("warning: cannot list the objects whose thumbnail failed: \(error)")
            return (0, 0)
        }
        var made = 0, hashes = 0
        // Objects too large to decode were never meant to get one (`OpenArchive.largestDecoded`).
        for object in objects where object.size <= OpenArchive.largestDecoded {
            do {
                if try makeThumbnail(for: object, hashing: object.phash == nil).hashed { hashes += 1 }
                made += 1
            } catch {
                try? open.catalog.updateThumbnail(sha256: object.sha256, thumbnail: nil, error: Self.thumbnailFailure(object, error))
            }
        }
        if made > 0 { output.diagnose("made \(made) thumbnail(s) that had failed") }
        return (made, hashes)
    }

    /// Computes the perceptual hash of every object of a hashed format that has none (and is small enough to
    /// decode); returns how many.
    func backfillPerceptualHashes(output: some OutputSink) -> Int {
        let objects: [ObjectRecord]
        do { objects = try open.catalog.objectsWithoutPerceptualHash() } catch {
            output.diagnose("warning: cannot list the objects without a perceptual hash: \(error); caption --similar will not find them")
            return 0
        }
        var count = 0
        // As for thumbnails: an object too large to decode is not decoded (`OpenArchive.largestDecoded`).
        for object in objects where object.size <= OpenArchive.largestDecoded {
            // An undecodable image has no perceptual hash (verify reports the damage); not an error here.
            guard let hash = try? open.store.withLocalCopy(of: object.relativePath, { try PerceptualHash(fileAt: $0) }) else { continue }
            do {
                try open.catalog.setPerceptualHash(sha256: object.sha256, hash: hash)
                count += 1
            } catch {
                output.diagnose("warning: cannot record the perceptual hash of \(object.sha256.prefix(12)): \(error)")
            }
        }
        if count > 0 { output.diagnose("computed \(count) perceptual hash(es) for caption --similar") }
        return count
    }

    private func fetchRecords(_ url: String, _ attempts: [DownloadAttempt]) -> [FetchRecord] {
        attempts.map {
            FetchRecord(url: url, requestUrl: $0.url, status: $0.status, referer: $0.referer, strategy: $0.strategy,
                        bytes: $0.bytes, seconds: $0.seconds, error: $0.error)
        }
    }
}
