import Foundation
import Testing
@testable import ArchiveStore
import TestSupport

/// `Thumbnailer.probe` reads the first 64 KiB and goes on to the whole file only when the header
/// lies beyond them.
@Suite struct ProbeWindowTests {
    let thumbnailer = Thumbnailer()

    /// A 300x200 JPEG with `padding` bytes of comment segments between SOI and the frame header.
    private func jpeg(commentBytes padding: Int) throws -> Data {
        let plain = try ImageCodec.encode(rgba: ImageFixtures.photoLike(width: 300, height: 200), width: 300, height: 200, png: false)
        var out = Data(plain.prefix(2))
        var left = padding
        while left > 0 {
            let body = min(left, 60_000)
            out.append(contentsOf: [0xFF, 0xFE, UInt8((body + 2) >> 8), UInt8((body + 2) & 0xFF)])
            out.append(Data(repeating: 0x2E, count: body))
            left -= body
        }
        out.append(plain.dropFirst(2))
        return out
    }

    @Test("a header behind 200 KB of comments is still found: the probe reads on past its window")
    func headerBeyondTheWindow() throws {
        let folder = try TestPaths.makeTemporaryFolder("probe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try ImageFixtures.write(try jpeg(commentBytes: 200_000), "late-header.jpg", in: folder)
        let head = try Thumbnailer.head(of: file, upTo: Thumbnailer.probeWindow)
        #expect(!head.isWhole && head.bytes.count == Thumbnailer.probeWindow)
        #expect((try? ImageCodec.probe(head.bytes, maxPixels: 1 << 30, name: "head")) == nil, "the window alone has no frame header")
        let info = try thumbnailer.probe(fileAt: file)
        #expect(info.width == 300 && info.height == 200)
    }

    @Test("an early header is answered from the window, with the same size as a whole-file probe",
          arguments: [0, 10_000, 60_000])
    func headerInsideTheWindow(padding: Int) throws {
        let folder = try TestPaths.makeTemporaryFolder("probe")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Pad the end so that the file is larger than the window (pixels come after the header).
        var bytes = try jpeg(commentBytes: padding)
        bytes.append(Data(repeating: 0, count: 100_000))
        let file = try ImageFixtures.write(bytes, "early.jpg", in: folder)
        let head = try Thumbnailer.head(of: file, upTo: Thumbnailer.probeWindow)
        #expect(!head.isWhole)
        let windowed = try ImageCodec.probe(head.bytes, maxPixels: 1 << 30, name: "head")
        let whole = try ImageCodec.probe(bytes, maxPixels: 1 << 30, name: "whole")
        #expect(windowed == whole)
        #expect(try thumbnailer.probe(fileAt: file) == whole)
    }

    @Test("a file smaller than the window is read whole, and its error is the codec's")
    func smallFilesAndErrors() throws {
        let folder = try TestPaths.makeTemporaryFolder("probe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = try ImageFixtures.write(ImageFixtures.pngHeaderOnly(width: 40, height: 30), "tiny.png", in: folder)
        let head = try Thumbnailer.head(of: png, upTo: Thumbnailer.probeWindow)
        #expect(head.isWhole)
        let info = try thumbnailer.probe(fileAt: png)
        #expect(info.width == 40 && info.height == 30)
        let text = try ImageFixtures.write(Data("not an image at all".utf8), "note.jpg", in: folder)
        #expect(throws: ImageError.self) { try thumbnailer.probe(fileAt: text) }
        let missing = folder.appendingPathComponent("gone.jpg")
        do {
            _ = try thumbnailer.probe(fileAt: missing)
            Issue.record("probing a missing file succeeded")
        } catch {
            #expect("\(error)".contains(missing.path) && "\(error)".contains("ENOENT"), "\(error)")
        }
    }

    @Test("a download keeps its first 64 KiB in memory, and the probe answers from them without the file")
    func theDownloadsHeadAnswersTheProbe() throws {
        let folder = try TestPaths.makeTemporaryFolder("probe")
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try jpeg(commentBytes: 10_000)
        bytes.append(Data(repeating: 0, count: 100_000))
        let pending = try PendingObject(path: folder.appendingPathComponent("body").path)
        // Written in uneven chunks, as a transfer hands them over.
        var offset = 0
        for size in [1, 1_000, 16_384, 50_000, 7, 100_000] where offset < bytes.count {
            let chunk = bytes[offset..<min(offset + size, bytes.count)]
            try chunk.withUnsafeBytes { try pending.write($0) }
            offset += chunk.count
        }
        #expect(offset == bytes.count)
        #expect(pending.head.count == Thumbnailer.probeWindow)
        #expect(pending.head.elementsEqual(bytes.prefix(Thumbnailer.probeWindow)), "the head is the body's first bytes")
        #expect(!pending.headIsWhole)
        #expect(pending.prefix.elementsEqual(bytes.prefix(1024)))
        let whole = try ImageCodec.probe(bytes, maxPixels: 1 << 30, name: "whole")
        // The temp file is gone: only the bytes in memory can answer.
        pending.discard()
        let answer = try thumbnailer.probe(head: pending.head, isWhole: false, fileAt: URL(filePath: pending.path))
        #expect(answer == whole)
        // A header beyond the head needs the file, and says which file it could not read.
        let late = try jpeg(commentBytes: 200_000)
        do {
            _ = try thumbnailer.probe(head: Array(late.prefix(Thumbnailer.probeWindow)), isWhole: false, fileAt: URL(filePath: pending.path))
            Issue.record("a header beyond the head was found without the file")
        } catch {
            #expect("\(error)".contains(pending.path) && "\(error)".contains("ENOENT"), "\(error)")
        }
    }

    @Test("a small download is whole in memory")
    func aSmallDownloadIsWhole() throws {
        let folder = try TestPaths.makeTemporaryFolder("probe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = ImageFixtures.pngHeaderOnly(width: 40, height: 30)
        let pending = try PendingObject(path: folder.appendingPathComponent("body").path)
        try png.withUnsafeBytes { try pending.write($0) }
        #expect(pending.headIsWhole && pending.head.elementsEqual(png))
        pending.discard()
        let info = try thumbnailer.probe(head: pending.head, isWhole: true, fileAt: URL(filePath: pending.path))
        #expect(info.width == 40 && info.height == 30)
    }
}
