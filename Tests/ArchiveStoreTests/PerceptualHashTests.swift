import Foundation
import Testing
import TestSupport

@testable import ArchiveStore

/// The perceptual hash survives re-encoding, halving and format changes, and tells pictures apart.
struct PerceptualHashTests {
    /// Real photographs from the shared JPEG test suites (distinct pictures).
    static func photos() throws -> [URL] {
        let suite = try ImageFixtures.suite("jpeg")
        return ["libjpeg-turbo/testorig.jpg", "pillow/hopper.jpg", "pillow/pil_sample_rgb.jpg"].map { suite.appendingPathComponent($0) }
    }

    /// The synthetic JPEGs of the example fixtures (flat shapes: the hard case for re-encoding).
    static let fixtures: [URL] = {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".jpg") }.sorted().prefix(6).map { folder.appendingPathComponent($0) }
    }()

    /// A 2x2 box average: the picture at half its width and height.
    static func half(_ image: ImageCodec.RGBAImage) -> (pixels: [UInt8], width: Int, height: Int) {
        let width = image.width / 2, height = image.height / 2
        var out = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<4 {
                    var sum = 0
                    for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                        sum += Int(image.pixels[((2 * y + dy) * image.width + 2 * x + dx) * 4 + c])
                    }
                    out[(y * width + x) * 4 + c] = UInt8(sum / 4)
                }
            }
        }
        return (out, width, height)
    }

    @Test func reencodedHalvedAndPNGCopiesStayClose() throws {
        #expect(Self.fixtures.count >= 4)
        try Self.expectCopiesStayClose(Self.fixtures)
    }

    @Test(.sharedData("testsuites/jpeg")) func realPhotosStayCloseToTheirCopies() throws {
        try Self.expectCopiesStayClose(try Self.photos())
    }

    /// Each picture's re-encoded, halved and PNG copies are within distance 8 of it.
    static func expectCopiesStayClose(_ pictures: [URL]) throws {
        for photo in pictures {
            let original = try PerceptualHash(fileAt: photo)
            let image = try ImageCodec.decodeRGBA(try Data(contentsOf: photo))
            let lowQuality = try ImageCodec.encode(rgba: image.pixels, width: image.width, height: image.height, png: false, jpegQuality: 40)
            let small = Self.half(image)
            let halved = try ImageCodec.encode(rgba: small.pixels, width: small.width, height: small.height, png: false, jpegQuality: 85)
            let png = try ImageCodec.encode(rgba: image.pixels, width: image.width, height: image.height, png: true)
            for (what, data) in [("quality 40", lowQuality), ("half size", halved), ("PNG", png)] {
                let distance = original.distance(to: try PerceptualHash(imageData: data))
                #expect(distance <= 8, "\(photo.lastPathComponent) as \(what): distance \(distance)")
            }
        }
    }

    @Test(.sharedData("testsuites/jpeg")) func differentPicturesAreFar() throws {
        let photos = try Self.photos()
        let hashes = try photos.map { try PerceptualHash(fileAt: $0) }
        for i in hashes.indices {
            for j in hashes.indices where j > i {
                let distance = hashes[i].distance(to: hashes[j])
                #expect(distance >= 20, "\(photos[i].lastPathComponent) vs \(photos[j].lastPathComponent): \(distance)")
            }
        }
    }

    @Test func storedValueRoundTripsAndOtherFormatsAreRefused() throws {
        let hash = PerceptualHash(bits: 0xF000_0000_0000_0001)
        #expect(PerceptualHash(bits: UInt64(bitPattern: hash.storedValue)) == hash)
        #expect(hash.distance(to: PerceptualHash(bits: 0)) == 5)
        #expect(hash.description == "f000000000000001")
        #expect(throws: ImageError.self) { try PerceptualHash(imageData: Data("GIF89a-not-really".utf8)) }
    }
}
