import Foundation
import GRDB

/// One observation of an image URL: what it gave at one time. Rows are only ever added, so the
/// archive remembers that a URL once showed other bytes after a `--recheck` found new ones.
public struct URLObservation: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    public static let databaseTableName = "url_history"
    /// The image URL.
    public var url: String
    /// The object it gave (for `unchanged`: the object it still gives).
    public var sha256: String
    /// The HTTP status of the answer (nil for a local file, or a catalog created before history).
    public var status: Int?
    /// What was observed (`Event` raw value).
    public var event: String
    /// When (ISO 8601, UTC).
    public var observedAt: String

    /// What an observation says about the URL.
    public enum Event: String, Sendable {
        /// The URL gave these bytes (archived now, or before history was kept).
        case fetched
        /// A conditional re-check answered 304: still these bytes.
        case unchanged
        /// These bytes proved to be the host's placeholder, not the image: the mapping was dropped.
        case placeholder
        /// A person forgot the URL (`mediavault forget`): it is never fetched again.
        case forgotten
    }

    /// Creates an observation made now.
    public init(url: String, sha256: String, status: Int?, event: Event) {
        self.url = url
        self.sha256 = sha256
        self.status = status
        self.event = event.rawValue
        self.observedAt = Catalog.timestamp()
    }
}

extension URLObservation: SnakeCaseColumns {}

extension Catalog {
    /// `v-history`: every (URL, object, time, status) observation, seeded with today's mappings.
    static func registerHistoryMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v-history: every observation of a URL") { db in
            // No foreign key to `object`: an observation outlives the object it names (a
            // placeholder moved to quarantine/), as a record of what the URL once gave.
            try db.execute(sql: """
                CREATE TABLE url_history (
                    id INTEGER PRIMARY KEY,
                    url TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    status INTEGER,
                    event TEXT NOT NULL,
                    observed_at TEXT NOT NULL
                );
                CREATE INDEX url_history_url ON url_history(url, id);
                CREATE INDEX url_history_sha256 ON url_history(sha256);
                INSERT INTO url_history (url, sha256, status, event, observed_at)
                    SELECT url, sha256, NULL, 'fetched', fetched_at FROM url_object ORDER BY fetched_at;
                """)
        }
    }

    /// Adds an observation inside the caller's transaction.
    static func observe(_ observation: URLObservation, _ db: Database) throws {
        // A cached statement: this runs once per stored object, on the mirror's hot path.
        try db.cachedStatement(sql: "INSERT INTO url_history (url, sha256, status, event, observed_at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [observation.url, observation.sha256, observation.status, observation.event, observation.observedAt])
    }

    /// Adds an observation (a 304 on `--recheck`, say).
    public func recordObservation(_ observation: URLObservation) throws {
        try write("record what \(observation.url) gave") { db in try Self.observe(observation, db) }
    }

    /// Every observation of `url`, oldest first.
    public func history(url: String) throws -> [URLObservation] {
        try read("read the history of \(url)") { db in
            try URLObservation.fetchAll(db, sql: "SELECT * FROM url_history WHERE url = ? ORDER BY id", arguments: [url])
        }
    }

    /// Objects `url` gave before its current one (newest first, each once), still in the
    /// archive, with when each was last seen; placeholders the URL was wrongly given are left out.
    public func earlierCaptures(url: String) throws -> [(sha256: String, lastSeen: String)] {
        try read("read the earlier captures of \(url)") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT h.sha256, MAX(h.observed_at) AS last_seen FROM url_history h
                JOIN object ON object.sha256 = h.sha256
                WHERE h.url = ? AND h.event IN ('fetched', 'unchanged')
                  AND h.sha256 IS NOT (SELECT sha256 FROM url_object WHERE url = h.url)
                  AND NOT EXISTS (SELECT 1 FROM url_history p WHERE p.url = h.url AND p.sha256 = h.sha256 AND p.event = 'placeholder')
                GROUP BY h.sha256 ORDER BY MAX(h.id) DESC
                """, arguments: [url])
            return rows.map { (sha256: $0["sha256"], lastSeen: $0["last_seen"]) }
        }
    }
}
