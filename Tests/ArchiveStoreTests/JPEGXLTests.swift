import ChildProcess
import Foundation
import Testing
import TestSupport

@testable import ArchiveStore

/// JPEG XL through libjxl, from files the real encoder (`cjxl`, Debian `libjxl-tools`, installed
/// by Scripts/setup) writes from the project's own JPEGs and PNGs: thumbnails keep the picture,
/// its transparency and its orientation, the perceptual hash is the source's, and a cut file is
/// an error naming the file, never a crash.
@Suite("JPEG XL thumbnails", .enabled(if: TestRequirement.isStrict || RealEncoder.missing([.jpegXL]) == nil,
                                      Comment(rawValue: RealEncoder.missing([.jpegXL]) ?? "cjxl installed")))
struct JPEGXLTests {
    let thumbnailer = Thumbnailer()

    /// Encodes `image` (a JPEG: recompressed losslessly, as cjxl does by default; a PNG: lossy
    /// at distance 1) with cjxl into `folder`; returns the file.
    static func encode(_ image: Data, png: Bool, named name: String, in folder: URL) throws -> URL {
        let source = folder.appendingPathComponent(name + (png ? ".png" : ".jpg"))
        try image.write(to: source)
        let output = folder.appendingPathComponent(name + ".jxl")
        try RealEncoder.jpegXL.run([source.path, output.path, "--quiet"] + (png ? ["-d", "1"] : []), in: folder)
        return output
    }

    @Test("an opaque JPEG XL photo gets a JPEG thumbnail of the same picture and the same perceptual hash")
    func opaque() throws {
        let folder = try TestPaths.makeTemporaryFolder("jxl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpeg = try EncodedPicture.source(alpha: false)
        let file = try Self.encode(jpeg, png: false, named: "opaque", in: folder)
        try EncodedPicture.expectOpaqueThumbnail(of: file, source: jpeg, in: folder)
    }

    @Test("a JPEG XL with alpha keeps its transparency in a PNG thumbnail")
    func transparent() throws {
        let folder = try TestPaths.makeTemporaryFolder("jxl-alpha")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.encode(try EncodedPicture.source(alpha: true), png: true, named: "alpha", in: folder)
        try EncodedPicture.expectTransparentThumbnail(of: file, in: folder)
    }

    @Test("a JPEG XL's orientation is applied: a photo taken sideways stands up")
    func oriented() throws {
        let folder = try TestPaths.makeTemporaryFolder("jxl-orientation")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Orientation 6: the stored 400x240 picture is shown turned a quarter clockwise, 240x400,
        // its red left half on top.
        let file = try Self.encode(ImageFixtures.withOrientation(try EncodedPicture.source(alpha: false), 6), png: false, named: "sideways", in: folder)
        // The turn is left to the decoder: cjxl keeps the JPEG's orientation in the JPEG XL header.
        let header = try ChildProcess.run("/usr/bin/jxlinfo", arguments: [file.path], directory: folder.path, stderr: .null).stdoutText
        #expect(header.contains("400x240") && header.contains("Orientation: 6"), "\(header)")
        let info = try thumbnailer.probe(fileAt: file)
        #expect(info.width == 240 && info.height == 400, "\(info)")
        let thumb = try thumbnailer.makeThumbnail(of: file, to: folder.appendingPathComponent("t"))
        #expect(thumb.width == 192 && thumb.height == 320)
        let image = try ImageFixtures.decode(thumb.file)
        let top = GIFWebPTests.pixel(image, 96, 20), bottom = GIFWebPTests.pixel(image, 96, 300)
        #expect(top[0] > 170 && top[2] < 80, "red on top: \(top)")
        #expect(bottom[2] > 160 && bottom[0] < 70, "blue below: \(bottom)")
    }

    @Test("a JPEG XL animation gives its first frame with transparency kept, as a PNG thumbnail")
    func animation() throws {
        let folder = try TestPaths.makeTemporaryFolder("jxl-animation")
        defer { try? FileManager.default.removeItem(at: folder) }
        // cjxl keeps the committed GIF's two frames (losslessly) as a looping JPEG XL animation.
        let file = folder.appendingPathComponent("animated.jxl")
        try RealEncoder.jpegXL.run([GIFWebPTests.fixture("animated.gif").path, file.path, "--quiet"], in: folder)
        let header = try ChildProcess.run("/usr/bin/jxlinfo", arguments: [file.path], directory: folder.path, stderr: .null).stdoutText
        #expect(header.contains("JPEG XL animation") && header.components(separatedBy: "frame:").count == 3, "\(header)")
        let thumb = try thumbnailer.makeThumbnail(of: file, to: folder.appendingPathComponent("t"))
        #expect(thumb.file.pathExtension == "png" && thumb.width == 320 && thumb.height == 240)
        let image = try ImageFixtures.decode(thumb.file)
        // Frame 1 is a red disc on transparency; frame 2 (a blue square at 40..200) must not show.
        #expect(GIFWebPTests.pixel(image, 160, 120) == [255, 0, 0, 255])
        #expect(GIFWebPTests.pixel(image, 2, 2)[3] == 0)
        #expect(GIFWebPTests.pixel(image, 60, 60)[3] == 0)
    }

    @Test("a cut JPEG XL is an error that names the file and what went wrong")
    func truncated() throws {
        let folder = try TestPaths.makeTemporaryFolder("jxl-cut")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Data(contentsOf: try Self.encode(try EncodedPicture.source(alpha: true), png: true, named: "whole", in: folder))
        let cut = folder.appendingPathComponent("cut.jxl")
        try whole.prefix(whole.count / 2).write(to: cut)
        let error = try #require(throws: ImageError.self) { try thumbnailer.makeThumbnail(of: cut, to: folder.appendingPathComponent("t")) }
        #expect(error.description.contains(cut.path) && error.description.contains("JPEG XL: the file ends early"), "\(error.description)")
    }
}
