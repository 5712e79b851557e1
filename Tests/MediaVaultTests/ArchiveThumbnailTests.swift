import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// Thumbnails through the whole mirror: GIF and WebP images of a post, and `--thumbnail-size`.
@Suite struct ArchiveThumbnailTests {
    /// A post beside local copies of the GIF/WebP fixtures (local images are archived like downloads).
    static func makePost() throws -> URL {
        let folder = try TestPaths.makeTemporaryFolder("thumbsize-posts")
        let fixtures = TestPaths.repositoryRoot.appendingPathComponent("Tests/ArchiveStoreTests/Fixtures")
        var body = "---\ntitle: Moving pictures\n---\n\n"
        for name in ["animated.gif", "interlaced.gif", "photo.webp", "animated.webp"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: folder.appendingPathComponent(name))
            body += "![\(name)](\(name) \"Caption of \(name)\")\n\n"
        }
        try body.write(to: folder.appendingPathComponent("post.md"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("GIF and WebP objects get thumbnails of --thumbnail-size px (PNG when transparent)")
    func gifWebPAtACustomSize() async throws {
        let posts = try Self.makePost()
        let archive = try TestPaths.makeTemporaryFolder("thumbsize")
        defer { try? FileManager.default.removeItem(at: archive); try? FileManager.default.removeItem(at: posts) }
        var options = MirrorOptions(archive: archive)
        options.thumbnailSize = 100
        let output = RecordingOutput()
        let status = await MirrorJob(options: options).run(inputs: [posts.path], output: output)
        #expect(status == ExitStatus.success, "\(output.diagnostics) \(output.of("failed").map(\.jsonLine))")
        let objects = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite")).allObjects()
        #expect(objects.count == 4)
        for object in objects {
            let thumbnail = try #require(object.thumbnail, "\(object.relativePath): \(object.thumbnailError ?? "")")
            let info = try Thumbnailer().probe(fileAt: archive.appendingPathComponent(thumbnail))
            #expect(max(info.width, info.height) == 100, "\(thumbnail) is \(info.width)x\(info.height)")
            // The animations' first frames are transparent around the disc; the two stills are opaque.
            #expect(thumbnail.hasSuffix(object.width == 480 ? ".png" : ".jpg"), "\(thumbnail)")
        }
    }
}
