import CImageCodec
import Foundation

/// A 64-bit perceptual hash (pHash): the sign pattern, against the median, of the 8x8 lowest
/// frequencies of the DCT of a 32x32 grey image. Re-encoding, resizing and format changes move
/// few bits; different pictures differ in about half of them.
public struct PerceptualHash: Sendable, Hashable, CustomStringConvertible {
    /// The 64 bits; bit 63 is the (0,0) coefficient, then row by row of the 8x8 block.
    public var bits: UInt64

    /// The catalog's `media_type`s of the objects that get a hash (the formats the C codec
    /// hashes: `mv_decode_grey32`), as an SQL list for both catalogs' queries.
    public static let hashedMediaTypesSQL = "('jpeg', 'png', 'heic', 'avif', 'jxl')"

    /// Wraps 64 bits (e.g. read back from the catalog).
    public init(bits: UInt64) { self.bits = bits }

    /// The bit pattern as the signed integer SQLite stores.
    public var storedValue: Int64 { Int64(bitPattern: bits) }

    /// Hex, 16 digits.
    public var description: String {
        let hex = String(bits, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Number of differing bits (0 = same picture to the hash, 64 = every bit differs).
    public func distance(to other: PerceptualHash) -> Int { (bits ^ other.bits).nonzeroBitCount }

    /// Hashes an image file (JPEG, PNG, HEIC, AVIF or JPEG XL); throws `ImageError` for other formats or bad data.
    public init(fileAt url: URL, maxPixels: Int = 100_000_000) throws(ImageError) {
        let data = try Thumbnailer.contents(of: url)
        try self.init(imageData: data, maxPixels: maxPixels, name: url.path)
    }

    /// Hashes encoded image bytes (JPEG or PNG).
    public init(imageData data: Data, maxPixels: Int = 100_000_000, name: String = "image") throws(ImageError) {
        let edge = Int(MV_GREY_EDGE)
        var grey = [UInt8](repeating: 0, count: edge * edge)
        var info = mv_info()
        var message = [CChar](repeating: 0, count: Int(MV_MESSAGE_SIZE))
        let status = data.withUnsafeBytes { raw in
            mv_decode_grey32(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, UInt64(max(0, maxPixels)),
                             &grey, &info, &message)
        }
        if status != MV_OK {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ImageError(status == MV_UNSUPPORTED ? .unsupported : status == MV_CORRUPT ? .corrupt : .tooLarge,
                             "\(name): cannot compute a perceptual hash: \(text)")
        }
        self.init(grey: grey.map(Double.init))
    }

    /// Hashes a 32x32 grey image (row-major, any scale).
    public init(grey: [Double]) {
        precondition(grey.count == 32 * 32, "a perceptual hash needs 32x32 grey values, got \(grey.count)")
        let basis = Self.basis
        // Separable DCT-II, only the 8 lowest frequencies in each direction: rows then columns.
        var rows = [Double](repeating: 0, count: 32 * 8)  // [y][u]
        for y in 0..<32 {
            for u in 0..<8 {
                var sum = 0.0
                for x in 0..<32 { sum += grey[y * 32 + x] * basis[u * 32 + x] }
                rows[y * 8 + u] = sum
            }
        }
        var coefficients = [Double](repeating: 0, count: 64)  // [v][u]
        for v in 0..<8 {
            for u in 0..<8 {
                var sum = 0.0
                for y in 0..<32 { sum += rows[y * 8 + u] * basis[v * 32 + y] }
                coefficients[v * 8 + u] = sum
            }
        }
        // The DC term (mean brightness) is excluded from the median so it does not shift the threshold.
        let median = coefficients.dropFirst().sorted()[31]
        var bits: UInt64 = 0
        for (index, value) in coefficients.enumerated() where value > median {
            bits |= 1 << UInt64(63 - index)
        }
        self.bits = bits
    }

    /// cos((2x+1)uπ/64) for u < 8, x < 32.
    private static let basis: [Double] = {
        var values: [Double] = []
        for u in 0..<8 {
            for x in 0..<32 {
                let angle: Double = Double(2 * x + 1) * Double(u) * Double.pi / 64.0
                values.append(cos(angle))
            }
        }
        return values
    }()
}
