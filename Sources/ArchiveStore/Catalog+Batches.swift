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

    /// True when the post's row (apart from when it was scanned) and its references are stored as given.
    private static func isUnchanged(_ rows: PostRows, _ db: Database) throws -> Bool {
        guard var stored = try PostRecord.filter(Column("source") == rows.post.source).fetchOne(db),
              let id = stored.id else { return false }
        stored.scannedAt = rows.post.scannedAt
        var post = rows.post
        post.id = id
        guard stored == post else { return false }
        let images = try ImageRefRecord.filter(Column("post_id") == id).order(Column("position")).fetchAll(db)
        return images == rows.images.map { var image = $0; image.postId = id; return image }
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
