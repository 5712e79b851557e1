import Foundation
import GRDB

/// One archived picture for a gallery or an export: the object and where it first appeared.
public struct GalleryEntry: Sendable, Equatable, FetchableRecord, Codable {
    /// The object's SHA-256.
    public var sha256: String
    /// Its file extension.
    public var ext: String
    /// Its sniffed media type (`jpeg`, `png`, `gif`, ...).
    public var mediaType: String
    /// Pixel width, when decoded.
    public var width: Int?
    /// Pixel height, when decoded.
    public var height: Int?
    /// The thumbnail path relative to the archive, or nil.
    public var thumbnail: String?
    /// The image URL it was fetched from, if a post showed it.
    public var url: String?
    /// Its caption in the first post that has one.
    public var caption: String?
    /// Its alt text in the first post that shows it.
    public var alt: String?
    /// The first post's title.
    public var title: String?
    /// The first post's date as written.
    public var date: String?
    /// The first post's own URL.
    public var postUrl: String?
    /// The first post's source (absolute file path, `#N` for feed items, or URL).
    public var postSource: String?
    /// The first post's path as shown when scanned.
    public var postPath: String?

    /// An archived picture and where it first appeared.
    public init(sha256: String, ext: String, mediaType: String, width: Int?, height: Int?, thumbnail: String?,
                url: String?, caption: String?, alt: String?, title: String?, date: String?, postUrl: String?,
                postSource: String?, postPath: String?) {
        self.sha256 = sha256
        self.ext = ext
        self.mediaType = mediaType
        self.width = width
        self.height = height
        self.thumbnail = thumbnail
        self.url = url
        self.caption = caption
        self.alt = alt
        self.title = title
        self.date = date
        self.postUrl = postUrl
        self.postSource = postSource
        self.postPath = postPath
    }
}

extension GalleryEntry: SnakeCaseColumns {}

extension Catalog {
    /// Every object, once, in the order posts were recorded (objects no post shows come last),
    /// with its first post and its first caption (window functions: one pass, no per-row subquery).
    public func galleryEntries() throws -> [GalleryEntry] {
        try read("list the gallery") { db in
            try GalleryEntry.fetchAll(db, sql: CatalogSQL.galleryEntries { $0 })
        }
    }

    /// Writes a consistent copy of the catalog to `file` (one read snapshot, `VACUUM INTO`), in
    /// rollback-journal mode so the copy is one self-contained file.
    public func copyConsistently(to file: URL) throws {
        try database.unsafeRead { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [file.path])
        }
        let copy = try DatabaseQueue(path: file.path)
        try copy.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode=DELETE") }
        try copy.close()
    }
}
