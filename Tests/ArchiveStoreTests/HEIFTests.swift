import ChildProcess
import Foundation
import Testing
import TestSupport

@testable import ArchiveStore

/// HEIC and AVIF through libheif, from files the real encoder (`heif-enc`, Debian
/// `libheif-examples`, installed by Scripts/setup) writes from PNGs of the project's own encoder:
/// thumbnails keep the picture and its transparency, the perceptual hash is the source's, and a
/// cut file is an error with libheif's words, never a crash.
@Suite("HEIC and AVIF thumbnails", .enabled(if: TestRequirement.isStrict || RealEncoder.missing([.heif]) == nil,
                                            Comment(rawValue: RealEncoder.missing([.heif]) ?? "heif-enc installed")))
struct HEIFTests {
    let thumbnailer = Thumbnailer()

    /// Encodes `image` (PNG or JPEG) with heif-enc (`-A`: AVIF) into `folder`; returns the file.
    static func encode(_ image: Data, avif: Bool, alpha: Bool, in folder: URL) throws -> URL {
        let source = folder.appendingPathComponent(alpha ? "alpha.png" : "opaque.jpg")
        try image.write(to: source)
        let output = folder.appendingPathComponent((alpha ? "alpha" : "opaque") + (avif ? ".avif" : ".heic"))
        try RealEncoder.heif.run((avif ? ["-A"] : []) + ["-q", "90", source.path, "-o", output.path], in: folder)
        return output
    }

    @Test("an opaque HEIC or AVIF photo gets a JPEG thumbnail of the same picture and the same perceptual hash", arguments: [false, true])
    func opaque(avif: Bool) throws {
        let folder = try TestPaths.makeTemporaryFolder("heif")
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpeg = try EncodedPicture.source(alpha: false)
        let file = try Self.encode(jpeg, avif: avif, alpha: false, in: folder)
        try EncodedPicture.expectOpaqueThumbnail(of: file, source: jpeg, in: folder)
    }

    @Test("a HEIC or AVIF with alpha keeps its transparency in a PNG thumbnail", arguments: [false, true])
    func transparent(avif: Bool) throws {
        let folder = try TestPaths.makeTemporaryFolder("heif-alpha")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.encode(try EncodedPicture.source(alpha: true), avif: avif, alpha: true, in: folder)
        try EncodedPicture.expectTransparentThumbnail(of: file, in: folder)
    }

    @Test("a cut HEIC is an error that names the file and what libheif said")
    func truncated() throws {
        let folder = try TestPaths.makeTemporaryFolder("heif-cut")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Data(contentsOf: try Self.encode(try EncodedPicture.source(alpha: false), avif: false, alpha: false, in: folder))
        let cut = folder.appendingPathComponent("cut.heic")
        try whole.prefix(whole.count / 2).write(to: cut)
        let error = try #require(throws: ImageError.self) { try thumbnailer.makeThumbnail(of: cut, to: folder.appendingPathComponent("t")) }
        #expect(error.description.contains(cut.path) && error.description.contains("HEIF: "), "\(error)")
    }
}
