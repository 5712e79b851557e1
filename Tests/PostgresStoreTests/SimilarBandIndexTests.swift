import ArchiveStore
import Foundation
import PostgresStore
import Testing
import TestSupport

/// The PostgreSQL catalog's band indexes for `caption --similar` (the lookup's answers are
/// checked against brute force in the conformance suite, `similarMatchesBruteForce`).
@Suite(.testServer(.postgres))
struct SimilarBandIndexTests {
    @Test func theMigrationMakesTheBandIndexesAndABandConditionUsesThem() throws {
        let database = try TestDatabase()
        let db = try database.connect()
        let indexes = try db.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'object' AND indexname LIKE 'object_phash_band%' ORDER BY indexname")
            .rows.compactMap { $0[0] }
        #expect(indexes == ["object_phash_band0", "object_phash_band1", "object_phash_band2", "object_phash_band3"])

        // 20,000 hashes spread over every band value, and the statistics a real catalog has
        // (ANALYZE, as autovacuum runs it): the lookup's condition shape (one value list per
        // band) is then a bitmap OR of the four indexes, not a read of every row.
        try db.execute("""
            INSERT INTO object (sha256, size, ext, media_type, created_at, phash)
            SELECT lpad(to_hex(i), 64, '0'), 1000, 'jpg', 'jpeg', '2026-01-01T00:00:00Z',
                   ((hashtextextended(i::text, 0) # (hashtextextended(i::text, 1) << 17)))
            FROM generate_series(1, 20000) AS i
            """)
        try db.execute("ANALYZE object")
        let conditions = (0..<PerceptualHashBands.count).map { "\(PerceptualHashBands.expression($0)) = ANY($\($0 + 1)::bigint[])" }
        // Distance ≤ 3: one value per band (at 200,000 rows the default 10 bits, 137 values per
        // band, is a bitmap OR too: 2.4 ms against 39 ms for the parallel seq scan).
        let values = PGTextArray([String(0x1234)])
        let plan = try db.execute("EXPLAIN SELECT sha256 FROM object WHERE phash IS NOT NULL AND (\(conditions.joined(separator: " OR ")))",
                                  Array(repeating: values, count: 4)).rows.compactMap { $0[0] }.joined(separator: "\n")
        #expect(plan.contains("BitmapOr"), "plan: \(plan)")
        for band in 0..<PerceptualHashBands.count {
            #expect(plan.contains("object_phash_band\(band)"), "plan: \(plan)")
        }
    }
}
