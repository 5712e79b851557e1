import Foundation
import GRDB

/// A post as recorded in the catalog.
public struct PostRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    public static let databaseTableName = "post"
    /// Row id.
    public var id: Int64?
    /// What identifies the post across runs: its absolute file path, or feed URL + item link.
    public var source: String
    /// The path as shown to the user when it was scanned.
    public var path: String
    /// Title, if any.
    public var title: String?
    /// Date as written in the post.
    public var date: String?
    /// The post's own URL, if known.
    public var url: String?
    /// Front-matter cover URL as written.
    public var cover: String?
    /// When the post was last scanned (ISO 8601).
    public var scannedAt: String

    /// Creates a post record.
    public init(source: String, path: String, title: String?, date: String?, url: String?, cover: String?) {
        self.source = source
        self.path = path
        self.title = title
        self.date = date
        self.url = url
        self.cover = cover
        self.scannedAt = Catalog.timestamp()
    }

    /// Keeps the row id after an insert.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One image of a post as recorded in the catalog.
public struct ImageRefRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    public static let databaseTableName = "image_ref"
    /// The post's row id.
    public var postId: Int64
    /// Position in the post, from 0.
    public var position: Int
    /// URL as written.
    public var src: String
    /// URL fetched (resolved), nil when unresolved.
    public var url: String?
    /// Other candidates, newline-separated.
    public var variants: String?
    /// URL wrapped by a proxy URL, if any.
    public var innerUrl: String?
    /// Visible caption.
    public var caption: String?
    /// `alt` text.
    public var alt: String?
    /// The image's `referrerpolicy` attribute.
    public var referrerPolicy: String?
    /// Whether this image is the post's cover.
    public var isCover: Bool
    /// Whether the URL is a placeholder service.
    public var isPlaceholder: Bool

    /// Creates an image record.
    public init(postId: Int64, position: Int, src: String, url: String?, variants: [String], innerUrl: String?,
                caption: String?, alt: String?, referrerPolicy: String?, isCover: Bool, isPlaceholder: Bool) {
        self.postId = postId
        self.position = position
        self.src = src
        self.url = url
        self.variants = variants.isEmpty ? nil : variants.joined(separator: "\n")
        self.innerUrl = innerUrl
        self.caption = caption
        self.alt = alt
        self.referrerPolicy = referrerPolicy
        self.isCover = isCover
        self.isPlaceholder = isPlaceholder
    }
}

/// A stored object as recorded in the catalog (written only after its file is durable).
public struct ObjectRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    public static let databaseTableName = "object"
    /// SHA-256 of the bytes.
    public var sha256: String
    /// Size in bytes.
    public var size: Int64
    /// File extension (`jpg`, `png`, ...).
    public var ext: String
    /// Sniffed kind (`jpeg`, `png`, ...).
    public var mediaType: String
    /// Width in pixels, when decodable.
    public var width: Int?
    /// Height in pixels, when decodable.
    public var height: Int?
    /// True when the image data ends early (libjpeg warned).
    public var truncated: Bool
    /// Thumbnail path relative to the archive, or nil.
    public var thumbnail: String?
    /// Why there is no thumbnail, when there is none.
    public var thumbnailError: String?
    /// When the object was stored (ISO 8601).
    public var createdAt: String
    /// 64-bit perceptual hash of the picture (bit pattern stored as a signed integer), when decodable.
    public var phash: Int64?

    /// Creates an object record.
    public init(sha256: String, size: Int64, ext: String, mediaType: String, width: Int? = nil, height: Int? = nil,
                truncated: Bool = false, thumbnail: String? = nil, thumbnailError: String? = nil, phash: Int64? = nil) {
        self.sha256 = sha256
        self.size = size
        self.ext = ext
        self.mediaType = mediaType
        self.width = width
        self.height = height
        self.truncated = truncated
        self.thumbnail = thumbnail
        self.thumbnailError = thumbnailError
        self.createdAt = Catalog.timestamp()
        self.phash = phash
    }

    /// Path of the object relative to the archive.
    public var relativePath: String { "objects/\(sha256.prefix(2))/\(sha256).\(ext)" }
}

/// Which object a URL gave, and how it was obtained.
public struct URLObjectRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    public static let databaseTableName = "url_object"
    /// The image URL (as fetched, resolved).
    public var url: String
    /// The object it gave.
    public var sha256: String
    /// URL after redirects.
    public var finalUrl: String?
    /// Referer that worked.
    public var referer: String?
    /// Referer strategy that worked.
    public var strategy: String?
    /// `ETag` of the response.
    public var etag: String?
    /// `Last-Modified` of the response.
    public var lastModified: String?
    /// When it was fetched (ISO 8601).
    public var fetchedAt: String

    /// Creates a mapping.
    public init(url: String, sha256: String, finalUrl: String?, referer: String?, strategy: String?,
                etag: String?, lastModified: String?) {
        self.url = url
        self.sha256 = sha256
        self.finalUrl = finalUrl
        self.referer = referer
        self.strategy = strategy
        self.etag = etag
        self.lastModified = lastModified
        self.fetchedAt = Catalog.timestamp()
    }
}

/// One HTTP request made for an image (every attempt is kept).
public struct FetchRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    public static let databaseTableName = "fetch"
    /// The image URL the request was for.
    public var url: String
    /// The URL requested on this hop.
    public var requestUrl: String
    /// HTTP status, nil when no response came.
    public var status: Int?
    /// Referer sent, nil for none.
    public var referer: String?
    /// Referer strategy name.
    public var strategy: String?
    /// Bytes received.
    public var bytes: Int64
    /// Seconds taken.
    public var seconds: Double
    /// Why this request did not give the image, nil for the one that did.
    public var error: String?
    /// When (ISO 8601).
    public var at: String

    /// Creates a fetch record.
    public init(url: String, requestUrl: String, status: Int?, referer: String?, strategy: String?,
                bytes: Int64, seconds: Double, error: String?) {
        self.url = url
        self.requestUrl = requestUrl
        self.status = status
        self.referer = referer
        self.strategy = strategy
        self.bytes = bytes
        self.seconds = seconds
        self.error = error
        self.at = Catalog.timestamp()
    }
}
