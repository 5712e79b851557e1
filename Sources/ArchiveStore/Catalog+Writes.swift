import Foundation
import GRDB

extension Catalog {
    /// Records a post and replaces its image references (a re-scan reflects the post as it is now).
    @discardableResult
    public func recordPost(_ post: PostRecord, images: [ImageRefRecord]) throws -> Int64 {
        try write("record the post \(post.path)") { db in
            var post = post
            if let existing = try PostRecord.filter(Column("source") == post.source).fetchOne(db) {
                post.id = existing.id
                try post.update(db)
            } else {
                try post.insert(db)
            }
            guard let id = post.id else { throw StoreError.catalog("post \(post.path) has no row id") }
            try ImageRefRecord.filter(Column("post_id") == id).deleteAll(db)
            for var image in images {
                image.postId = id
                try image.insert(db)
                if let url = image.url {
                    let variants = image.variants?.split(separator: "\n").map(String.init) ?? []
                    try Self.insertAliases(of: url, src: image.src, variants: variants, innerURL: image.innerUrl, db)
                }
            }
            return id
        }
    }

    /// Records a stored object, the URL that gave it and the requests made, in one transaction.
    /// Call only after the object's file is durable: a row never points at missing bytes.
    public func recordObject(_ object: ObjectRecord, url: URLObjectRecord?, fetches: [FetchRecord]) throws {
        try write("record the object \(object.sha256)") { db in
            try Self.insert(ObjectRows(object: object, url: url, fetches: fetches), db)
        }
    }

    /// Writes the rows of one object inside the caller's transaction. Identical bytes from another
    /// URL keep the first object row and only fill in a thumbnail it lacks.
    static func insert(_ rows: ObjectRows, _ db: Database) throws {
        let object = rows.object
        if try ObjectRecord.exists(db, key: object.sha256) {
            if let thumbnail = object.thumbnail {
                try db.execute(sql: "UPDATE object SET thumbnail = ?, thumbnail_error = NULL WHERE sha256 = ? AND thumbnail IS NULL",
                               arguments: [thumbnail, object.sha256])
            }
        } else {
            try object.insert(db)
        }
        if let url = rows.url { try url.upsert(db) }
        for fetch in rows.fetches { try fetch.insert(db) }
    }

    /// Records requests that did not give an image.
    public func recordFetches(_ fetches: [FetchRecord]) throws {
        guard !fetches.isEmpty else { return }
        try write("record failed requests") { db in
            for fetch in fetches { try fetch.insert(db) }
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
