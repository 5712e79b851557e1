import Foundation
import TestSupport

@testable import ArchiveStore

/// Shared helpers for the codec tests: suite paths, TSV rows, synthetic images.
enum ImageFixtures {
    /// `testsuites/<name>` of the shared conformance data (tests using it carry `.sharedData`).
    static func suite(_ name: String) throws -> URL {
        try SharedData.url("testsuites/\(name)")
    }

    /// Rows of a tab-separated file with a header line, as column -> value dictionaries.
    static func rows(ofTSV url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (index, name) in header.enumerated() { row[name] = index < fields.count ? fields[index] : "" }
            return row
        }
    }

    /// A smooth, photo-like RGBA test picture: gradients, a few discs, fine but band-limited detail.
    static func photoLike(width: Int, height: Int, alpha: (Int, Int) -> UInt8 = { _, _ in 255 }) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let u = Double(x) / Double(width), v = Double(y) / Double(height)
                var r = 120 + 100 * sin(u * 6.1 + v * 1.3)
                var g = 110 + 90 * cos(v * 5.3 - u * 2.0)
                var b = 128 + 80 * sin((u + v) * 9.0)
                let dx = u - 0.6, dy = v - 0.4
                if dx * dx + dy * dy < 0.02 { r = 230; g = 40; b = 50 }
                let texture = 18 * sin(Double(x) * 0.35) * cos(Double(y) * 0.29)
                r += texture; g += texture; b -= texture
                let i = (y * width + x) * 4
                pixels[i] = UInt8(max(0, min(255, r)))
                pixels[i + 1] = UInt8(max(0, min(255, g)))
                pixels[i + 2] = UInt8(max(0, min(255, b)))
                pixels[i + 3] = alpha(x, y)
            }
        }
        return pixels
    }

    /// A solid-colour RGBA image.
    static func solid(width: Int, height: Int, _ rgba: [UInt8]) -> [UInt8] {
        [UInt8]((0..<(width * height)).flatMap { _ in rgba })
    }

    /// Writes `data` into `folder/name` and returns its URL.
    static func write(_ data: Data, _ name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    /// Decodes a thumbnail (or any image file) back to RGBA pixels.
    static func decode(_ url: URL) throws -> ImageCodec.RGBAImage {
        try ImageCodec.decodeRGBA(Data(contentsOf: url), name: url.path)
    }

    /// Mean of each channel over the image.
    static func meanColor(_ image: ImageCodec.RGBAImage) -> [Double] {
        var sums = [Double](repeating: 0, count: 4)
        for i in stride(from: 0, to: image.pixels.count, by: 4) {
            for c in 0..<4 { sums[c] += Double(image.pixels[i + c]) }
        }
        let n = Double(image.width * image.height)
        return sums.map { $0 / n }
    }
}

extension ImageFixtures {
    /// `jpeg` with an APP1 Exif block carrying orientation `orientation`, inserted after SOI.
    static func withOrientation(_ jpeg: Data, _ orientation: UInt8) -> Data {
        let tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8,  // big-endian TIFF, IFD0 at 8
                             0, 1,                                 // one entry
                             0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0,
                             0, 0, 0, 0]                           // no next IFD
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        var out = Data(jpeg.prefix(2))
        out.append(contentsOf: [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload)
        out.append(jpeg.dropFirst(2))
        return out
    }

    /// `jpeg` with the frame size in its SOF0 marker replaced (a header-only "bomb").
    static func withDeclaredSize(_ jpeg: Data, width: Int, height: Int) -> Data {
        var bytes = [UInt8](jpeg)
        let sof = (0..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 }!
        bytes[sof + 5] = UInt8(height >> 8); bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8); bytes[sof + 8] = UInt8(width & 0xFF)
        return Data(bytes)
    }

    /// A PNG declaring `width` x `height` whose IDAT holds only a few bytes: a decompression
    /// bomb as far as its header is concerned.
    static func pngHeaderOnly(width: UInt32, height: UInt32) -> Data {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return be(UInt32(body.count)) + typed + be(crc32(typed))
        }
        let ihdr = be(width) + be(height) + [8, 6, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr)
            + chunk("IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00]) + chunk("IEND", []))
    }

    /// CRC-32 as PNG chunks use it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Mean absolute difference per RGB channel (0-255) of two equally sized images
    /// (infinity when the sizes differ, so a comparison with a bound fails instead of trapping).
    static func meanAbsoluteDifference(_ a: ImageCodec.RGBAImage, _ b: ImageCodec.RGBAImage) -> Double {
        guard a.width == b.width && a.height == b.height else { return .infinity }
        var sum = 0.0
        for i in stride(from: 0, to: a.pixels.count, by: 4) {
            for c in 0..<3 { sum += abs(Double(a.pixels[i + c]) - Double(b.pixels[i + c])) }
        }
        return sum / Double(a.width * a.height * 3)
    }
}
