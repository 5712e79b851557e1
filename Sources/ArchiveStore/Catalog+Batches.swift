import Foundation
import GRDB

/// A scanned post with its image references, for recording many posts in one transaction.
public struct PostRows: Sendable {
    /// The post.
    public var post: PostRecord
    /// Its images, in document order.
    public var images: [ImageRefRecord]

    /// Bundles a post and its images.
    public init(post: PostRecord, images: [ImageRefRecord]) {
        self.post = post
        self.images = images
    }
}

extension Catalog {
    /// Records many scanned posts in one transaction. A post whose row and image references are
    /// exactly as stored is not written at all (a re-run of unchanged posts costs reads, not a
    /// rewrite of every reference and its full-text row). Returns how many posts were written.
    @discardableResult
    public func recordPosts(_ batch: [PostRows]) throws -> Int {
        guard !batch.isEmpty else { return 0 }
        return try write("record \(batch.count) posts") { db in
            var written = 0
            for rows in batch where try !Self.isUnchanged(rows, db) {
                _ = try Self.upsert(rows.post, images: rows.images, db)
                written += 1
            }
            return written
        }
    }

    /// True when the post's row (apart from when it was scanned) and its references are stored as
    /// given. Raw cached statements compared column by column: GRDB's query builder and record
    /// decoding made this check cost more than the scan itself (perf, 10,000 posts).
    private static func isUnchanged(_ rows: PostRows, _ db: Database) throws -> Bool {
        let post = rows.post
        guard let stored = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, path, title, date, url, cover FROM post WHERE source = ?"),
                                            arguments: [post.source]),
              let id: Int64 = stored[0],
              stored[1] == post.path, stored[2] == post.title, stored[3] == post.date, stored[4] == post.url,
              stored[5] == post.cover else { return false }
        let images = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT position, src, url, variants, inner_url, caption, alt, referrer_policy, is_cover, is_placeholder
            FROM image_ref WHERE post_id = ? ORDER BY position
            """), arguments: [id])
        guard images.count == rows.images.count else { return false }
        for (row, image) in zip(images, rows.images) {
            guard row[0] == image.position, row[1] == image.src, row[2] == image.url, row[3] == image.variants,
                  row[4] == image.innerUrl, row[5] == image.caption, row[6] == image.alt,
                  row[7] == image.referrerPolicy, row[8] == image.isCover, row[9] == image.isPlaceholder else { return false }
        }
        return true
    }

    /// Which of `urls` are archived (mapped to an object), asked in chunks: a re-run checks its
    /// URLs without loading every archived URL into memory.
    public func archived(among urls: [String]) throws -> Set<String> {
        var found: Set<String> = []
        try read("check \(urls.count) URLs") { db in
            for start in stride(from: 0, to: urls.count, by: 500) {
                let chunk = Array(urls[start..<min(start + 500, urls.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                found.formUnion(try String.fetchAll(db, sql: "SELECT url FROM url_object WHERE url IN (\(marks))",
                                                    arguments: StatementArguments(chunk)))
            }
        }
        return found
    }
}
