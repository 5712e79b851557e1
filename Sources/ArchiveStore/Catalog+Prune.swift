import Foundation
import GRDB

extension Catalog {
    /// Objects nothing references any more (`CatalogSQL.referencedObjects`) or forgotten, largest first.
    public func unreferencedObjects() throws -> [ObjectRecord] {
        try read("list unreferenced objects") { db in
            try ObjectRecord.fetchAll(db, sql: CatalogSQL.unreferencedObjects { $0 })
        }
    }

    /// Whether an object row exists for this digest (a thumbnail without one is garbage).
    public func hasObject(sha256: String) throws -> Bool {
        try read("look up \(sha256)") { db in try ObjectRecord.exists(db, key: sha256) }
    }

    /// Deletes the rows of objects that are still unreferenced (checked again inside the
    /// transaction, so a URL mapped meanwhile keeps its object); returns those deleted.
    /// Call before moving their files: a crash in between leaves orphans, never dangling rows.
    public func deleteUnreferencedObjects(_ sha256s: [String]) throws -> Set<String> {
        try write("remove \(sha256s.count) unreferenced objects") { db in
            var deleted: Set<String> = []
            for sha256 in sha256s {
                let stillUnreferenced = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM object WHERE sha256 = ? AND \(CatalogSQL.isUnreferenced))
                    """, arguments: [sha256]) ?? false
                guard stillUnreferenced else { continue }
                // A URL mapped to forgotten bytes after the forget (a shared-queue worker that had
                // fetched them first) goes with them: the tombstone wins over the mapping.
                try db.execute(sql: "DELETE FROM url_object WHERE sha256 = ? AND \(CatalogSQL.isForgotten)", arguments: [sha256])
                try db.execute(sql: "DELETE FROM object WHERE sha256 = ?", arguments: [sha256])
                deleted.insert(sha256)
            }
            return deleted
        }
    }
}
