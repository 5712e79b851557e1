import ArchiveStore
import Foundation

extension PostgresCatalog {
    /// Records a post and replaces its image references (a re-scan reflects the post as it is now).
    @discardableResult
    public func recordPost(_ post: PostRecord, images: [ImageRefRecord]) throws -> Int64 {
        try write("record the post \(post.path)") { try Self.upsert(post, images: images, $0) }
    }

    /// Records many scanned posts in one transaction; a post stored exactly as given is not
    /// rewritten. Returns how many posts were written.
    @discardableResult
    public func recordPosts(_ batch: [PostRows]) throws -> Int {
        guard !batch.isEmpty else { return 0 }
        return try write("record \(batch.count) posts") { connection in
            var written = 0
            for rows in batch where try !Self.isUnchanged(rows, connection) {
                _ = try Self.upsert(rows.post, images: rows.images, connection)
                written += 1
            }
            return written
        }
    }

    /// Records a stored object, the URL that gave it and the requests made, in one transaction.
    /// Call only after the object's bytes are durable.
    public func recordObject(_ object: ObjectRecord, url: URLObjectRecord?, fetches: [FetchRecord]) throws {
        try recordObjects([ObjectRows(object: object, url: url, fetches: fetches)])
    }

    /// Records many stored objects in one transaction; call only after every object is durable.
    public func recordObjects(_ batch: [ObjectRows]) throws {
        guard !batch.isEmpty else { return }
        try write("record \(batch.count) objects") { connection in try Self.insert(batch, connection) }
    }

    /// Records requests that did not give an image.
    public func recordFetches(_ fetches: [FetchRecord]) throws {
        guard !fetches.isEmpty else { return }
        try write("record failed requests") { connection in
            for fetch in fetches { try Self.insert(fetch, connection) }
        }
    }

    /// Sets or clears an object's thumbnail.
    public func updateThumbnail(sha256: String, thumbnail: String?, error: String?) throws {
        try write("record the thumbnail of \(sha256)") { connection in
            try connection.execute("UPDATE object SET thumbnail = $1, thumbnail_error = $2 WHERE sha256 = $3", [thumbnail, error, sha256])
        }
    }

    /// Stores an object's perceptual hash (computed later than the object, e.g. by `verify --repair`).
    public func setPerceptualHash(sha256: String, hash: PerceptualHash) throws {
        try write("record the perceptual hash of \(sha256)") { connection in
            try connection.execute("UPDATE object SET phash = $1 WHERE sha256 = $2", [hash.storedValue, sha256])
        }
    }

    /// Writes the rows of objects inside the caller's transaction (the work queue's completion
    /// runs it with the jobs' "done"). In digest order, so two workers writing the same objects
    /// lock their rows in the same order and never deadlock each other.
    public static func insert(_ batch: [ObjectRows], _ connection: PGConnection) throws {
        for rows in batch.sorted(by: { $0.object.sha256 < $1.object.sha256 }) {
            let object = rows.object
            // Identical bytes from another URL keep the first row and only fill in a missing thumbnail.
            try connection.executePrepared("""
                INSERT INTO object (sha256, size, ext, media_type, width, height, truncated, thumbnail, thumbnail_error, created_at, phash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                ON CONFLICT (sha256) DO UPDATE SET thumbnail = excluded.thumbnail, thumbnail_error = NULL
                    WHERE object.thumbnail IS NULL AND excluded.thumbnail IS NOT NULL
                """, [object.sha256, object.size, object.ext, object.mediaType, object.width, object.height,
                      object.truncated ? 1 : 0, object.thumbnail, object.thumbnailError, object.createdAt, object.phash])
            if let url = rows.url {
                try connection.executePrepared("""
                    INSERT INTO url_object (url, sha256, final_url, referer, strategy, etag, last_modified, fetched_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    ON CONFLICT (url) DO UPDATE SET sha256 = excluded.sha256, final_url = excluded.final_url,
                        referer = excluded.referer, strategy = excluded.strategy, etag = excluded.etag,
                        last_modified = excluded.last_modified, fetched_at = excluded.fetched_at
                    """, [url.url, url.sha256, url.finalUrl, url.referer, url.strategy, url.etag, url.lastModified, url.fetchedAt])
                // The history keeps every answer: a changed image adds to what the URL showed.
                try observe(URLObservation(url: url.url, sha256: object.sha256, status: rows.fetches.last?.status, event: .fetched),
                            connection)
            }
            for fetch in rows.fetches { try insert(fetch, connection) }
        }
    }

    /// Inserts one request row.
    static func insert(_ fetch: FetchRecord, _ connection: PGConnection) throws {
        try connection.executePrepared("""
            INSERT INTO "fetch" (url, request_url, status, referer, strategy, bytes, seconds, error, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [fetch.url, fetch.requestUrl, fetch.status, fetch.referer, fetch.strategy, fetch.bytes, fetch.seconds,
                  fetch.error, fetch.at])
    }

    /// Adds an observation inside the caller's transaction.
    static func observe(_ observation: URLObservation, _ connection: PGConnection) throws {
        try connection.executePrepared("""
            INSERT INTO url_history (url, sha256, status, event, observed_at) VALUES ($1, $2, $3, $4, $5)
            """, [observation.url, observation.sha256, observation.status, observation.event, observation.observedAt])
    }

    /// Inserts or replaces a post (by `source`) and its image references and their aliases.
    static func upsert(_ post: PostRecord, images: [ImageRefRecord], _ connection: PGConnection) throws -> Int64 {
        let rows = try connection.execute("""
            INSERT INTO post (source, path, title, date, url, cover, scanned_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (source) DO UPDATE SET path = excluded.path, title = excluded.title, date = excluded.date,
                url = excluded.url, cover = excluded.cover, scanned_at = excluded.scanned_at
            RETURNING id
            """, [post.source, post.path, post.title, post.date, post.url, post.cover, post.scannedAt])
        guard let id = rows.int64(0, "id") else {
            throw PGError(sqlState: "", message: "post \(post.path) got no row id", operation: "record")
        }
        try connection.execute("DELETE FROM image_ref WHERE post_id = $1", [id])
        guard !images.isEmpty else { return id }
        // One statement for all the references: arrays bound once, unnested by the server.
        func column(_ value: (ImageRefRecord) -> String?) -> PGTextArray { PGTextArray(images.map(value)) }
        try connection.execute("""
            INSERT INTO image_ref (post_id, position, src, url, variants, inner_url, caption, alt, referrer_policy, is_cover, is_placeholder)
            SELECT $1::bigint, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                                     $9::text[], $10::int[], $11::int[])
            """, [id, column { String($0.position) }, column(\.src), column(\.url), column(\.variants), column(\.innerUrl),
                  column(\.caption), column(\.alt), column(\.referrerPolicy), column { $0.isCover ? "1" : "0" },
                  column { $0.isPlaceholder ? "1" : "0" }])
        var aliases: [String?] = [], targets: [String?] = []
        for image in images {
            guard let url = image.url else { continue }
            let variants = image.variants?.split(separator: "\n").map(String.init) ?? []
            for alias in Catalog.aliases(of: url, src: image.src, variants: variants, innerURL: image.innerUrl) {
                aliases.append(alias)
                targets.append(url)
            }
        }
        if !aliases.isEmpty {
            try connection.execute("""
                INSERT INTO image_url_alias (alias, url) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING
                """, [PGTextArray(aliases), PGTextArray(targets)])
        }
        return id
    }

    /// True when the post's row (apart from when it was scanned) and its references are stored as given.
    private static func isUnchanged(_ rows: PostRows, _ connection: PGConnection) throws -> Bool {
        let post = rows.post
        let stored = try connection.execute("SELECT id, path, title, date, url, cover FROM post WHERE source = $1", [post.source])
        guard stored.count == 1, let id = stored.int64(0, "id"), stored.string(0, "path") == post.path,
              stored.string(0, "title") == post.title, stored.string(0, "date") == post.date,
              stored.string(0, "url") == post.url, stored.string(0, "cover") == post.cover else { return false }
        let images = try connection.execute("""
            SELECT position, src, url, variants, inner_url, caption, alt, referrer_policy, is_cover, is_placeholder
            FROM image_ref WHERE post_id = $1 ORDER BY position
            """, [id])
        guard images.count == rows.images.count else { return false }
        for (row, image) in rows.images.enumerated() {
            guard images.int(row, "position") == image.position, images.string(row, "src") == image.src,
                  images.string(row, "url") == image.url, images.string(row, "variants") == image.variants,
                  images.string(row, "inner_url") == image.innerUrl, images.string(row, "caption") == image.caption,
                  images.string(row, "alt") == image.alt, images.string(row, "referrer_policy") == image.referrerPolicy,
                  images.flag(row, "is_cover") == image.isCover, images.flag(row, "is_placeholder") == image.isPlaceholder
            else { return false }
        }
        return true
    }
}
