import ArchiveStore
import Foundation

extension PostgresCatalog {
    /// Adds an observation (a 304 on `--recheck`, say).
    public func recordObservation(_ observation: URLObservation) throws {
        try write("record what \(observation.url) gave") { try Self.observe(observation, $0) }
    }

    /// Every observation of `url`, oldest first.
    public func history(url: String) throws -> [URLObservation] {
        try read("read the history of \(url)") { connection in
            try connection.execute("SELECT * FROM url_history WHERE url = $1 ORDER BY id", [url]).observations()
        }
    }

    /// Objects `url` gave before its current one (newest first, each once), still in the
    /// archive, with when each was last seen; placeholders the URL was wrongly given are left out.
    public func earlierCaptures(url: String) throws -> [(sha256: String, lastSeen: String)] {
        try read("read the earlier captures of \(url)") { connection in
            let rows = try connection.execute("""
                SELECT h.sha256, MAX(h.observed_at) AS last_seen FROM url_history h
                JOIN object ON object.sha256 = h.sha256
                WHERE h.url = $1 AND h.event IN ('fetched', 'unchanged')
                  AND h.sha256 IS DISTINCT FROM (SELECT sha256 FROM url_object WHERE url = h.url)
                  AND NOT EXISTS (SELECT 1 FROM url_history p WHERE p.url = h.url AND p.sha256 = h.sha256 AND p.event = 'placeholder')
                GROUP BY h.sha256 ORDER BY MAX(h.id) DESC
                """, [url])
            return try (0..<rows.count).map { (sha256: try rows.required($0, "sha256"), lastSeen: try rows.required($0, "last_seen")) }
        }
    }

    /// The Referer strategy that last worked for each host, by host.
    public func hostStrategies() throws -> [String: String] {
        try read("list learned Referer strategies") { connection in
            let rows = try connection.execute("SELECT host, strategy FROM host_strategy")
            return Dictionary(rows.rows.compactMap { row in row[0].flatMap { host in row[1].map { (host, $0) } } },
                              uniquingKeysWith: { $1 })
        }
    }

    /// Remembers that `strategy` gave an image from `host`; a changed strategy restarts the count.
    public func recordHostStrategy(host: String, strategy: String) throws {
        try write("remember the Referer strategy of \(host)") { connection in
            try connection.execute("""
                INSERT INTO host_strategy (host, strategy, successes, updated_at) VALUES ($1, $2, 1, $3)
                ON CONFLICT (host) DO UPDATE SET
                    successes = CASE WHEN host_strategy.strategy = excluded.strategy THEN host_strategy.successes + 1 ELSE 1 END,
                    strategy = excluded.strategy, updated_at = excluded.updated_at
                """, [host, strategy, Self.timestamp()])
        }
    }

    /// The validators (ETag, Last-Modified) of every archived URL, for conditional re-checks.
    public func validators() throws -> [String: (etag: String?, lastModified: String?)] {
        try read("list URL validators") { connection in
            let rows = try connection.execute("SELECT url, etag, last_modified FROM url_object")
            var result: [String: (etag: String?, lastModified: String?)] = [:]
            for row in 0..<rows.count {
                guard let url = rows.string(row, "url") else { continue }
                result[url] = (rows.string(row, "etag"), rows.string(row, "last_modified"))
            }
            return result
        }
    }

    /// URLs whose archived object has this digest.
    public func urls(sha256: String) throws -> [String] {
        try read("list URLs of \(sha256)") { connection in
            try connection.execute("SELECT url FROM url_object WHERE sha256 = $1 ORDER BY url COLLATE \"C\"", [sha256]).strings
        }
    }

    /// Forgets that `urls` gave object `sha256` (a placeholder) and, when no URL maps to it any
    /// more, removes the object row; returns the object when its files should now be deleted.
    public func forget(urls: [String], sha256: String) throws -> ObjectRecord? {
        try write("forget the placeholder \(sha256)") { connection in
            for url in urls {
                try connection.execute("DELETE FROM url_object WHERE url = $1 AND sha256 = $2", [url, sha256])
                try Self.observe(URLObservation(url: url, sha256: sha256, status: nil, event: .placeholder), connection)
            }
            let left = try connection.execute("SELECT count(*) FROM url_object WHERE sha256 = $1", [sha256]).scalar
            guard left == "0" else { return nil }
            return try connection.execute("DELETE FROM object WHERE sha256 = $1 RETURNING *", [sha256]).objects().first
        }
    }

    /// When each object was last verified (ISO 8601), by digest; objects never verified are absent.
    public func lastVerified() throws -> [String: String] {
        try read("read when objects were last verified") { connection in
            let rows = try connection.execute("SELECT sha256, verified_at FROM object_verified")
            return Dictionary(rows.rows.compactMap { row in row[0].flatMap { sha in row[1].map { (sha, $0) } } },
                              uniquingKeysWith: { $1 })
        }
    }

    /// Records that these objects were re-hashed and found intact at `date`.
    public func recordVerified(_ sha256s: [String], at date: Date = Date()) throws {
        guard !sha256s.isEmpty else { return }
        try write("record \(sha256s.count) verified objects") { connection in
            try connection.execute("""
                INSERT INTO object_verified (sha256, verified_at) SELECT DISTINCT unnest($1::text[]), $2
                ON CONFLICT (sha256) DO UPDATE SET verified_at = excluded.verified_at
                """, [PGTextArray(sha256s), Self.timestamp(date)])
        }
    }
}
