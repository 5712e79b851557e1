import ArchiveStore
import ChildProcess
import Foundation
import GRDB
import Testing
import TestSupport

/// libheif and libjxl are loaded on the first image that needs them. On a machine without them
/// (the real binary, told to load libraries that are not there), HEIC and JPEG XL images are
/// still archived, without a thumbnail and with the reason; once the libraries are there,
/// `verify --repair` makes the thumbnails and perceptual hashes that failed.
@Suite(.enabled(if: TestRequirement.isStrict || ImageEncoders.missing == nil, Comment(rawValue: ImageEncoders.missing ?? "cjxl and heif-enc installed")))
struct MissingCodecLibraryTests {
    @Test func withoutTheLibrariesTheImagesAreKeptAndRepairMakesTheirThumbnailsLater() throws {
        let folder = try TestPaths.makeTemporaryFolder("missing-codecs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images/a08b980cce52873c0c775308275738170c64b306.png").path
        for (tool, arguments) in [("/usr/bin/cjxl", [png, "a.jxl", "--quiet"]), ("/usr/bin/heif-enc", [png, "-o", "b.heic"])] {
            let made = try ChildProcess.run(tool, arguments: arguments, directory: folder.path, stderr: .null)
            try #require(made.termination == .exit(0), "\(tool) failed")
        }
        let post = folder.appendingPathComponent("post.md")
        try "---\ntitle: Codecs\n---\n\n![](a.jxl)\n\n![](b.heic)\n".write(to: post, atomically: true, encoding: .utf8)
        let archive = folder.appendingPathComponent("archive")

        let mirror = try BinaryProcess(["mirror", post.path, "--archive", archive.path, "--json"],
                                       environment: ["MEDIAVAULT_LIBJXL": "/nonexistent/libjxl.so.0.7", "MEDIAVAULT_LIBHEIF": "/nonexistent/libheif.so.1"])
        #expect(mirror.wait() == 0, "\(mirror.stdout)\n\(mirror.stderr)")
        #expect(mirror.lines.filter { $0["type"] as? String == "fetched" }.count == 2, "\(mirror.stdout)")
        let before = try Self.objects(in: archive)
        #expect(before.count == 2 && before.allSatisfy { $0.thumbnail == nil && $0.phash == nil }, "\(before)")
        let reasons = before.compactMap(\.thumbnailError).joined(separator: "\n")
        #expect(reasons.contains("libjxl cannot be loaded (/nonexistent/libjxl.so.0.7: cannot open shared object file"), "\(reasons)")
        #expect(reasons.contains("libheif cannot be loaded") && reasons.contains("install Debian libheif1"), "\(reasons)")

        let repair = try EndToEndTests.run(["verify", "--repair", "--archive", archive.path, "--json"])
        #expect(repair.status == 0, "\(repair.stdout)\n\(repair.stderr)")
        let summary = try #require(repair.lines.last)
        #expect(summary["thumbnails"] as? Int == 2 && summary["perceptual_hashes"] as? Int == 2, "\(summary)")
        let after = try Self.objects(in: archive)
        #expect(after.allSatisfy { $0.thumbnail != nil && $0.thumbnailError == nil && $0.phash != nil }, "\(after)")
        for object in after {
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

/// The JPEG XL and HEIF encoders the test makes its images with.
private enum ImageEncoders {
    /// Why the test cannot make its images here (nil when it can).
    static var missing: String? {
        let absent = ["/usr/bin/cjxl", "/usr/bin/heif-enc"].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        return absent.isEmpty ? nil : "\(absent.joined(separator: " and ")) not installed (Scripts/setup installs libjxl-tools and libheif-examples); skipped"
    }
}
