/// Multi-index hashing over the 64-bit perceptual hash: the hash split into four 16-bit bands,
/// each indexed in the catalog, so `caption --similar` reads a few thousand candidates instead
/// of every hash. By pigeonhole, two hashes within `d` bits differ in at most `d / 4` bits in
/// at least one band: probing each band with every value within that radius finds them all.
public enum PerceptualHashBands {
    /// Number of bands; with 16-bit bands a band value matches 1/65,536 of random hashes.
    public static let count = 4
    /// Bits per band.
    public static let width = 16
    /// Beyond this radius per band the probes (2,517 values per band at radius 4) cost more
    /// than reading every hash from the covering index, so the lookup scans instead.
    public static let largestProbedRadius = 3

    /// The SQL expression of a band over the `phash` column; the migration indexes exactly
    /// this text, and SQLite uses an expression index only for the identical expression.
    public static func expression(_ band: Int) -> String {
        "((phash >> \(shift(band))) & 65535)"
    }

    /// The band's value in a hash (band 0 holds the highest 16 bits).
    public static func value(of bits: UInt64, band: Int) -> Int {
        Int((bits >> UInt64(shift(band))) & 0xFFFF)
    }

    /// The radius each band is probed with so that every hash within `maxDistance` is found;
    /// nil when that radius is too large to be worth probing (scan instead).
    public static func probeRadius(forDistance maxDistance: Int) -> Int? {
        let radius = max(0, maxDistance) / count
        return radius <= largestProbedRadius ? radius : nil
    }

    /// Every 16-bit value within `radius` bits of `value`, `value` itself first.
    public static func neighbours(of value: Int, radius: Int) -> [Int] {
        var found = [value]
        var frontier = [(value: value, lowestFlip: width)]
        for _ in 0..<max(0, radius) {
            var next: [(value: Int, lowestFlip: Int)] = []
            for item in frontier {
                // Flip only bits below the last one flipped: each set of flips is made once.
                for bit in 0..<item.lowestFlip {
                    let flipped = item.value ^ (1 << bit)
                    found.append(flipped)
                    next.append((flipped, bit))
                }
            }
            frontier = next
        }
        return found
    }

    private static func shift(_ band: Int) -> Int { width * (count - 1 - band) }
}
