import Foundation
import Testing
import TestSupport

@testable import ArchiveStore

/// The perceptual hash made from the thumbnail's decode (one decode per archived photo).
@Suite struct ThumbnailHashTests {
    /// The thumbnail with and without the hash, and the hash the standalone decode gives.
    static func both(_ source: URL, in folder: URL) throws -> (hashed: Thumbnail, plain: Thumbnail, standalone: PerceptualHash) {
        let thumbnailer = Thumbnailer()
        let hashed = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("hashed"), hashing: true)
        let hashedBytes = try Data(contentsOf: hashed.file)
        let plain = try thumbnailer.makeThumbnail(of: source, to: folder.appendingPathComponent("plain"))
        #expect(try Data(contentsOf: plain.file) == hashedBytes, "the grid beside it leaves the thumbnail unchanged: \(source.lastPathComponent)")
        #expect(plain.perceptualHash == nil)
        return (hashed, plain, try PerceptualHash(fileAt: source))
    }

    @Test("JPEG and PNG fixtures: the hash from the thumbnail's decode is exactly the standalone hash")
    func fixturesHashAsTheirOwnDecode() throws {
        let folder = try TestPaths.makeTemporaryFolder("thumbnail-hash")
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images")
        let names = try FileManager.default.contentsOfDirectory(atPath: images.path).filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }.sorted()
        #expect(names.count >= 30)
        for name in names {
            let (hashed, _, standalone) = try Self.both(images.appendingPathComponent(name), in: folder)
            let hash = try #require(hashed.perceptualHash, "\(name) has a hash")
            #expect(hash == standalone, "\(name): \(hash) vs \(standalone)")
        }
    }

    @Test("a 2400x1800 photo (decoded at a DCT scale): same hash either way, EXIF rotation applied; another thumbnail size too")
    func largeAndRotatedPhotosHashAlike() throws {
        let folder = try TestPaths.makeTemporaryFolder("thumbnail-hash-large")
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpeg = try ImageCodec.encode(rgba: ImageFixtures.photoLike(width: 2400, height: 1800), width: 2400, height: 1800, png: false)
        let upright = try ImageFixtures.write(jpeg, "upright.jpg", in: folder)
        let rotated = try ImageFixtures.write(ImageFixtures.withOrientation(jpeg, 6), "rotated.jpg", in: folder)
        let (a, _, standaloneA) = try Self.both(upright, in: folder)
        let (b, _, standaloneB) = try Self.both(rotated, in: folder)
        let hashA = try #require(a.perceptualHash), hashB = try #require(b.perceptualHash)
        #expect(hashA == standaloneA)
        #expect(hashB == standaloneB)
        // 160 px thumbnails decode at 2/8 where the hash decodes at 3/8: the hash is still its own.
        let small = try Thumbnailer(maxEdge: 160).makeThumbnail(of: upright, to: folder.appendingPathComponent("small"), hashing: true)
        #expect(small.perceptualHash == standaloneA)
        #expect(hashA.distance(to: hashB) >= 10, "a quarter turn is a different picture to the hash: orientation was applied")
    }

    @Test("a GIF gets a thumbnail and no hash (as before: only JPEG and PNG are hashed)")
    func gifHasNoHash() throws {
        let folder = try TestPaths.makeTemporaryFolder("thumbnail-hash-gif")
        defer { try? FileManager.default.removeItem(at: folder) }
        let gif = TestPaths.repositoryRoot.appendingPathComponent("Tests/ArchiveStoreTests/Fixtures/interlaced.gif")
        let thumbnail = try Thumbnailer().makeThumbnail(of: gif, to: folder.appendingPathComponent("g"), hashing: true)
        #expect(thumbnail.perceptualHash == nil)
        #expect(thumbnail.width > 0)
    }
}
