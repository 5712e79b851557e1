import Foundation
import GRDB

extension Catalog {
    /// `v-verified`: when each object's bytes were last re-hashed and found intact, so a
    /// time-boxed `verify --max-duration` starts with the objects checked longest ago.
    static func registerVerificationMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v-verified: when each object was last re-hashed") { db in
            // A table of its own, not a column of `object`: verify writes only here, and a
            // row for an object that prune removed later is harmless (nothing reads it then).
            try db.execute(sql: """
                CREATE TABLE object_verified (
                    sha256 TEXT PRIMARY KEY,
                    verified_at TEXT NOT NULL
                );
                """)
        }
    }

    /// When each object was last verified (ISO 8601), by digest; objects never verified are absent.
    public func lastVerified() throws -> [String: String] {
        try read("read when objects were last verified") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT sha256, verified_at FROM object_verified")
            return Dictionary(rows.map { ($0["sha256"] as String, $0["verified_at"] as String) }, uniquingKeysWith: { $1 })
        }
    }

    /// Records that these objects were re-hashed and found intact now.
    public func recordVerified(_ sha256s: [String], at date: Date = Date()) throws {
        guard !sha256s.isEmpty else { return }
        let now = Self.timestamp(date)
        try write("record \(sha256s.count) verified objects") { db in
            for sha256 in sha256s {
                try db.execute(sql: """
                    INSERT INTO object_verified (sha256, verified_at) VALUES (?, ?)
                    ON CONFLICT(sha256) DO UPDATE SET verified_at = excluded.verified_at
                    """, arguments: [sha256, now])
            }
        }
    }
}
