import Foundation
import GRDB
import Testing
@testable import ArchiveStore
import TestSupport

/// `caption --similar` through the band indexes finds exactly what comparing every hash finds.
@Suite struct SimilarIndexTests {
    /// A hash `distance` bits from `base`, its flips spread over the four bands as evenly as
    /// possible: the case the pigeonhole bound is tight for (no band has fewer than d/4 flips).
    static func spread(_ base: UInt64, distance: Int, rotation: Int) -> UInt64 {
        var bits = base
        for flip in 0..<distance {
            let band = (flip + rotation) % PerceptualHashBands.count
            let bit = 63 - band * PerceptualHashBands.width - (flip / PerceptualHashBands.count) * 3 % PerceptualHashBands.width
            bits ^= 1 << UInt64(bit)
        }
        #expect((bits ^ base).nonzeroBitCount == distance)
        return bits
    }

    /// Hashes made one way, compared with a plain popcount over the list (not the catalog).
    static func bruteForce(_ hashes: [String: UInt64], query: UInt64, maxDistance: Int) -> [String: Int] {
        var near: [String: Int] = [:]
        for (sha, bits) in hashes where (bits ^ query).nonzeroBitCount <= maxDistance { near[sha] = (bits ^ query).nonzeroBitCount }
        return near
    }

    @Test("the band lookup returns the same objects and distances as a brute-force scan, boundaries included")
    func bandLookupMatchesBruteForce() throws {
        let root = try TestPaths.makeTemporaryFolder("similar-bands")
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = try Catalog(file: root.appendingPathComponent("catalog.sqlite"))
        var generator = SystemRandomNumberGenerator()
        let query: UInt64 = 0xF0F0_1234_8000_0001  // bit 63 set: stored as a negative integer
        var hashes: [String: UInt64] = [:]
        for index in 0..<20_000 { hashes[String(format: "%064x", index)] = UInt64.random(in: .min ... .max, using: &generator) }
        // Every distance 0–20 around the query, flips spread evenly and in one band only.
        for distance in 0...20 {
            for rotation in 0..<4 { hashes[String(format: "a%02d%01d", distance, rotation).padding(toLength: 64, withPad: "0", startingAt: 0)] = Self.spread(query, distance: distance, rotation: rotation) }
            let oneBand = distance == 0 ? query : query ^ (UInt64.max >> UInt64(64 - min(16, distance)))
            hashes[String(format: "b%02d", distance).padding(toLength: 64, withPad: "0", startingAt: 0)] = oneBand
        }
        try catalog.write("insert test hashes") { db in
            for (sha, bits) in hashes {
                try db.execute(sql: "INSERT INTO object (sha256, size, ext, media_type, created_at, phash) VALUES (?, 1, 'jpg', 'jpeg', 'now', ?)",
                               arguments: [sha, Int64(bitPattern: bits)])
            }
            try db.execute(sql: "INSERT INTO object (sha256, size, ext, media_type, created_at) VALUES (?, 1, 'gif', 'gif', 'now')",
                           arguments: [String(repeating: "c", count: 64)])  // no hash: never a candidate
        }
        let reader = try Catalog(readingFile: root.appendingPathComponent("catalog.sqlite"))
        for maxDistance in [0, 1, 3, 4, 7, 8, 10, 11, 12, 15, 16, 20] {
            let found = try reader.similarObjects(to: PerceptualHash(bits: query), maxDistance: maxDistance, limit: 100_000)
            let expected = Self.bruteForce(hashes, query: query, maxDistance: maxDistance)
            let got = Dictionary(uniqueKeysWithValues: found.map { ($0.sha256, $0.distance) })
            let wrong = Set(got.keys).symmetricDifference(expected.keys).sorted().map { String($0.prefix(4)) }
            #expect(got == expected, "max distance \(maxDistance): missing or extra \(wrong)")
            #expect(found.map(\.distance) == found.map(\.distance).sorted(), "closest first")
            #expect(expected.count >= 5 * (maxDistance + 1), "the planted hashes are all within \(maxDistance)")
        }
    }

    @Test("a catalog from before the band indexes (a lookup never migrates) is answered by comparing every hash")
    func olderCatalogsAreScanned() throws {
        let root = try TestPaths.makeTemporaryFolder("similar-older")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("catalog.sqlite")
        let catalog = try Catalog(file: file)
        let query: UInt64 = 0x0123_4567_89AB_CDEF
        let hashes = [query, Self.spread(query, distance: 7, rotation: 1), Self.spread(query, distance: 11, rotation: 2), ~query]
        try catalog.write("make an older catalog") { db in
            for (index, bits) in hashes.enumerated() {
                try db.execute(sql: "INSERT INTO object (sha256, size, ext, media_type, created_at, phash) VALUES (?, 1, 'jpg', 'jpeg', 'now', ?)",
                               arguments: [String(repeating: String(index), count: 64), Int64(bitPattern: bits)])
            }
            for band in 0..<PerceptualHashBands.count { try db.execute(sql: "DROP INDEX object_phash_band\(band)") }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [Catalog.hashBandMigration])
        }
        try catalog.database.close()
        let reader = try Catalog(readingFile: file)
        #expect(try !reader.read("check") { db in try Catalog.hasHashBands(db) })
        let found = try reader.similarObjects(to: PerceptualHash(bits: query), maxDistance: 10)
        #expect(found.map(\.distance) == [0, 7])
        #expect(found.map { $0.sha256.prefix(1) } == ["0", "1"])
    }

    @Test("the band probes are answered by the band indexes, not a scan of the objects")
    func probesUseTheBandIndexes() throws {
        let root = try TestPaths.makeTemporaryFolder("similar-plan")
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = try Catalog(file: root.appendingPathComponent("catalog.sqlite"))
        try catalog.read("plan") { db in
            #expect(try Catalog.hasHashBands(db))
            for band in 0..<PerceptualHashBands.count {
                let detail = try Row.fetchAll(db, sql: """
                    EXPLAIN QUERY PLAN SELECT rowid, phash FROM object
                    WHERE phash IS NOT NULL AND \(PerceptualHashBands.expression(band)) IN (1,2,3)
                    """).map { $0["detail"] as String? ?? "" }.joined(separator: "; ")
                #expect(detail.contains("USING INDEX object_phash_band\(band)"), "\(detail)")
            }
        }
    }

    @Test("band neighbours: every value within the radius once, nothing beyond it")
    func neighboursCoverTheBall() {
        for radius in 0...3 {
            let values = PerceptualHashBands.neighbours(of: 0xA5C3, radius: radius)
            let expected = (0...0xFFFF).filter { ($0 ^ 0xA5C3).nonzeroBitCount <= radius }
            #expect(values.first == 0xA5C3)
            #expect(values.count == expected.count)
            #expect(Set(values) == Set(expected))
        }
        #expect(PerceptualHashBands.probeRadius(forDistance: 10) == 2)
        #expect(PerceptualHashBands.probeRadius(forDistance: 15) == 3)
        #expect(PerceptualHashBands.probeRadius(forDistance: 16) == nil)
        #expect(PerceptualHashBands.value(of: 0xF0F0_1234_8000_0001, band: 0) == 0xF0F0)
        #expect(PerceptualHashBands.value(of: 0xF0F0_1234_8000_0001, band: 3) == 0x0001)
    }
}
