import ArchiveStore
import Foundation
import PostgresStore
import TestSupport

/// The conformance checks hold every `CatalogStore` to the protocol's rules; this is the one
/// name they use for it.
typealias ContractCatalog = CatalogStore

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
