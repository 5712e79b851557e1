import Foundation
import Testing
import TestSupport

@testable import ArchiveStore

/// GIF (first frame) and WebP (still, alpha, animated) thumbnails from the committed fixtures in
/// `Fixtures/` (made with ImageMagick 6.9, cwebp and gif2webp from `webp` 1.2.4; see `Fixtures/README.md`).
@Suite("GIF and WebP thumbnails")
struct GIFWebPTests {
    let thumbnailer = Thumbnailer()

    /// A committed fixture file.
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    /// RGBA at (x, y).
    static func pixel(_ image: ImageCodec.RGBAImage, _ x: Int, _ y: Int) -> [UInt8] {
        let i = (y * image.width + x) * 4
        return Array(image.pixels[i..<(i + 4)])
    }

    @Test("an animated GIF gives its first frame with transparency kept, as a PNG thumbnail")
    func animatedGIF() throws {
        let folder = try TestPaths.makeTemporaryFolder("gif")
        let source = Self.fixture("animated.gif")
        let info = try thumbnailer.probe(fileAt: source)
        #expect(info.width == 480 && info.height == 360 && info.hasAlpha)
        let thumb = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("t"))
        #expect(thumb.file.pathExtension == "png")
        #expect(thumb.width == 320 && thumb.height == 240)
        let image = try ImageFixtures.decode(thumb.file)
        // Frame 1 is a red disc on transparency; frame 2 (a blue square at 40..200) must not show.
        #expect(Self.pixel(image, 160, 120) == [255, 0, 0, 255])
        #expect(Self.pixel(image, 2, 2)[3] == 0)
        #expect(Self.pixel(image, 60, 60)[3] == 0)
    }

    @Test("an interlaced GIF is de-interlaced: its thumbnail matches a downscale of the full decode")
    func interlacedGIF() throws {
        let folder = try TestPaths.makeTemporaryFolder("gif")
        let source = Self.fixture("interlaced.gif")
        let thumb = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("t"))
        #expect(thumb.file.pathExtension == "jpg")  // opaque: no transparent index
        #expect(thumb.width == 320 && thumb.height == 210)
        let ours = try ImageFixtures.decode(thumb.file)
        let full = try ImageFixtures.decode(source)
        let reference = ThumbnailQualityTests.lanczos(full, width: ours.width, height: ours.height)
        let psnr = ThumbnailQualityTests.psnr(ours, reference: reference)
        #expect(psnr >= 30, "PSNR \(psnr) dB")
    }

    @Test("a first frame smaller than the logical screen sits at its offset on a transparent canvas")
    func offsetFrame() throws {
        let folder = try TestPaths.makeTemporaryFolder("gif")
        let thumb = try thumbnailer.makeThumbnail(of: Self.fixture("offset.gif"), to: folder.appendingPathComponent("t"))
        #expect(thumb.file.pathExtension == "png" && thumb.width == 300 && thumb.height == 200)
        let image = try ImageFixtures.decode(thumb.file)
        #expect(Self.pixel(image, 100, 100) == [0, 128, 0, 255])  // inside the 100x80 frame at (50, 60)
        #expect(Self.pixel(image, 10, 10)[3] == 0)
        #expect(Self.pixel(image, 200, 100)[3] == 0)
    }

    @Test("a GIF cut in its image data still gets a thumbnail and is flagged truncated")
    func truncatedGIF() throws {
        let folder = try TestPaths.makeTemporaryFolder("gif")
        let thumb = try thumbnailer.makeThumbnail(of: Self.fixture("truncated.gif"), to: folder.appendingPathComponent("t"))
        #expect(thumb.source.truncated)
        #expect(thumb.file.pathExtension == "png")  // the rows that never arrived are transparent
        let header = try Data(contentsOf: Self.fixture("truncated.gif")).prefix(20)
        let broken = try ImageFixtures.write(header, "header.gif", in: folder)
        do {
            _ = try thumbnailer.makeThumbnail(of: broken, to: folder.appendingPathComponent("b"))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .corrupt)
            #expect(error.message.contains("GIF"))
        }
    }

    @Test("a lossy WebP photo gives a JPEG thumbnail close to a Lanczos downscale")
    func lossyWebP() throws {
        let folder = try TestPaths.makeTemporaryFolder("webp")
        let source = Self.fixture("photo.webp")
        let info = try thumbnailer.probe(fileAt: source)
        #expect(info.width == 363 && info.height == 238 && !info.hasAlpha)
        let thumb = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("t"))
        #expect(thumb.file.pathExtension == "jpg" && thumb.width == 320 && thumb.height == 210)
        let ours = try ImageFixtures.decode(thumb.file)
        let reference = ThumbnailQualityTests.lanczos(try ImageFixtures.decode(source), width: 320, height: 210)
        let psnr = ThumbnailQualityTests.psnr(ours, reference: reference)
        #expect(psnr >= 30, "PSNR \(psnr) dB")
    }

    @Test("a WebP with alpha keeps it (PNG thumbnail)")
    func alphaWebP() throws {
        let folder = try TestPaths.makeTemporaryFolder("webp")
        let thumb = try thumbnailer.makeThumbnail(of: Self.fixture("alpha.webp"), to: folder.appendingPathComponent("t"))
        #expect(thumb.file.pathExtension == "png" && thumb.width == 320 && thumb.height == 240)
        let image = try ImageFixtures.decode(thumb.file)
        #expect(Self.pixel(image, 160, 120) == [255, 0, 0, 255])
        #expect(Self.pixel(image, 2, 2)[3] == 0)
    }

    @Test("an animated WebP gives its first frame on the full canvas")
    func animatedWebP() throws {
        let folder = try TestPaths.makeTemporaryFolder("webp")
        let source = Self.fixture("animated.webp")
        let info = try thumbnailer.probe(fileAt: source)
        #expect(info.width == 480 && info.height == 360)
        let thumb = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("t"))
        #expect(thumb.file.pathExtension == "png" && thumb.width == 320 && thumb.height == 240)
        let image = try ImageFixtures.decode(thumb.file)
        #expect(Self.pixel(image, 160, 120) == [255, 0, 0, 255])
        #expect(Self.pixel(image, 60, 60)[3] == 0)
    }

    @Test("declared GIF and WebP sizes are checked against the pixel budget before decoding")
    func budget() throws {
        let small = Thumbnailer(maxPixels: 10_000)
        for name in ["animated.gif", "photo.webp", "animated.webp"] {
            do {
                _ = try small.probe(fileAt: Self.fixture(name))
                Issue.record("expected tooLarge for \(name)")
            } catch {
                #expect(error.kind == .tooLarge, "\(name): \(error)")
            }
        }
        let cut = try TestPaths.makeTemporaryFolder("webp")
        let data = try Data(contentsOf: Self.fixture("photo.webp"))
        let truncated = try ImageFixtures.write(data.prefix(data.count / 2), "cut.webp", in: cut)
        do {
            _ = try thumbnailer.makeThumbnail(of: truncated, to: cut.appendingPathComponent("t"))
            Issue.record("expected an error for a truncated WebP")
        } catch {
            #expect(error.kind == .corrupt)
        }
    }
}
