import Foundation
import Testing
@testable import ArchiveStore
import TestSupport

/// Errors that reach a person carry the underlying library's or system's own words: libpng's
/// and libjpeg's messages copied out of C, errno names and numbers with the path and what to
/// do (the real binary on real files and a really read-only file system).
@Suite(.serialized) struct ErrorContextTests {
    /// A fresh folder, removed by `deinit`.
    final class Folder {
        let url: URL
        init() throws { url = try TestPaths.makeTemporaryFolder("errors") }
        deinit { try? FileManager.default.removeItem(at: url) }
        func file(_ name: String, _ data: Data) throws -> String {
            let file = url.appendingPathComponent(name)
            try data.write(to: file)
            return file.path
        }
    }

    /// A 64×48 gradient as JPEG, made by the archive's own encoder (libjpeg).
    static func jpeg() throws -> Data {
        var rgba = [UInt8](repeating: 255, count: 64 * 48 * 4)
        for index in stride(from: 0, to: rgba.count, by: 4) { rgba[index] = UInt8(index % 251); rgba[index + 1] = UInt8(index / 64 % 251) }
        return try ImageCodec.encode(rgba: rgba, width: 64, height: 48, png: false)
    }

    @Test func brokenPNGsAndJPEGsShowTheLibrarysMessage() throws {
        let folder = try Folder()
        let png = try Data(contentsOf: try FetchCDN.images[0])
        let jpeg = try Self.jpeg()
        var badType = png
        let idat = try #require(png.firstRange(of: Data("IDAT".utf8))).lowerBound
        badType[idat + 3] = UInt8(ascii: "1")  // "IDA1": a chunk name must be four letters
        let sof = try #require(jpeg.firstRange(of: Data([0xFF, 0xC0]))).lowerBound
        var noHeight = jpeg
        noHeight[sof + 5] = 0; noHeight[sof + 6] = 0  // SOF0 height 0: libjpeg wants the DNL marker
        let files = [
            try folder.file("truncated.png", png.prefix(png.count / 2)),
            try folder.file("bad-chunk.png", badType),
            try folder.file("no-height.jpg", noHeight),
            try folder.file("truncated.jpg", jpeg.prefix(jpeg.count * 2 / 3)),
        ]
        let run = try EndToEndTests.run(["thumbnail"] + files + ["--out", folder.url.appendingPathComponent("out").path])
        #expect(run.status == 3, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        func line(_ file: String) -> String { lines.first { $0.contains(file) } ?? "" }
        // libpng: its EOF wording, with where the data ended.
        #expect(line(files[0]).contains("Read Error: the PNG data ends after \(png.count / 2) bytes"), "\(run.stderr)")
        #expect(line(files[1]).contains("invalid chunk type"), "\(run.stderr)")
        // libjpeg: a fatal error, and a warning on a decode that goes on.
        #expect(line(files[2]).contains("Empty JPEG image (DNL not supported)"), "\(run.stderr)")
        #expect(line(files[3]).contains("warning") && line(files[3]).contains("Premature end of JPEG file"), "\(run.stderr)")
    }

    @Test func anArchivePathThroughAFileNamesTheErrnoAndThePath() throws {
        let folder = try Folder()
        let post = try folder.file("post.md", Data("---\ntitle: t\n---\n![x](x.png)\n".utf8))
        let archive = try folder.file("not-a-folder", Data()) + "/archive"
        let run = try EndToEndTests.run(["mirror", post, "--archive", archive])
        #expect(run.status == 2)
        #expect(run.stderr.contains(archive) && run.stderr.contains("ENOTDIR, errno 20") && run.stderr.contains("is a file, not a folder"), "\(run.stderr)")
    }

    @Test(.enabled(if: geteuid() == 0 || TestRequirement.isStrict, "mounting a read-only file system needs root"))
    func aReadOnlyArchiveNamesEROFSAndThePath() throws {
        let folder = try Folder()
        let post = try folder.file("post.md", Data("---\ntitle: t\n---\n![x](x.png)\n".utf8))
        _ = try folder.file("x.png", try Data(contentsOf: try FetchCDN.images[1]))
        let writable = folder.url.appendingPathComponent("archive")
        #expect(try EndToEndTests.run(["mirror", post, "--archive", writable.path]).status == 0)
        // The same archive, and an empty folder, seen through read-only mounts.
        let readOnly = folder.url.appendingPathComponent("ro")
        let empty = folder.url.appendingPathComponent("ro-empty")
        for mountPoint in [readOnly, empty] { try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true) }
        let mounts = [["--bind", writable.path, readOnly.path], ["-o", "remount,ro,bind", readOnly.path], ["-t", "tmpfs", "-o", "ro", "tmpfs", empty.path]]
        for arguments in mounts {
            let mount = try EndToEndTests.run(arguments, executable: URL(fileURLWithPath: "/bin/mount"))
            try #require(mount.status == 0, "mount \(arguments): \(mount.stderr)")
        }
        defer { for point in [readOnly, empty] { _ = try? EndToEndTests.run([point.path], executable: URL(fileURLWithPath: "/bin/umount")) } }
        let existing = try EndToEndTests.run(["mirror", post, "--archive", readOnly.path, "--recheck"])
        #expect(existing.status == 2)
        #expect(existing.stderr.contains(readOnly.appendingPathComponent("lock").path) && existing.stderr.contains("EROFS, errno 30")
                && existing.stderr.contains("read-only"), "\(existing.stderr)")
        let fresh = try EndToEndTests.run(["mirror", post, "--archive", empty.appendingPathComponent("new").path])
        #expect(fresh.status == 2)
        #expect(fresh.stderr.contains(empty.appendingPathComponent("new").path) && fresh.stderr.contains("EROFS, errno 30"), "\(fresh.stderr)")
        // verify stays read-only, so it works on the read-only copy.
        #expect(try EndToEndTests.run(["verify", "--archive", readOnly.path]).status == 0)
    }
}
