import GRDB

/// An object whose perceptual hash is close to a query's.
public struct SimilarObject: Sendable, Equatable {
    /// The object's SHA-256.
    public var sha256: String
    /// Hamming distance between the perceptual hashes (0–64).
    public var distance: Int

    /// Creates a result.
    public init(sha256: String, distance: Int) {
        self.sha256 = sha256
        self.distance = distance
    }
}

extension Catalog {
    /// The migration that indexes the perceptual hash by bands (`PerceptualHashBands`).
    static let hashBandMigration = "v-phashBands: perceptual hashes indexed in four 16-bit bands"

    /// Registers the band indexes. Indexes on expressions of `phash` need no new column, so no
    /// writer (SQLite or another catalog) changes, and creating them backfills every row.
    static func registerHashBandMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(hashBandMigration) { db in
            for band in 0..<PerceptualHashBands.count {
                try db.execute(sql: """
                    CREATE INDEX object_phash_band\(band) ON object(\(PerceptualHashBands.expression(band))) WHERE phash IS NOT NULL
                    """)
            }
        }
    }

    /// Objects whose perceptual hash is within `maxDistance` bits of `hash`, closest first.
    /// Through the band indexes when the catalog has them and the distance is small enough
    /// (the default 10 bits probes 137 values per band); else every hash is compared.
    public func similarObjects(to hash: PerceptualHash, maxDistance: Int, limit: Int = 50) throws -> [SimilarObject] {
        try read("look up similar images") { db in
            var near: [(rowid: Int64, distance: Int)]
            if let radius = PerceptualHashBands.probeRadius(forDistance: maxDistance), try Self.hasHashBands(db) {
                near = try Self.probeBands(db, hash: hash, radius: radius, maxDistance: maxDistance)
            } else {
                near = try Self.scanHashes(db, hash: hash, maxDistance: maxDistance)
            }
            near.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.rowid < $1.rowid) }
            return try near.prefix(limit).compactMap { hit in
                try String.fetchOne(db, sql: "SELECT sha256 FROM object WHERE rowid = ?", arguments: [hit.rowid])
                    .map { SimilarObject(sha256: $0, distance: hit.distance) }
            }
        }
    }

    /// Whether the band indexes exist (a lookup opens the catalog read-only and cannot migrate).
    static func hasHashBands(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM grdb_migrations WHERE identifier = ?", arguments: [hashBandMigration]) == true
    }

    /// The candidates sharing a band within `radius` bits, each kept once and checked by popcount.
    private static func probeBands(_ db: Database, hash: PerceptualHash, radius: Int, maxDistance: Int) throws -> [(rowid: Int64, distance: Int)] {
        var seen = Set<Int64>()
        var near: [(rowid: Int64, distance: Int)] = []
        for band in 0..<PerceptualHashBands.count {
            let values = PerceptualHashBands.neighbours(of: PerceptualHashBands.value(of: hash.bits, band: band), radius: radius)
            // The values are integers this code made, so they are written into the SQL text: one
            // statement per band with an IN list, which SQLite answers by one index seek per value.
            let list = values.map(String.init).joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: """
                SELECT rowid, phash FROM object WHERE phash IS NOT NULL AND \(PerceptualHashBands.expression(band)) IN (\(list))
                """)
            while let row = try rows.next() {
                let rowid: Int64 = row[0]
                guard seen.insert(rowid).inserted else { continue }
                let distance = (UInt64(bitPattern: row[1] as Int64) ^ hash.bits).nonzeroBitCount
                if distance <= maxDistance { near.append((rowid, distance)) }
            }
        }
        return near
    }

    /// Every stored hash compared (from the covering index `object_phash`): for large distances
    /// and catalogs not yet migrated; ~1 µs per object.
    private static func scanHashes(_ db: Database, hash: PerceptualHash, maxDistance: Int) throws -> [(rowid: Int64, distance: Int)] {
        var near: [(rowid: Int64, distance: Int)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT rowid, phash FROM object WHERE phash IS NOT NULL")
        while let row = try rows.next() {
            let distance = (UInt64(bitPattern: row[1] as Int64) ^ hash.bits).nonzeroBitCount
            if distance <= maxDistance { near.append((row[0], distance)) }
        }
        return near
    }
}
