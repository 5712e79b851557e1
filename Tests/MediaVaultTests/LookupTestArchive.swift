import ArchiveStore
import Foundation
@testable import MediaVault
import TestSupport

/// A small archive made from a local Markdown post (no network): three distinct photos with
/// Chinese and English captions, mirrored with the real MirrorJob.
enum LookupTestArchive {
    /// The fixture photos used, in post order.
    static let photos: [URL] = {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".jpg") }.sorted().prefix(3).map { folder.appendingPathComponent($0) }
    }()

    /// Captions, in post order.
    static let captions = ["上海外滩的夜景", "北京故宫的雪景与红墙", "A lighthouse at dawn over the harbour"]

    /// Builds the archive; returns (archive folder, posts folder).
    static func make(_ name: String) async throws -> (archive: URL, posts: URL) {
        let root = try TestPaths.makeTemporaryFolder(name)
        let posts = root.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        var body = "---\ntitle: 旅行照片 Travel notes\ndate: 2024-05-01\n---\n\n"
        for (index, photo) in photos.enumerated() {
            try FileManager.default.copyItem(at: photo, to: posts.appendingPathComponent("p\(index).jpg"))
            body += "![alt \(index)](p\(index).jpg \"\(captions[index])\")\n\n"
        }
        try body.write(to: posts.appendingPathComponent("trip.md"), atomically: true, encoding: .utf8)
        let archive = root.appendingPathComponent("Archive")
        let status = await MirrorJob(options: MirrorOptions(archive: archive)).run(inputs: [posts.path], output: RecordingOutput())
        guard status == ExitStatus.success else { throw SetupFailed(status: status) }
        return (archive, posts)
    }

    /// The mirror that builds the archive did not succeed.
    struct SetupFailed: Error, CustomStringConvertible {
        /// The mirror's exit status.
        let status: Int32
        var description: String { "mirror of the lookup test post failed with exit status \(status)" }
    }
}
