import Foundation
import GRDB

extension Catalog {
    /// Records a post and replaces its image references (a re-scan reflects the post as it is now).
    @discardableResult
    public func recordPost(_ post: PostRecord, images: [ImageRefRecord]) throws -> Int64 {
        try write("record the post \(post.path)") { db in try Self.upsert(post, images: images, db) }
    }

    /// Inserts or replaces a post (by `source`) and its image references inside the caller's transaction.
    /// Cached statements bound per row, like the object rows: through GRDB's record encoding the
    /// first recording of 1,000 references cost more than the scan that found them (perf).
    static func upsert(_ post: PostRecord, images: [ImageRefRecord], _ db: Database) throws -> Int64 {
        let id: Int64
        if let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM post WHERE source = ?"), arguments: [post.source]) {
            id = existing
            try db.cachedStatement(sql: "UPDATE post SET path = ?, title = ?, date = ?, url = ?, cover = ?, scanned_at = ? WHERE id = ?")
                .execute(arguments: [post.path, post.title, post.date, post.url, post.cover, post.scannedAt, id])
        } else {
            try db.cachedStatement(sql: "INSERT INTO post (source, path, title, date, url, cover, scanned_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [post.source, post.path, post.title, post.date, post.url, post.cover, post.scannedAt])
            id = db.lastInsertedRowID
        }
        try db.cachedStatement(sql: "DELETE FROM image_ref WHERE post_id = ?").execute(arguments: [id])
        // The references are staged in a temporary table and moved with one INSERT … SELECT: the
        // full-text index's trigger then runs inside one statement per post. Inserted one by one,
        // each statement ended with FTS5 writing its pending terms out as a new segment (SQLite
        // 3.40 flushes on every statement savepoint): 1,000 references cost 80–130 ms, now ~10.
        try db.execute(sql: stagingTable)
        let stage = try db.cachedStatement(sql: """
            INSERT INTO temp.image_ref_staged (position, src, url, variants, inner_url, caption, alt, referrer_policy, is_cover, is_placeholder)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for image in images {
            try stage.execute(arguments: [image.position, image.src, image.url, image.variants, image.innerUrl,
                                          image.caption, image.alt, image.referrerPolicy, image.isCover, image.isPlaceholder])
            if let url = image.url {
                let variants = image.variants?.split(separator: "\n").map(String.init) ?? []
                try insertAliases(of: url, src: image.src, variants: variants, innerURL: image.innerUrl, db)
            }
        }
        try db.cachedStatement(sql: """
            INSERT INTO image_ref (post_id, position, src, url, variants, inner_url, caption, alt, referrer_policy, is_cover, is_placeholder)
            SELECT ?, position, src, url, variants, inner_url, caption, alt, referrer_policy, is_cover, is_placeholder
            FROM temp.image_ref_staged ORDER BY rowid
            """).execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM temp.image_ref_staged").execute()
        return id
    }

    /// The connection's staging table for one post's references (see `upsert`).
    private static let stagingTable = """
        CREATE TEMP TABLE IF NOT EXISTS image_ref_staged (
            position INTEGER, src TEXT, url TEXT, variants TEXT, inner_url TEXT, caption TEXT, alt TEXT,
            referrer_policy TEXT, is_cover INTEGER, is_placeholder INTEGER)
        """

    /// Records a stored object, the URL that gave it and the requests made, in one transaction.
    /// Call only after the object's file is durable: a row never points at missing bytes.
    public func recordObject(_ object: ObjectRecord, url: URLObjectRecord?, fetches: [FetchRecord]) throws {
        try write("record the object \(object.sha256)") { db in
            try Self.insert(ObjectRows(object: object, url: url, fetches: fetches), db)
        }
    }

    /// Writes the rows of one object inside the caller's transaction. Identical bytes from another
    /// URL keep the first object row and only fill in a thumbnail it lacks.
    /// Prepared once per connection and bound per row: GRDB's record encoding cost ~130 µs per
    /// object on the mirror's hot path (perf), plain cached statements a fraction of that.
    static func insert(_ rows: ObjectRows, _ db: Database) throws {
        let object = rows.object
        try db.cachedStatement(sql: """
            INSERT INTO object (sha256, size, ext, media_type, width, height, truncated, thumbnail, thumbnail_error, created_at, phash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sha256) DO UPDATE SET thumbnail = excluded.thumbnail, thumbnail_error = NULL
                WHERE object.thumbnail IS NULL AND excluded.thumbnail IS NOT NULL
            """).execute(arguments: [object.sha256, object.size, object.ext, object.mediaType, object.width, object.height,
                                     object.truncated, object.thumbnail, object.thumbnailError, object.createdAt, object.phash])
        if let url = rows.url {
            try db.cachedStatement(sql: """
                INSERT INTO url_object (url, sha256, final_url, referer, strategy, etag, last_modified, fetched_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (url) DO UPDATE SET sha256 = excluded.sha256, final_url = excluded.final_url,
                    referer = excluded.referer, strategy = excluded.strategy, etag = excluded.etag,
                    last_modified = excluded.last_modified, fetched_at = excluded.fetched_at
                """).execute(arguments: [url.url, url.sha256, url.finalUrl, url.referer, url.strategy, url.etag,
                                         url.lastModified, url.fetchedAt])
        }
        if let url = rows.url {
            // The mapping says what the URL gives now; the history keeps every answer, so a
            // changed image found by --recheck adds to what the URL showed instead of replacing it.
            try observe(URLObservation(url: url.url, sha256: object.sha256, status: rows.fetches.last?.status, event: .fetched), db)
        }
        for fetch in rows.fetches { try insert(fetch, db) }
    }

    /// Inserts one request row (a cached statement, as for objects).
    static func insert(_ fetch: FetchRecord, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO fetch (url, request_url, status, referer, strategy, bytes, seconds, error, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [fetch.url, fetch.requestUrl, fetch.status, fetch.referer, fetch.strategy,
                                     fetch.bytes, fetch.seconds, fetch.error, fetch.at])
    }

    /// Records requests that did not give an image.
    public func recordFetches(_ fetches: [FetchRecord]) throws {
        guard !fetches.isEmpty else { return }
        try write("record failed requests") { db in
            for fetch in fetches { try Self.insert(fetch, db) }
        }
    }

    /// Sets or clears an object's thumbnail.
    public func updateThumbnail(sha256: String, thumbnail: String?, error: String?) throws {
        try write("record the thumbnail of \(sha256)") { db in
            try db.execute(sql: "UPDATE object SET thumbnail = ?, thumbnail_error = ? WHERE sha256 = ?",
                           arguments: [thumbnail, error, sha256])
        }
    }
}
