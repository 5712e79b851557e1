import Foundation

/// What the pipeline and the verbs need from a catalog, in the plain record types of
/// `CatalogRecords.swift`: implemented by the SQLite `Catalog` (GRDB) and by a PostgreSQL one.
/// Synchronous and throwing, like GRDB: callers already run catalog work off the cooperative
/// pool (`BlockingLanes`), and a backend keeps its own connection handling behind these calls.
///
/// Rules every implementation keeps (the tests of each backend hold it to them):
/// - Each write call is one transaction: after a crash it is there whole or not at all.
/// - Rows only ever name objects the caller has already made durable; the catalog never asks
///   the object store anything.
/// - Recording the same post, object, URL mapping or host strategy again is idempotent
///   (upserts); fetches, observations and verification times are appended or replaced.
/// - Errors are `StoreError.catalog` with the operation, the backend's own code and what to do.
public protocol CatalogStore: AnyObject, Sendable {
    // MARK: Writes from mirror

    /// Records scanned posts and their image references (one transaction); returns how many
    /// posts were new or changed.
    @discardableResult
    func recordPosts(_ batch: [PostRows]) throws -> Int
    /// Records stored objects with their URL mapping and fetch attempts (one transaction).
    func recordObjects(_ batch: [ObjectRows]) throws
    /// Records one stored object with its URL mapping and fetch attempts.
    func recordObject(_ object: ObjectRecord, url: URLObjectRecord?, fetches: [FetchRecord]) throws
    /// Records fetch attempts that stored nothing (failures, 304s).
    func recordFetches(_ fetches: [FetchRecord]) throws
    /// Appends one observation to a URL's history.
    func recordObservation(_ observation: URLObservation) throws
    /// Sets (or clears) an object's thumbnail path and thumbnail error.
    func updateThumbnail(sha256: String, thumbnail: String?, error: String?) throws
    /// Sets an object's perceptual hash.
    func setPerceptualHash(sha256: String, hash: PerceptualHash) throws
    /// Remembers the Referer strategy that worked for a host.
    func recordHostStrategy(host: String, strategy: String) throws
    /// Records (or replaces) what post files yielded when parsed (one transaction); the caller
    /// records the files' posts first, so a crash between the two only costs a parse.
    func recordScannedFiles(_ files: [ScannedFileRecord]) throws

    // MARK: Lookups

    /// What the post file at `path` yielded when it was last parsed, if it was (the one
    /// catalog read of a scan: see `ScanMemo`).
    func scannedFile(path: String) throws -> ScannedFileRecord?
    /// The Referer strategy learned per host.
    func hostStrategies() throws -> [String: String]
    /// ETag / Last-Modified per archived URL, for conditional re-checks.
    func validators() throws -> [String: (etag: String?, lastModified: String?)]
    /// The URLs among `urls` that are already archived.
    func archived(among urls: [String]) throws -> Set<String>
    /// Every archived URL.
    func archivedURLs() throws -> Set<String>
    /// The object fetched for `url`, if archived.
    func object(forURL url: String) throws -> ObjectRecord?
    /// The object fetched for an image that a post also named `alias`, if archived.
    func object(forAlias alias: String) throws -> ObjectRecord?
    /// Objects whose digest starts with `prefix`.
    func objects(sha256Prefix prefix: String) throws -> [ObjectRecord]
    /// Whether an object row exists for `sha256`.
    func hasObject(sha256: String) throws -> Bool
    /// Every object row.
    func allObjects() throws -> [ObjectRecord]
    /// The objects whose digest starts with a two-hex-digit fan-out `prefix`.
    func objects(inFolder prefix: String) throws -> [ObjectEntry]
    /// The URLs that map to `sha256`.
    func urls(sha256: String) throws -> [String]
    /// The URL mappings of `sha256`.
    func urlMappings(sha256: String) throws -> [URLObjectRecord]
    /// Where an object appears, with its captions.
    func captions(sha256: String) throws -> [CaptionHit]
    /// Full-text search over captions, alt texts and titles, best first.
    func search(_ text: String, limit: Int) throws -> [SearchHit]
    /// Objects whose perceptual hash is within `maxDistance` of `hash`, closest first.
    func similarObjects(to hash: PerceptualHash, maxDistance: Int, limit: Int) throws -> [SimilarObject]
    /// Decodable objects that have no perceptual hash yet.
    func objectsWithoutPerceptualHash() throws -> [ObjectRecord]
    /// Decodable objects whose thumbnail failed (a codec library missing then, a damaged file): tried again by `verify --repair`.
    func objectsWithFailedThumbnails() throws -> [ObjectRecord]
    /// How many objects have no perceptual hash.
    func countWithoutPerceptualHash() throws -> Int
    /// A URL's history, oldest first.
    func history(url: String) throws -> [URLObservation]
    /// Earlier bytes a URL had, newest first.
    func earlierCaptures(url: String) throws -> [(sha256: String, lastSeen: String)]
    /// One entry per object for the gallery, in post order.
    func galleryEntries() throws -> [GalleryEntry]
    /// Rows per table and the bytes of all objects.
    func counts() throws -> (posts: Int, images: Int, objects: Int, bytes: Int64)
    /// Problems the database itself finds in its own structure; empty when sound. `quick` may
    /// skip the costly checks (SQLite: `quick_check` instead of `integrity_check` + foreign keys).
    func integrityProblems(quick: Bool) throws -> [String]

    // MARK: Forget, prune, verify bookkeeping

    /// Every tombstone.
    func tombstones() throws -> Tombstones
    /// The post sources a `forget` argument names.
    func postSources(matching argument: String, absolutePath: String?) throws -> [String]
    /// Forgets a post, URL or object (leaves a tombstone); with `dryRun`, only says what it would do.
    @discardableResult
    func forget(_ target: ForgetTarget, dryRun: Bool) throws -> ForgetEffect
    /// Forgets `urls` of the object `sha256`; returns the object when no URL maps to it any more
    /// (its row is gone: the caller quarantines the bytes).
    func forget(urls: [String], sha256: String) throws -> ObjectRecord?
    /// Objects that no image reference reaches any more.
    func unreferencedObjects() throws -> [ObjectRecord]
    /// Deletes those of `sha256s` that are still unreferenced; returns the deleted ones.
    func deleteUnreferencedObjects(_ sha256s: [String]) throws -> Set<String>
    /// When each object was last re-hashed and found intact (ISO 8601), by digest.
    func lastVerified() throws -> [String: String]
    /// Records that these objects were re-hashed and found intact at `date`.
    func recordVerified(_ sha256s: [String], at date: Date) throws

    // MARK: Whole-catalog operations

    /// Makes every write so far final in the backend's own storage before a job returns
    /// (SQLite: a WAL checkpoint; a server: nothing to do). Best effort, never throws.
    func checkpoint()
    /// Writes a consistent snapshot of the whole catalog, as a SQLite file with this schema, to
    /// `file` (what `export --bagit` puts in the bag, whatever the catalog's backend).
    func copyConsistently(to file: URL) throws
}

extension Catalog: CatalogStore {}

extension CatalogStore {
    /// Full-text search with the default limit (100 hits).
    public func search(_ text: String) throws -> [SearchHit] { try search(text, limit: 100) }
    /// Similar objects with the default limit (50).
    public func similarObjects(to hash: PerceptualHash, maxDistance: Int) throws -> [SimilarObject] {
        try similarObjects(to: hash, maxDistance: maxDistance, limit: 50)
    }
    /// Records that these objects were found intact now.
    public func recordVerified(_ sha256s: [String]) throws { try recordVerified(sha256s, at: Date()) }
}
