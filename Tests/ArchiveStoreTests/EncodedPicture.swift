import Foundation
import Testing
import TestSupport

@testable import ArchiveStore

/// The picture the HEIF and JPEG XL checks give the real encoders, and what its thumbnail must
/// show: a red left half, a blue right half and a green disc over the middle (400x240).
enum EncodedPicture {
    /// The picture; with `alpha` the right half is transparent (a PNG), else it is a JPEG.
    static func source(alpha: Bool) throws -> Data {
        let width = 400, height = 240
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 4
                let left = x < width / 2
                let disc = (x - 200) * (x - 200) + (y - 120) * (y - 120) < 60 * 60
                rgba[i] = disc ? 30 : left ? 220 : 20
                rgba[i + 1] = disc ? 200 : UInt8(40 + y / 4)
                rgba[i + 2] = disc ? 40 : left ? 30 : 210
                rgba[i + 3] = alpha && !left ? 0 : 255
            }
        }
        return try ImageCodec.encode(rgba: rgba, width: width, height: height, png: alpha, jpegQuality: 95)
    }

    /// Checks that a 320x192 thumbnail shows the opaque picture's colours where they are.
    static func expectColours(of thumbnail: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let image = try ImageFixtures.decode(thumbnail)
        let left = GIFWebPTests.pixel(image, 20, 96), right = GIFWebPTests.pixel(image, 300, 96), middle = GIFWebPTests.pixel(image, 160, 96)
        #expect(left[0] > 170 && left[2] < 80, "red on the left: \(left)", sourceLocation: sourceLocation)
        #expect(right[2] > 160 && right[0] < 70, "blue on the right: \(right)", sourceLocation: sourceLocation)
        #expect(middle[1] > 150 && middle[0] < 80, "the green disc in the middle: \(middle)", sourceLocation: sourceLocation)
    }

    /// Checks an encoding of the opaque picture (`source`, the JPEG it was made from): 400x240
    /// without alpha, a 320x192 JPEG thumbnail of the same colours, and a perceptual hash from the
    /// thumbnail's own decode that is the source's (give or take a lossy bit or two) and the one a
    /// query computes from the file.
    static func expectOpaqueThumbnail(of file: URL, source: Data, in folder: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let thumbnailer = Thumbnailer()
        let info = try thumbnailer.probe(fileAt: file)
        #expect(info.width == 400 && info.height == 240 && !info.hasAlpha, sourceLocation: sourceLocation)
        let thumb = try thumbnailer.makeThumbnail(of: file, to: folder.appendingPathComponent("t"), hashing: true)
        #expect(thumb.file.pathExtension == "jpg" && thumb.width == 320 && thumb.height == 192, sourceLocation: sourceLocation)
        try expectColours(of: thumb.file, sourceLocation: sourceLocation)
        let hash = try #require(thumb.perceptualHash, "hashed as JPEG and PNG are", sourceLocation: sourceLocation)
        #expect(hash.distance(to: try PerceptualHash(imageData: source)) <= 6, sourceLocation: sourceLocation)
        #expect(hash.distance(to: try PerceptualHash(fileAt: file)) == 0, "a query hashes the file as the archive did", sourceLocation: sourceLocation)
    }

    /// Checks an encoding of the picture with alpha: the file has alpha, and its thumbnail is a
    /// PNG, opaque on the left, transparent on the right.
    static func expectTransparentThumbnail(of file: URL, in folder: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let thumbnailer = Thumbnailer()
        #expect(try thumbnailer.probe(fileAt: file).hasAlpha, sourceLocation: sourceLocation)
        let thumbnail = try thumbnailer.makeThumbnail(of: file, to: folder.appendingPathComponent("t")).file
        #expect(thumbnail.pathExtension == "png", sourceLocation: sourceLocation)
        let image = try ImageFixtures.decode(thumbnail)
        #expect(GIFWebPTests.pixel(image, 20, 96)[3] > 240, "the left half is opaque", sourceLocation: sourceLocation)
        #expect(GIFWebPTests.pixel(image, 300, 96)[3] < 16, "the right half is transparent", sourceLocation: sourceLocation)
    }
}
