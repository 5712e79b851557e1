import ArchiveStore
import Foundation

extension PostgresCatalog {
    /// Objects whose perceptual hash is within `maxDistance` bits of `hash`, closest first.
    /// As in the SQLite catalog (Catalog+Similar.swift): for distances up to 15 bits only the
    /// rows sharing one of the four 16-bit bands within `maxDistance / 4` bits are read (a
    /// bitmap OR of the band indexes), then the server XORs and counts bits (`bit_count`,
    /// PostgreSQL 14+) and sends only the hits; larger distances compare every hash.
    public func similarObjects(to hash: PerceptualHash, maxDistance: Int, limit: Int = 50) throws -> [SimilarObject] {
        try read("look up similar images") { connection in
            var arguments: [(any PGBindable)?] = [hash.storedValue, maxDistance, limit]
            var bands = ""
            if let radius = PerceptualHashBands.probeRadius(forDistance: maxDistance) {
                let conditions = (0..<PerceptualHashBands.count).map { band in
                    let values = PerceptualHashBands.neighbours(of: PerceptualHashBands.value(of: hash.bits, band: band), radius: radius)
                    arguments.append(PGTextArray(values.map(String.init)))
                    return "\(PerceptualHashBands.expression(band)) = ANY($\(arguments.count)::bigint[])"
                }
                bands = " AND (" + conditions.joined(separator: " OR ") + ")"
            }
            let rows = try connection.execute("""
                SELECT sha256, distance FROM (
                    SELECT sha256, created_at, bit_count((phash # $1::bigint)::bit(64)) AS distance FROM object
                    WHERE phash IS NOT NULL\(bands)
                ) AS near WHERE distance <= $2 ORDER BY distance, created_at, sha256 LIMIT $3
                """, arguments)
            return try (0..<rows.count).map { SimilarObject(sha256: try rows.required($0, "sha256"), distance: rows.int($0, "distance") ?? 0) }
        }
    }
}
