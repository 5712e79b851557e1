import Foundation
import GRDB

/// Every row of a SQLite catalog in the plain record types, so another `CatalogStore` can be
/// filled through its own write calls (`mediavault migrate`).
public struct CatalogDump: Sendable {
    /// Posts with their image references (post ids are the destination's business).
    public var posts: [PostRows] = []
    /// Object rows with every URL mapping (an object fetched from two URLs appears twice).
    public var objects: [ObjectRows] = []
    /// Fetch attempts that stored no object (failures, 304s), and every other fetch.
    public var fetches: [FetchRecord] = []
    /// Every observation of a URL, oldest first.
    public var history: [URLObservation] = []
    /// What a person asked to forget.
    public var tombstones: [ForgetTarget] = []
    /// The Referer strategy learned per host.
    public var hostStrategies: [String: String] = [:]
    /// When each object was last verified intact.
    public var lastVerified: [String: String] = [:]
}

extension Catalog {
    /// Reads every row in one snapshot (a consistent state even while a mirror writes).
    public func dump() throws -> CatalogDump {
        try read("read every row for a copy") { db in
            var dump = CatalogDump()
            let images = Dictionary(grouping: try ImageRefRecord.fetchAll(db, sql: "SELECT * FROM image_ref ORDER BY post_id, position"),
                                    by: \.postId)
            dump.posts = try PostRecord.fetchAll(db, sql: "SELECT * FROM post ORDER BY id").map { post in
                var fresh = post
                fresh.id = nil
                return PostRows(post: fresh, images: (images[post.id ?? -1] ?? []).map { var image = $0; image.postId = 0; return image })
            }
            let mappings = Dictionary(grouping: try URLObjectRecord.fetchAll(db, sql: "SELECT * FROM url_object ORDER BY url"), by: \.sha256)
            for object in try ObjectRecord.fetchAll(db, sql: "SELECT * FROM object ORDER BY sha256") {
                let urls = mappings[object.sha256] ?? []
                if urls.isEmpty { dump.objects.append(ObjectRows(object: object, url: nil, fetches: [])) }
                for url in urls { dump.objects.append(ObjectRows(object: object, url: url, fetches: [])) }
            }
            dump.fetches = try FetchRecord.fetchAll(db, sql: "SELECT url, request_url, status, referer, strategy, bytes, seconds, error, at FROM fetch ORDER BY rowid")
            dump.history = try URLObservation.fetchAll(db, sql: "SELECT url, sha256, status, event, observed_at FROM url_history ORDER BY id")
            for row in try Row.fetchAll(db, sql: "SELECT kind, value FROM tombstone ORDER BY created_at") {
                let value: String = row["value"]
                switch row["kind"] as String {
                case "post": dump.tombstones.append(.post(source: value))
                case "url": dump.tombstones.append(.url(value))
                default: dump.tombstones.append(.object(sha256: value))
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT host, strategy FROM host_strategy") { dump.hostStrategies[row["host"]] = row["strategy"] }
            for row in try Row.fetchAll(db, sql: "SELECT sha256, verified_at FROM object_verified") { dump.lastVerified[row["sha256"]] = row["verified_at"] }
            return dump
        }
    }
}
