import ArchiveStore
import ChildProcess
import Foundation
import GRDB
import Testing
import TestSupport

/// libheif and libjxl are loaded on the first image that needs them. On a machine without them
/// (the real binary, told to load libraries that are not there), HEIC and JPEG XL images are
/// still archived, without a thumbnail and with the reason; once the libraries are there,
/// `verify --repair` makes the thumbnails and perceptual hashes that failed (not for an object
/// too large to decode, which mirror never meant to thumbnail).
@Suite(.enabled(if: TestRequirement.isStrict || RealEncoder.missing([.jpegXL, .heif]) == nil,
                Comment(rawValue: RealEncoder.missing([.jpegXL, .heif]) ?? "cjxl and heif-enc installed")))
struct MissingCodecLibraryTests {
    @Test func withoutTheLibrariesTheImagesAreKeptAndRepairMakesTheirThumbnailsLater() throws {
        let folder = try TestPaths.makeTemporaryFolder("missing-codecs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images/a08b980cce52873c0c775308275738170c64b306.png").path
        try RealEncoder.jpegXL.run([png, "a.jxl", "--quiet"], in: folder)
        try RealEncoder.heif.run([png, "-o", "b.heic"], in: folder)
        // A JPEG decoders would read (its data ends at its end marker) followed by 65 MB: over the
        // 64 MB that mirror decodes, so it is kept without a thumbnail, and repair leaves it so.
        let jpeg = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images/0432c3962b9db3172ea8180ad9ad1f2cecfe336e.jpg"))
        try (jpeg + Data(count: 65 << 20)).write(to: folder.appendingPathComponent("c.jpg"))
        let post = folder.appendingPathComponent("post.md")
        try "---\ntitle: Codecs\n---\n\n![](a.jxl)\n\n![](b.heic)\n\n![](c.jpg)\n".write(to: post, atomically: true, encoding: .utf8)
        let archive = folder.appendingPathComponent("archive")

        let mirror = try BinaryProcess(["mirror", post.path, "--archive", archive.path, "--json"],
                                       environment: ["MEDIAVAULT_LIBJXL": "/nonexistent/libjxl.so.0.7", "MEDIAVAULT_LIBHEIF": "/nonexistent/libheif.so.1"])
        #expect(mirror.wait() == 0, "\(mirror.stdout)\n\(mirror.stderr)")
        #expect(mirror.lines.filter { $0["type"] as? String == "fetched" }.count == 3, "\(mirror.stdout)")
        let before = try Self.objects(in: archive)
        #expect(before.count == 3 && before.allSatisfy { $0.thumbnail == nil && $0.phash == nil }, "\(before)")
        let reasons = before.compactMap(\.thumbnailError).joined(separator: "\n")
        #expect(reasons.contains("libjxl cannot be loaded (/nonexistent/libjxl.so.0.7: cannot open shared object file"), "\(reasons)")
        #expect(reasons.contains("libheif cannot be loaded") && reasons.contains("install Debian libheif1"), "\(reasons)")
        #expect(reasons.contains("larger than 64 MB, not decoded"), "\(reasons)")

        let repair = try EndToEndTests.run(["verify", "--repair", "--archive", archive.path, "--json"])
        #expect(repair.status == 0, "\(repair.stdout)\n\(repair.stderr)")
        let summary = try #require(repair.lines.last)
        #expect(summary["thumbnails"] as? Int == 2 && summary["perceptual_hashes"] as? Int == 2, "\(summary)")
        let after = try Self.objects(in: archive)
        let large = after.filter { $0.size > 64 << 20 }
        #expect(large.count == 1 && large.allSatisfy { $0.thumbnail == nil && $0.thumbnailError?.contains("not decoded") == true }, "\(large)")
        let decoded = after.filter { $0.size <= 64 << 20 }
        #expect(decoded.count == 2 && decoded.allSatisfy { $0.thumbnail != nil && $0.thumbnailError == nil && $0.phash != nil }, "\(after)")
        for object in decoded {
            let thumbnail = archive.appendingPathComponent(try #require(object.thumbnail))
            #expect(try Thumbnailer().probe(fileAt: thumbnail).width == 320, "\(thumbnail.path)")
        }
        let again = try EndToEndTests.run(["verify", "--repair", "--archive", archive.path, "--json"])
        #expect(again.lines.last?["thumbnails"] as? Int == 0, "nothing left to make: \(again.stdout)")
    }

    /// The archive's object rows.
    static func objects(in archive: URL) throws -> [ObjectRecord] {
        let catalog = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite"))
        return try catalog.database.read { try ObjectRecord.fetchAll($0, sql: "SELECT * FROM object ORDER BY media_type") }
    }
}
