import Foundation
import GRDB

extension Catalog {
    /// The Referer strategy that last worked for each host (`host_strategy`), by host.
    public func hostStrategies() throws -> [String: String] {
        try read("list learned Referer strategies") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT host, strategy FROM host_strategy")
            return Dictionary(rows.map { ($0["host"] as String, $0["strategy"] as String) }, uniquingKeysWith: { $1 })
        }
    }

    /// Remembers that `strategy` gave an image from `host`; a changed strategy restarts the count.
    public func recordHostStrategy(host: String, strategy: String) throws {
        try write("remember the Referer strategy of \(host)") { db in
            try db.execute(sql: """
                INSERT INTO host_strategy (host, strategy, successes, updated_at) VALUES (?, ?, 1, ?)
                ON CONFLICT(host) DO UPDATE SET
                    successes = CASE WHEN strategy = excluded.strategy THEN successes + 1 ELSE 1 END,
                    strategy = excluded.strategy, updated_at = excluded.updated_at
                """, arguments: [host, strategy, Self.timestamp()])
        }
    }

    /// The validators (ETag, Last-Modified) of every archived URL, for conditional re-checks.
    public func validators() throws -> [String: (etag: String?, lastModified: String?)] {
        try read("list URL validators") { db in
            var result: [String: (etag: String?, lastModified: String?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT url, etag, last_modified FROM url_object") {
                result[row["url"]] = (row["etag"], row["last_modified"])
            }
            return result
        }
    }

    /// URLs whose archived object has this digest (to re-fetch them when it proves a placeholder).
    public func urls(sha256: String) throws -> [String] {
        try read("list URLs of \(sha256)") { db in
            try String.fetchAll(db, sql: "SELECT url FROM url_object WHERE sha256 = ? ORDER BY url", arguments: [sha256])
        }
    }

    /// Forgets that `urls` gave object `sha256` and, when no URL maps to it any more, removes the
    /// object row; returns the object when its files should now be deleted (rows go first, so a
    /// crash leaves at worst an orphan file, never a row without bytes).
    public func forget(urls: [String], sha256: String) throws -> ObjectRecord? {
        try write("forget the placeholder \(sha256)") { db in
            for url in urls {
                try db.execute(sql: "DELETE FROM url_object WHERE url = ? AND sha256 = ?", arguments: [url, sha256])
                try Self.observe(URLObservation(url: url, sha256: sha256, status: nil, event: .placeholder), db)
            }
            let left = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM url_object WHERE sha256 = ?", arguments: [sha256]) ?? 0
            guard left == 0, let object = try ObjectRecord.fetchOne(db, key: sha256) else { return nil }
            try object.delete(db)
            return object
        }
    }
}
