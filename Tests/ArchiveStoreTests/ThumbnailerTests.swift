import Foundation
import Synchronization
import Testing
import TestSupport

@testable import ArchiveStore

@Suite("Thumbnailer")
struct ThumbnailerTests {
    let thumbnailer = Thumbnailer()

    @Test("a large JPEG becomes a 320 px JPEG with the same aspect ratio")
    func largeJPEG() throws {
        let folder = try TestPaths.makeTemporaryFolder("thumb")
        let source = try ImageFixtures.write(
            ImageCodec.encode(rgba: ImageFixtures.photoLike(width: 2000, height: 1500), width: 2000, height: 1500, png: false),
            "big.jpg", in: folder)
        let thumb = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("thumbs/ab/big"))
        #expect(thumb.file.lastPathComponent == "big.jpg")
        #expect(thumb.width == 320 && thumb.height == 240)
        #expect(thumb.source == ImageInfo(width: 2000, height: 1500))
        let decoded = try ImageFixtures.decode(thumb.file)
        #expect(decoded.width == 320 && decoded.height == 240)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("thumbs/ab").path)
        #expect(leftovers == ["big.jpg"], "no temp file may remain")
    }

    @Test("a solid red image keeps its colour")
    func solidRed() throws {
        let folder = try TestPaths.makeTemporaryFolder("thumb")
        let source = try ImageFixtures.write(
            ImageCodec.encode(rgba: ImageFixtures.solid(width: 1000, height: 700, [255, 0, 0, 255]), width: 1000, height: 700, png: false),
            "red.jpg", in: folder)
        let thumb = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("red"))
        #expect(thumb.width == 320 && thumb.height == 224)
        let mean = ImageFixtures.meanColor(try ImageFixtures.decode(thumb.file))
        #expect(mean[0] > 245 && mean[1] < 10 && mean[2] < 10, "mean colour \(mean)")
    }

    @Test("opaque PNG gives a JPEG thumbnail, transparent PNG a PNG that keeps its alpha")
    func pngAlphaRule() throws {
        let folder = try TestPaths.makeTemporaryFolder("thumb")
        let opaque = try ImageFixtures.write(
            ImageCodec.encode(rgba: ImageFixtures.photoLike(width: 640, height: 480), width: 640, height: 480, png: true),
            "opaque.png", in: folder)
        let opaqueThumb = try thumbnailer.makeThumbnail(of: opaque, to: folder.appendingPathComponent("o"))
        #expect(opaqueThumb.file.pathExtension == "jpg")
        #expect(opaqueThumb.width == 320 && opaqueThumb.height == 240)

        // Left half fully transparent green, right half opaque blue.
        var pixels = ImageFixtures.solid(width: 800, height: 400, [0, 0, 255, 255])
        for y in 0..<400 { for x in 0..<400 { let i = (y * 800 + x) * 4; pixels[i] = 0; pixels[i + 1] = 255; pixels[i + 2] = 0; pixels[i + 3] = 0 } }
        let transparent = try ImageFixtures.write(
            ImageCodec.encode(rgba: pixels, width: 800, height: 400, png: true), "alpha.png", in: folder)
        #expect(try thumbnailer.probe(fileAt: transparent).hasAlpha)
        let thumb = try thumbnailer.makeThumbnail(of: transparent, to: folder.appendingPathComponent("a"))
        #expect(thumb.file.pathExtension == "png")
        #expect(thumb.width == 320 && thumb.height == 160)
        let decoded = try ImageFixtures.decode(thumb.file)
        let left = Array(decoded.pixels[(80 * 320 + 40) * 4..<(80 * 320 + 40) * 4 + 4])
        let right = Array(decoded.pixels[(80 * 320 + 280) * 4..<(80 * 320 + 280) * 4 + 4])
        #expect(left[3] == 0, "left stays transparent: \(left)")
        #expect(right == [0, 0, 255, 255], "right stays opaque blue: \(right)")
        // Premultiplied averaging: the edge column mixes alpha but never green into the blue.
        let edge = Array(decoded.pixels[(80 * 320 + 160) * 4..<(80 * 320 + 160) * 4 + 4])
        #expect(edge[1] == 0 || edge[3] == 0, "no transparent colour bleeds in: \(edge)")
    }

    @Test("a non-image is unsupported, a missing file is an I/O error")
    func nonImage() throws {
        let folder = try TestPaths.makeTemporaryFolder("thumb")
        let text = try ImageFixtures.write(Data("<html>not an image</html>".utf8), "page.jpg", in: folder)
        #expect(throws: ImageError.self) { try thumbnailer.probe(fileAt: text) }
        do {
            _ = try thumbnailer.makeThumbnail(of: text, to: folder.appendingPathComponent("t"))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unsupported)
        }
        do {
            _ = try thumbnailer.probe(fileAt: folder.appendingPathComponent("missing.png"))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .io)
        }
        let gif = try ImageFixtures.write(Data("GIF89a\u{1}\0\u{1}\0".utf8), "x.gif", in: folder)
        do {
            _ = try thumbnailer.probe(fileAt: gif)  // a GIF header cut before its screen descriptor ends
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .corrupt && error.message.hasPrefix("\(gif.path): GIF: cannot read the header"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["page.jpg", "x.gif"])
    }
}

@Suite("Thumbnailer concurrency")
struct ThumbnailerConcurrencyTests {
    @Test("thumbnails made on several threads at once equal the sequential ones", .sharedData("testsuites/jpeg", "testsuites/pngsuite"))
    func parallel() throws {
        let folder = try TestPaths.makeTemporaryFolder("parallel")
        let jpeg = try ImageFixtures.suite("jpeg"), pngSuite = try ImageFixtures.suite("pngsuite")
        let sources = [
            "pillow/junk_jpeg_header.jpg", "pillow/pil_sample_cmyk.jpg", "pillow/truncated_jpeg.jpg",
            "pillow/hopper_orientation_6.jpg", "jpeg-decoder/reftest/progressive3.jpg",
            "jpeg-decoder/crashtest/imagetestsuite/2c9e7a1805f8b47630bbb83d21bf8222.jpg",
        ].map { jpeg.appendingPathComponent($0) }
            + ["basn6a16.png", "basi3p08.png", "xcsn0g01.png", "PngSuite.png"].map { pngSuite.appendingPathComponent($0) }
        let thumbnailer = Thumbnailer()
        @Sendable func run(_ index: Int, round: Int) -> String {
            let destination = folder.appendingPathComponent("r\(round)/\(index)")
            do {
                let thumb = try thumbnailer.makeThumbnail(of: sources[index], to: destination)
                let bytes = try Data(contentsOf: thumb.file)
                return "\(thumb.width)x\(thumb.height) \(thumb.source) \(bytes.base64EncodedString())"
            } catch {
                return "\(error)"
            }
        }
        let sequential = sources.indices.map { run($0, round: 0) }
        let results = Mutex(Array(repeating: "", count: sources.count * 4))
        DispatchQueue.concurrentPerform(iterations: sources.count * 4) { i in
            let value = run(i % sources.count, round: 1 + i / sources.count)
            results.withLock { $0[i] = value }
        }
        for (i, value) in results.withLock({ $0 }).enumerated() {
            #expect(value == sequential[i % sources.count], "\(sources[i % sources.count].lastPathComponent) differs when run in parallel")
        }
    }
}
