import Foundation
import GRDB

extension Catalog {
    /// The objects still needed: mapped from a URL now, or an earlier capture of a URL (kept by
    /// the history) that was neither forgotten nor proven a placeholder since; never a forgotten object.
    private static let referencedObjects = """
        SELECT sha256 FROM url_object
        UNION
        SELECT h.sha256 FROM url_history h
        WHERE h.event IN ('fetched', 'unchanged')
          AND NOT EXISTS (SELECT 1 FROM url_history f WHERE f.url = h.url AND f.id > h.id
                          AND (f.event = 'forgotten' OR (f.event = 'placeholder' AND f.sha256 = h.sha256)))
        """

    /// Objects nothing references any more (see `referencedObjects`), largest first.
    public func unreferencedObjects() throws -> [ObjectRecord] {
        try read("list unreferenced objects") { db in
            try ObjectRecord.fetchAll(db, sql: """
                SELECT * FROM object
                WHERE sha256 NOT IN (\(Self.referencedObjects))
                   OR sha256 IN (SELECT value FROM tombstone WHERE kind = 'sha256')
                ORDER BY size DESC, sha256
                """)
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
                    SELECT ? NOT IN (\(Self.referencedObjects)) OR ? IN (SELECT value FROM tombstone WHERE kind = 'sha256')
                    """, arguments: [sha256, sha256]) ?? false
                guard stillUnreferenced else { continue }
                try db.execute(sql: "DELETE FROM object WHERE sha256 = ?", arguments: [sha256])
                deleted.insert(sha256)
            }
            return deleted
        }
    }
}
