import Foundation
import TestSupport

@testable import ArchiveStore

/// Shared helpers for the codec tests: suite paths, TSV rows, synthetic images.
enum ImageFixtures {
    /// `/work/shared/testsuites/<name>`.
    static func suite(_ name: String) -> URL {
        TestPaths.shared.appendingPathComponent("testsuites").appendingPathComponent(name)
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
