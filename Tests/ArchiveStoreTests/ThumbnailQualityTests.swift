import Foundation
import Testing
import TestSupport

@testable import ArchiveStore

/// Compares our thumbnails (DCT scaling + area average + JPEG q85) with a Lanczos-3 reference
/// computed here from the full-size decode.
@Suite("Thumbnail quality")
struct ThumbnailQualityTests {
    /// Separable Lanczos-3 downscale of RGBA8 to RGB floats (the reference, not production code).
    static func lanczos(_ image: ImageCodec.RGBAImage, width: Int, height: Int) -> [Float] {
        func taps(source: Int, target: Int) -> [(first: Int, weights: [Float])] {
            let scale = Double(source) / Double(target)
            let support = 3 * max(scale, 1)
            func sinc(_ x: Double) -> Double { x == 0 ? 1 : sin(.pi * x) / (.pi * x) }
            return (0..<target).map { i in
                let center = (Double(i) + 0.5) * scale
                let first = max(0, Int((center - support).rounded(.down)))
                let last = min(source - 1, Int((center + support).rounded(.up)))
                var weights = (first...last).map { j -> Double in
                    let x = (Double(j) + 0.5 - center) / max(scale, 1)
                    return abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0
                }
                let sum = weights.reduce(0, +)
                weights = weights.map { $0 / sum }
                return (first, weights.map(Float.init))
            }
        }
        let horizontal = taps(source: image.width, target: width)
        let vertical = taps(source: image.height, target: height)
        var rows = [Float](repeating: 0, count: width * image.height * 3)
        image.pixels.withUnsafeBufferPointer { src in
            for y in 0..<image.height {
                for (x, tap) in horizontal.enumerated() {
                    var sum: (Float, Float, Float) = (0, 0, 0)
                    for (k, w) in tap.weights.enumerated() {
                        let p = (y * image.width + tap.first + k) * 4
                        sum.0 += w * Float(src[p]); sum.1 += w * Float(src[p + 1]); sum.2 += w * Float(src[p + 2])
                    }
                    let o = (y * width + x) * 3
                    rows[o] = sum.0; rows[o + 1] = sum.1; rows[o + 2] = sum.2
                }
            }
        }
        var out = [Float](repeating: 0, count: width * height * 3)
        for (y, tap) in vertical.enumerated() {
            for x in 0..<width {
                for c in 0..<3 {
                    var sum: Float = 0
                    for (k, w) in tap.weights.enumerated() { sum += w * rows[((tap.first + k) * width + x) * 3 + c] }
                    out[(y * width + x) * 3 + c] = min(255, max(0, sum))
                }
            }
        }
        return out
    }

    /// PSNR in dB of an RGBA8 image against RGB float reference pixels.
    static func psnr(_ image: ImageCodec.RGBAImage, reference: [Float]) -> Double {
        var squared = 0.0
        for i in 0..<(image.width * image.height) {
            for c in 0..<3 {
                let d = Double(image.pixels[i * 4 + c]) - Double(reference[i * 3 + c])
                squared += d * d
            }
        }
        let mse = squared / Double(image.width * image.height * 3)
        return 10 * log10(255 * 255 / mse)
    }

    /// Thumbnail of `source` vs the Lanczos reference of its full decode.
    func measure(_ source: URL) throws -> (psnr: Double, width: Int, height: Int) {
        let folder = try TestPaths.makeTemporaryFolder("quality")
        let thumb = try Thumbnailer().makeThumbnail(of: source, to: folder.appendingPathComponent("t"))
        let ours = try ImageFixtures.decode(thumb.file)
        let full = try ImageFixtures.decode(source)
        let reference = Self.lanczos(full, width: ours.width, height: ours.height)
        return (Self.psnr(ours, reference: reference), ours.width, ours.height)
    }

    @Test("a detailed photo (grass, 1024x768, DCT scale 5/8) is within 30 dB PSNR of Lanczos-3", .sharedData("testsuites/jpeg"))
    func photo() throws {
        let source = try ImageFixtures.suite("jpeg/pillow/junk_jpeg_header.jpg")
        let result = try measure(source)
        print("PSNR junk_jpeg_header.jpg -> \(result.width)x\(result.height): \(String(format: "%.2f", result.psnr)) dB")
        #expect(result.width == 320 && result.height == 240)
        #expect(result.psnr >= 30, "PSNR \(result.psnr) dB")
    }

    @Test("a synthetic 2000x1500 picture (DCT scale 3/8) is within 30 dB PSNR of Lanczos-3")
    func synthetic() throws {
        let folder = try TestPaths.makeTemporaryFolder("quality")
        let source = try ImageFixtures.write(
            ImageCodec.encode(rgba: ImageFixtures.photoLike(width: 2000, height: 1500), width: 2000, height: 1500, png: false, jpegQuality: 95),
            "synthetic.jpg", in: folder)
        let result = try measure(source)
        print("PSNR synthetic 2000x1500 -> \(result.width)x\(result.height): \(String(format: "%.2f", result.psnr)) dB")
        #expect(result.psnr >= 30, "PSNR \(result.psnr) dB")
    }
}
