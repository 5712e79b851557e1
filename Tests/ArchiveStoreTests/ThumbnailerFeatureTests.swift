import Foundation
import Testing
import TestSupport

@testable import ArchiveStore

/// EXIF orientation, CMYK, PNG bit depths and palettes, truncated data, decompression bombs.
@Suite("Thumbnailer features")
struct ThumbnailerFeatureTests {
    let thumbnailer = Thumbnailer()
    /// Pillow's JPEG test images (shared conformance data).
    var pillow: URL { get throws { try ImageFixtures.suite("jpeg/pillow") } }

    @Test("EXIF orientation 6 swaps the dimensions and rotates the pixels clockwise")
    func orientationSix() throws {
        let folder = try TestPaths.makeTemporaryFolder("orient")
        // Stored 600x400: left half red, right half blue. Shown rotated 90° clockwise, the
        // red half ends up on top.
        var pixels = ImageFixtures.solid(width: 600, height: 400, [0, 0, 255, 255])
        for y in 0..<400 { for x in 0..<300 { let i = (y * 600 + x) * 4; pixels[i] = 255; pixels[i + 2] = 0 } }
        let jpeg = ImageFixtures.withOrientation(try ImageCodec.encode(rgba: pixels, width: 600, height: 400, png: false), 6)
        let source = try ImageFixtures.write(jpeg, "rotated.jpg", in: folder)
        #expect(try thumbnailer.probe(fileAt: source) == ImageInfo(width: 400, height: 600))
        let thumb = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("t"))
        #expect(thumb.width == 213 && thumb.height == 320)
        let decoded = try ImageFixtures.decode(thumb.file)
        #expect(decoded.width == 213 && decoded.height == 320)
        let top = Array(decoded.pixels[(40 * 213 + 100) * 4..<(40 * 213 + 100) * 4 + 3])
        let bottom = Array(decoded.pixels[(280 * 213 + 100) * 4..<(280 * 213 + 100) * 4 + 3])
        #expect(top[0] > 230 && top[2] < 30, "top is red: \(top)")
        #expect(bottom[2] > 230 && bottom[0] < 30, "bottom is blue: \(bottom)")
    }

    @Test("hopper_orientation_2...8 match hopper.jpg once oriented", .sharedData("testsuites/jpeg"), arguments: 2...8)
    func pillowOrientations(orientation: Int) throws {
        let reference = try ImageFixtures.decode((try pillow).appendingPathComponent("hopper.jpg"))
        let data = try Data(contentsOf: (try pillow).appendingPathComponent("hopper_orientation_\(orientation).jpg"))
        let oriented = try ImageCodec.decodeRGBA(data, applyOrientation: true)
        let stored = try ImageCodec.decodeRGBA(data, applyOrientation: false)
        // Pillow's exif_transpose measures ~5/255 (JPEG noise) oriented and 70-100 without.
        let difference = ImageFixtures.meanAbsoluteDifference(oriented, reference)
        #expect(difference < 10, "oriented: \(difference)")
        #expect(ImageFixtures.meanAbsoluteDifference(stored, reference) > 30)
    }

    @Test("orientation_rectangle.jpg (stored 2x1, orientation 8) is shown 1x2", .sharedData("testsuites/jpeg"))
    func orientationRectangle() throws {
        let folder = try TestPaths.makeTemporaryFolder("orient")
        let source = (try pillow).appendingPathComponent("orientation_rectangle.jpg")
        #expect(try thumbnailer.probe(fileAt: source) == ImageInfo(width: 1, height: 2))
        let thumb = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("r"))
        #expect(thumb.width == 1 && thumb.height == 2)
    }

    @Test("Adobe YCCK/CMYK JPEGs decode to the same colours as their RGB twin", .sharedData("testsuites/jpeg"))
    func cmyk() throws {
        let folder = try TestPaths.makeTemporaryFolder("cmyk")
        let cmyk = try ImageFixtures.decode((try pillow).appendingPathComponent("pil_sample_cmyk.jpg"))
        let rgb = try ImageFixtures.decode((try pillow).appendingPathComponent("pil_sample_rgb.jpg"))
        let difference = ImageFixtures.meanAbsoluteDifference(cmyk, rgb)
        #expect(difference < 12, "CMYK vs RGB sample: \(difference)")
        // Mean RGB per file from Pillow 13 (bundled libjpeg-turbo 3.2, un-inverted Adobe CMYK)
        // with the same multiplicative conversion, R = (255 - C) * (255 - K) / 255.
        let pillowMeans: [String: [Double]] = [
            "jpeg-decoder/reftest/mozilla/jpg-cmyk-1.jpg": [127.5, 127.5, 43.8],  // Adobe CMYK
            "jpeg-decoder/reftest/mozilla/jpg-cmyk-2.jpg": [252.3, 251.8, 251.8],  // Adobe CMYK, mostly white
            "jpeg-decoder/reftest/ycck.jpg": [109.0, 132.1, 109.6],                // Adobe YCCK
            "pillow/pil_sample_cmyk.jpg": [30.5, 5.6, 7.0],                        // Adobe YCCK
        ]
        for (path, expected) in pillowMeans {
            let file = try ImageFixtures.suite("jpeg").appendingPathComponent(path)
            let mean = ImageFixtures.meanColor(try ImageFixtures.decode(file))
            #expect((0..<3).allSatisfy { abs(mean[$0] - expected[$0]) < 1.5 }, "\(path): mean \(mean), Pillow \(expected)")
            let thumb = try thumbnailer.makeThumbnail(of: file, to: folder.appendingPathComponent(UUID().uuidString))
            #expect(thumb.file.pathExtension == "jpg")
        }
    }

    @Test("16-bit and palette PNGs: thumbnails keep their pixels and pick the right format", .sharedData("testsuites/pngsuite"))
    func pngDepthsAndPalettes() throws {
        let folder = try TestPaths.makeTemporaryFolder("png")
        let suite = try ImageFixtures.suite("pngsuite")
        let cases = ["basn2c16.png": "jpg", "basn6a16.png": "png", "basn3p08.png": "jpg",
                     "basn3p01.png": "jpg", "tbbn3p08.png": "png", "basi4a16.png": "png"]
        for (name, ext) in cases {
            let file = suite.appendingPathComponent(name)
            let thumb = try thumbnailer.makeThumbnail(of: file, to: folder.appendingPathComponent(name))
            #expect(thumb.file.pathExtension == ext, "\(name)")
            let full = try ImageFixtures.decode(file)
            let small = try ImageFixtures.decode(thumb.file)
            // Same size (never enlarged); PNG thumbnails are lossless, JPEG ones within JPEG noise.
            // Alpha-weighted colours are compared only where pixels are opaque.
            if ext == "png" {
                #expect(small.pixels.enumerated().allSatisfy { i, v in
                    full.pixels[i - i % 4 + 3] == 0 ? (i % 4 == 3 ? v == 0 : true) : v == full.pixels[i] }, "\(name)")
            } else {
                // basn3p01 is a sharp 1-bit pattern where JPEG ringing is large; compare means.
                let (a, b) = (ImageFixtures.meanColor(small), ImageFixtures.meanColor(full))
                #expect((0..<3).allSatisfy { abs(a[$0] - b[$0]) < 4 }, "\(name): \(a) vs \(b)")
            }
        }
    }

    @Test("Pillow's truncated JPEG gives a thumbnail flagged truncated with one warning", .sharedData("testsuites/jpeg"))
    func pillowTruncatedJPEG() throws {
        let folder = try TestPaths.makeTemporaryFolder("trunc")
        let pillowThumb = try thumbnailer.makeThumbnail(
            of: (try pillow).appendingPathComponent("truncated_jpeg.jpg"), to: folder.appendingPathComponent("p"))
        #expect(pillowThumb.source.truncated && pillowThumb.source.warnings == 1)
    }

    @Test("truncated JPEGs still give a thumbnail flagged truncated, missing rows grey")
    func truncatedJPEG() throws {
        let folder = try TestPaths.makeTemporaryFolder("trunc")
        let whole = try ImageCodec.encode(rgba: ImageFixtures.photoLike(width: 2000, height: 1500), width: 2000, height: 1500, png: false)
        let cut = try ImageFixtures.write(whole.prefix(whole.count * 6 / 10), "cut.jpg", in: folder)
        let thumb = try thumbnailer.makeThumbnail(of: cut, to: folder.appendingPathComponent("thumbs/cut"))
        #expect(thumb.source.truncated && thumb.width == 320 && thumb.height == 240)
        let decoded = try ImageFixtures.decode(thumb.file)
        let lastRow = ImageFixtures.meanColor(.init(
            width: 320, height: 1, pixels: Array(decoded.pixels[(239 * 320 * 4)...]), info: decoded.info))
        #expect(lastRow[0..<3].allSatisfy { abs($0 - 128) < 6 }, "libjpeg fills missing rows with grey: \(lastRow)")
        let probed = try thumbnailer.probe(fileAt: cut)
        #expect(probed == ImageInfo(width: 2000, height: 1500), "a probe reads only the header: \(probed)")
    }

    @Test("huge declared sizes are refused as tooLarge before any pixel memory")
    func decompressionBombs() throws {
        let folder = try TestPaths.makeTemporaryFolder("bomb")
        let small = try ImageCodec.encode(rgba: ImageFixtures.solid(width: 16, height: 16, [9, 9, 9, 255]), width: 16, height: 16, png: false)
        let jpeg = try ImageFixtures.write(ImageFixtures.withDeclaredSize(small, width: 60000, height: 60000), "bomb.jpg", in: folder)
        let png = try ImageFixtures.write(ImageFixtures.pngHeaderOnly(width: 200_000, height: 200_000), "bomb.png", in: folder)
        for file in [jpeg, png] {
            #expect(throws: ImageError.self) { try thumbnailer.probe(fileAt: file) }
            do {
                _ = try thumbnailer.makeThumbnail(of: file, to: folder.appendingPathComponent("thumb"))
                Issue.record("\(file.lastPathComponent): expected tooLarge")
            } catch {
                #expect(error.kind == .tooLarge, "\(error)")
                #expect(error.message.contains("60000x60000") || error.message.contains("200000x200000"))
            }
        }
        // The budget is the caller's: a modest image is refused by a tiny limit too.
        let modest = try ImageFixtures.write(small, "small.jpg", in: folder)
        do {
            _ = try Thumbnailer(maxPixels: 255).probe(fileAt: modest)
            Issue.record("expected tooLarge")
        } catch {
            #expect(error.kind == .tooLarge)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["bomb.jpg", "bomb.png", "small.jpg"])
    }
}
