import ArchiveStore
import Foundation
import PostgresStore
import TestSupport

/// What the conformance checks ask of a catalog: the operations the SQLite `Catalog` and
/// `PostgresCatalog` both offer, with the same signatures (each conforms by an empty extension).
protocol ContractCatalog: Sendable {
    func recordPost(_ post: PostRecord, images: [ImageRefRecord]) throws -> Int64
    func recordPosts(_ batch: [PostRows]) throws -> Int
    func recordObjects(_ batch: [ObjectRows]) throws
    func recordObject(_ object: ObjectRecord, url: URLObjectRecord?, fetches: [FetchRecord]) throws
    func recordFetches(_ fetches: [FetchRecord]) throws
    func updateThumbnail(sha256: String, thumbnail: String?, error: String?) throws
    func setPerceptualHash(sha256: String, hash: PerceptualHash) throws
    func object(forURL url: String) throws -> ObjectRecord?
    func archivedURLs() throws -> Set<String>
    func archived(among urls: [String]) throws -> Set<String>
    func objects(sha256Prefix prefix: String) throws -> [ObjectRecord]
    func objects(inFolder prefix: String) throws -> [ObjectEntry]
    func hasObject(sha256: String) throws -> Bool
    func captions(sha256: String) throws -> [CaptionHit]
    func allObjects() throws -> [ObjectRecord]
    func counts() throws -> (posts: Int, images: Int, objects: Int, bytes: Int64)
    func integrityProblems() throws -> [String]
    func similarObjects(to hash: PerceptualHash, maxDistance: Int, limit: Int) throws -> [SimilarObject]
    func objectsWithoutPerceptualHash() throws -> [ObjectRecord]
    func countWithoutPerceptualHash() throws -> Int
    func urlMappings(sha256: String) throws -> [URLObjectRecord]
    func search(_ text: String, limit: Int) throws -> [SearchHit]
    func galleryEntries() throws -> [GalleryEntry]
    func recordObservation(_ observation: URLObservation) throws
    func history(url: String) throws -> [URLObservation]
    func earlierCaptures(url: String) throws -> [(sha256: String, lastSeen: String)]
    func hostStrategies() throws -> [String: String]
    func recordHostStrategy(host: String, strategy: String) throws
    func validators() throws -> [String: (etag: String?, lastModified: String?)]
    func urls(sha256: String) throws -> [String]
    func forget(urls: [String], sha256: String) throws -> ObjectRecord?
    func tombstones() throws -> Tombstones
    func postSources(matching argument: String, absolutePath: String?) throws -> [String]
    func forget(_ target: ForgetTarget, dryRun: Bool) throws -> ForgetEffect
    func unreferencedObjects() throws -> [ObjectRecord]
    func deleteUnreferencedObjects(_ sha256s: [String]) throws -> Set<String>
    func lastVerified() throws -> [String: String]
    func recordVerified(_ sha256s: [String], at date: Date) throws
}

extension Catalog: ContractCatalog {}
extension PostgresCatalog: ContractCatalog {}

/// The two catalogs the contract runs against.
enum Backend: String, Sendable, CustomStringConvertible {
    case sqlite, postgres

    var description: String { rawValue }

    /// A new, empty, migrated catalog of this kind (a temporary file, or a new database).
    func makeCatalog() throws -> any ContractCatalog {
        switch self {
        case .sqlite:
            let folder = try TestPaths.makeTemporaryFolder("contract")
            return try Catalog(file: folder.appendingPathComponent("catalog.sqlite"))
        case .postgres:
            return try PostgresCatalog(url: TestDatabase(migrated: false).url)
        }
    }
}

/// Small builders for catalog rows, so each check says only what matters to it.
enum Rows {
    /// A 64-character digest made of `prefix` and zeros (the fan-out folder is its first two characters).
    static func sha(_ prefix: String) -> String { String((prefix + String(repeating: "0", count: 64)).prefix(64)) }

    /// A post with `images` as (url, caption, alt) triples, positions in order.
    static func post(_ source: String, title: String?, _ images: [(url: String, caption: String?, alt: String?)],
                     variants: [String] = [], innerURL: String? = nil) -> PostRows {
        let refs = images.enumerated().map { index, image in
            ImageRefRecord(postId: 0, position: index, src: image.url, url: image.url,
                           variants: index == 0 ? variants : [], innerUrl: index == 0 ? innerURL : nil,
                           caption: image.caption, alt: image.alt, referrerPolicy: nil, isCover: index == 0, isPlaceholder: false)
        }
        return PostRows(post: PostRecord(source: source, path: "posts/" + source, title: title, date: "2024-05-01",
                                         url: "https://blog.example/" + source, cover: nil), images: refs)
    }

    /// An object and the URL that gave it, with one successful request.
    static func object(_ sha256: String, from url: String, size: Int64 = 100, phash: Int64? = nil,
                       thumbnail: String? = nil, status: Int = 200) -> ObjectRows {
        ObjectRows(object: ObjectRecord(sha256: sha256, size: size, ext: "jpg", mediaType: "jpeg", width: 640, height: 480,
                                        truncated: false, thumbnail: thumbnail, phash: phash),
                   url: URLObjectRecord(url: url, sha256: sha256, finalUrl: url, referer: "https://blog.example/",
                                        strategy: "origin", etag: "\"e-\(sha256.prefix(4))\"", lastModified: nil),
                   fetches: [FetchRecord(url: url, requestUrl: url, status: status, referer: "https://blog.example/",
                                         strategy: "origin", bytes: size, seconds: 0.01, error: nil)])
    }
}
