import Foundation
import GRDB

/// One place an archived image appeared, with its caption there.
public struct CaptionHit: Codable, Sendable, Equatable, FetchableRecord {
    /// The object's SHA-256.
    public var sha256: String
    /// The image URL as fetched.
    public var url: String
    /// The post path as shown when scanned.
    public var post: String
    /// The post's title.
    public var title: String?
    /// The post's date as written.
    public var date: String?
    /// The post's own URL.
    public var postUrl: String?
    /// The caption in that post, or nil.
    public var caption: String?
    /// The alt text in that post, or nil.
    public var alt: String?

    /// A place an archived image appeared.
    public init(sha256: String, url: String, post: String, title: String?, date: String?, postUrl: String?,
                caption: String?, alt: String?) {
        self.sha256 = sha256
        self.url = url
        self.post = post
        self.title = title
        self.date = date
        self.postUrl = postUrl
        self.caption = caption
        self.alt = alt
    }
}

extension CaptionHit: SnakeCaseColumns {}

extension Catalog {
    /// The object a URL gave, if it is archived; else the object of an image a post also
    /// named by that URL (its `src`, a variant, the inner URL of a proxied URL).
    public func object(forURL url: String) throws -> ObjectRecord? {
        let fetched = try read("look up \(url)") { db in
            try ObjectRecord.fetchOne(db, sql: """
                SELECT object.* FROM url_object JOIN object USING (sha256) WHERE url_object.url = ?
                """, arguments: [url])
        }
        return try fetched ?? object(forAlias: url)
    }

    /// Every archived URL (to skip them on a re-run).
    public func archivedURLs() throws -> Set<String> {
        try read("list archived URLs") { db in Set(try String.fetchAll(db, sql: "SELECT url FROM url_object")) }
    }

    /// Objects whose SHA-256 starts with `prefix` (a full hash gives at most one).
    public func objects(sha256Prefix prefix: String) throws -> [ObjectRecord] {
        let prefix = prefix.lowercased()
        guard prefix.allSatisfy(\.isHexDigit) else { return [] }
        return try read("look up \(prefix)") { db in
            try ObjectRecord.filter(Column("sha256") >= prefix && Column("sha256") < prefix + "g").limit(20).fetchAll(db)
        }
    }

    /// Every place the object appeared: post, URL, caption; posts in path order.
    public func captions(sha256: String) throws -> [CaptionHit] {
        try read("look up captions of \(sha256)") { db in
            try CaptionHit.fetchAll(db, sql: """
                SELECT url_object.sha256, image_ref.url, post.path AS post, post.title, post.date,
                       post.url AS post_url, image_ref.caption, image_ref.alt
                FROM url_object
                JOIN image_ref ON image_ref.url = url_object.url
                JOIN post ON post.id = image_ref.post_id
                WHERE url_object.sha256 = ?
                ORDER BY post.path, image_ref.position
                """, arguments: [sha256])
        }
    }

    /// Every object row, in hash order.
    public func allObjects() throws -> [ObjectRecord] {
        try read("list objects") { db in try ObjectRecord.order(Column("sha256")).fetchAll(db) }
    }

    /// Counts of the main tables, for summaries.
    public func counts() throws -> (posts: Int, images: Int, objects: Int, bytes: Int64) {
        try read("count rows") { db in
            (try PostRecord.fetchCount(db), try ImageRefRecord.fetchCount(db), try ObjectRecord.fetchCount(db),
             try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM object") ?? 0)
        }
    }

    /// Problems SQLite itself finds: `PRAGMA integrity_check` and `foreign_key_check`; empty when sound.
    /// `quick` runs `quick_check` alone: every page and b-tree read once, but no index compared
    /// with its table and no foreign key followed. At a million images (a 1.4 GB catalog) the
    /// full check took 44 s and the foreign keys 4 s, `quick_check` 3 s: it is `verify --fast`'s.
    public func integrityProblems(quick: Bool = false) throws -> [String] {
        try read("check integrity") { db in
            var problems = try String.fetchAll(db, sql: quick ? "PRAGMA quick_check" : "PRAGMA integrity_check").filter { $0 != "ok" }
            if quick { return problems }
            let rows = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            problems += rows.map { "foreign key: table \($0[0] as String? ?? "?") row \($0[1] as Int64? ?? -1) points at a missing \($0[2] as String? ?? "?") row" }
            return problems
        }
    }
}

extension Catalog {
    /// Objects of the hashed formats (`PerceptualHash.hashedMediaTypesSQL`) with no perceptual hash yet (archived before hashes were computed, or with --no-thumbnails).
    public func objectsWithoutPerceptualHash() throws -> [ObjectRecord] {
        try read("list objects without a perceptual hash") { db in
            try ObjectRecord.fetchAll(db, sql: """
                SELECT * FROM object WHERE phash IS NULL AND media_type IN \(PerceptualHash.hashedMediaTypesSQL) ORDER BY sha256
                """)
        }
    }

    /// Decodable objects with no thumbnail and the reason recorded (HEIC mirrored without libheif, a damaged file).
    public func objectsWithFailedThumbnails() throws -> [ObjectRecord] {
        try read("list objects whose thumbnail failed") { db in
            try ObjectRecord.fetchAll(db, sql: """
                SELECT * FROM object WHERE thumbnail IS NULL AND thumbnail_error IS NOT NULL
                AND media_type IN \(Thumbnailer.decodedMediaTypesSQL) ORDER BY sha256
                """)
        }
    }

    /// Every URL mapping of an object: where it came from and the Referer that worked.
    public func urlMappings(sha256: String) throws -> [URLObjectRecord] {
        try read("look up the URLs of \(sha256)") { db in
            try URLObjectRecord.filter(Column("sha256") == sha256).order(Column("fetched_at").desc).fetchAll(db)
        }
    }
}

extension Catalog {
    /// How many objects of the hashed formats have no perceptual hash yet.
    public func countWithoutPerceptualHash() throws -> Int {
        try read("count objects without a perceptual hash") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM object WHERE phash IS NULL AND media_type IN \(PerceptualHash.hashedMediaTypesSQL)") ?? 0
        }
    }
}
