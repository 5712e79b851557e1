import ChildProcess
import Foundation
import Testing
import TestSupport

@testable import ArchiveStore

/// HEIC and AVIF through libheif, from files the real encoder (`heif-enc`, Debian
/// `libheif-examples`, installed by Scripts/setup) writes from PNGs of the project's own encoder:
/// thumbnails keep the picture and its transparency, the perceptual hash is the source's, and a
/// cut file is an error with libheif's words, never a crash.
@Suite("HEIC and AVIF thumbnails", .enabled(if: TestRequirement.isStrict || HEIFEncoder.missing == nil,
                                            Comment(rawValue: HEIFEncoder.missing ?? "heif-enc installed")))
struct HEIFTests {
    let thumbnailer = Thumbnailer()

    /// A 400x240 picture: a red left half, a blue right half, and a green disc over the middle;
    /// with `alpha` the right half is transparent (a PNG), else the picture is a JPEG (no alpha
    /// plane for heif-enc to keep).
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

    /// Encodes `image` (PNG or JPEG) with heif-enc (`-A`: AVIF) into `folder`; returns the file.
    static func encode(_ image: Data, avif: Bool, alpha: Bool, in folder: URL) throws -> URL {
        if let missing = HEIFEncoder.missing { throw ImageError(.unsupported, missing) }
        let source = folder.appendingPathComponent(alpha ? "alpha.png" : "opaque.jpg")
        try image.write(to: source)
        let output = folder.appendingPathComponent((alpha ? "alpha" : "opaque") + (avif ? ".avif" : ".heic"))
        let result = try ChildProcess.run(HEIFEncoder.path, arguments: (avif ? ["-A"] : []) + ["-q", "90", source.path, "-o", output.path],
                                          directory: folder.path, stderr: .null)
        try #require(result.termination == .exit(0), "heif-enc failed: \(result.stdoutText)")
        return output
    }

    @Test("an opaque HEIC or AVIF photo gets a JPEG thumbnail of the same picture and the same perceptual hash", arguments: [false, true])
    func opaque(avif: Bool) throws {
        let folder = try TestPaths.makeTemporaryFolder("heif")
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpeg = try Self.source(alpha: false)
        let file = try Self.encode(jpeg, avif: avif, alpha: false, in: folder)
        let info = try thumbnailer.probe(fileAt: file)
        #expect(info.width == 400 && info.height == 240 && !info.hasAlpha)
        let thumb = try thumbnailer.makeThumbnail(of: file, to: folder.appendingPathComponent("t"), hashing: true)
        #expect(thumb.file.pathExtension == "jpg")
        #expect(thumb.width == 320 && thumb.height == 192)
        let image = try ImageFixtures.decode(thumb.file)
        let left = GIFWebPTests.pixel(image, 20, 96), right = GIFWebPTests.pixel(image, 300, 96), middle = GIFWebPTests.pixel(image, 160, 96)
        #expect(left[0] > 170 && left[2] < 80, "red on the left: \(left)")
        #expect(right[2] > 160 && right[0] < 70, "blue on the right: \(right)")
        #expect(middle[1] > 150 && middle[0] < 80, "the green disc in the middle: \(middle)")
        // The hash from the thumbnail's own decode is the source's, give or take a lossy bit or two.
        let hash = try #require(thumb.perceptualHash, "HEIF is hashed as JPEG and PNG are")
        #expect(hash.distance(to: try PerceptualHash(imageData: jpeg)) <= 6)
        #expect(hash.distance(to: try PerceptualHash(fileAt: file)) == 0, "a query hashes the file as the archive did")
    }

    @Test("a HEIC or AVIF with alpha keeps its transparency in a PNG thumbnail", arguments: [false, true])
    func transparent(avif: Bool) throws {
        let folder = try TestPaths.makeTemporaryFolder("heif-alpha")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.encode(try Self.source(alpha: true), avif: avif, alpha: true, in: folder)
        #expect(try thumbnailer.probe(fileAt: file).hasAlpha)
        let thumb = try thumbnailer.makeThumbnail(of: file, to: folder.appendingPathComponent("t"))
        #expect(thumb.file.pathExtension == "png")
        let image = try ImageFixtures.decode(thumb.file)
        #expect(GIFWebPTests.pixel(image, 20, 96)[3] > 240, "the left half is opaque")
        #expect(GIFWebPTests.pixel(image, 300, 96)[3] < 16, "the right half is transparent")
    }

    @Test("a cut HEIC is an error that names the file and what libheif said")
    func truncated() throws {
        let folder = try TestPaths.makeTemporaryFolder("heif-cut")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Data(contentsOf: try Self.encode(try Self.source(alpha: false), avif: false, alpha: false, in: folder))
        let cut = folder.appendingPathComponent("cut.heic")
        try whole.prefix(whole.count / 2).write(to: cut)
        let error = try #require(throws: ImageError.self) { try thumbnailer.makeThumbnail(of: cut, to: folder.appendingPathComponent("t")) }
        #expect(error.description.contains(cut.path) && error.description.contains("HEIF: "), "\(error)")
    }
}

/// libheif's encoder, `heif-enc`.
enum HEIFEncoder {
    static let path = "/usr/bin/heif-enc"
    /// Why the checks cannot run here (nil when they can).
    static var missing: String? {
        FileManager.default.isExecutableFile(atPath: path) ? nil
            : "heif-enc is not installed (Scripts/setup installs libheif-examples); HEIC and AVIF checks skipped"
    }
}
