import ArchiveStore
import Foundation
import Testing

extension ContractChecks {
    /// Hashes at chosen distances from one query hash, with the differing bits spread over the
    /// four 16-bit bands in the ways that sit on the band index's boundaries (all in one band;
    /// `d / 4` in every band; one band just inside the probe radius), plus 300 random ones.
    /// Every distance limit returns exactly what comparing every hash by popcount returns.
    static func similarMatchesBruteForce(_ catalog: any ContractCatalog) throws {
        let query: UInt64 = 0x9E37_79B9_7F4A_7C15  // high bit set: stored as a negative integer
        /// `query` with `perBand[i]` low bits of band i (band 0 = the highest 16 bits) flipped.
        func spread(_ perBand: [Int]) -> UInt64 {
            var bits = query
            for (band, count) in perBand.enumerated() {
                for bit in 0..<count { bits ^= 1 << UInt64(16 * (3 - band) + bit * 3 % 16) }
            }
            return bits
        }
        var hashes: [UInt64] = [
            query, spread([1, 0, 0, 0]), spread([0, 0, 0, 1]),
            spread([4, 0, 0, 0]), spread([1, 1, 1, 1]), spread([0, 5, 0, 0]),
            spread([2, 2, 2, 1]), spread([2, 2, 2, 2]), spread([3, 2, 2, 2]), spread([8, 0, 0, 0]),
            spread([3, 3, 3, 2]), spread([3, 3, 3, 3]), spread([4, 3, 3, 3]), spread([4, 4, 4, 3]),
            spread([4, 4, 4, 4]), spread([5, 4, 4, 4]), spread([16, 0, 0, 0]), spread([6, 6, 6, 6]),
        ]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D  // xorshift: the same "random" hashes every run
        for _ in 0..<300 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            // Half of them near the query (a few random bits flipped), half anywhere.
            hashes.append(hashes.count % 2 == 0 ? state : query ^ (state & state >> 11 & state >> 23))
        }
        let objects = hashes.enumerated().map { index, bits in
            (sha: Rows.sha(String(format: "%02x%08x", index % 256, index)), bits: bits)
        }
        try catalog.recordObjects(objects.map { Rows.object($0.sha, from: cdn + "h\($0.sha.prefix(10)).jpg", phash: Int64(bitPattern: $0.bits)) })

        for maxDistance in [0, 1, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 20, 32, 64] {
            let expected = objects.compactMap { object -> String? in
                let distance = (object.bits ^ query).nonzeroBitCount
                return distance <= maxDistance ? "\(object.sha) \(distance)" : nil
            }.sorted()
            let found = try catalog.similarObjects(to: PerceptualHash(bits: query), maxDistance: maxDistance, limit: 10_000)
            let keys = found.map { "\($0.sha256) \($0.distance)" }
            #expect(keys.sorted() == expected,
                    "distance ≤ \(maxDistance): \(found.count) found, \(expected.count) by brute force; differing: \(Set(expected).symmetricDifference(keys).sorted())")
            #expect(found.map(\.distance) == found.map(\.distance).sorted(), "closest first")
        }
    }
}
