import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import PostScanner
import TestSupport

/// `mirror SITE` on real site trees archives every referenced file that exists, reports every
/// one that does not, and archives nothing else; a local post cannot pull in files outside its root.
@Suite(.serialized) struct SiteMirrorTests {
    /// Options for a fresh archive where no remote image can reach the network: every host is
    /// sent to a closed loopback port, so the corpus' few remote images fail at once.
    private func offlineOptions(archive: URL) -> MirrorOptions {
        var options = MirrorOptions(archive: archive)
        options.connectTo = ["::127.0.0.1:9"]
        options.thumbnails = false
        options.jobs = 2
        return options
    }

    @Test(.sharedData("corpus/sites")) func mirrorOfEachSiteArchivesExactlyItsExistingFiles() async throws {
        let parent = try TestPaths.makeTemporaryFolder("site-mirror")
        defer { try? FileManager.default.removeItem(at: parent) }
        for site in try SiteCorpus.load(SharedData.url("corpus/sites")) {
            let root = try site.workingCopy(in: parent).standardizedFileURL.path
            let archive = parent.appendingPathComponent("archive-\(site.name)")
            let output = RecordingOutput()
            _ = await MirrorJob(options: offlineOptions(archive: archive)).run(inputs: [root], output: output)

            let expected = Set(site.labels.flatMap { label in
                label.images.compactMap(\.file) + [label.cover?.file].compactMap { $0 }
            }.map { root + "/" + $0 })
            let fetched = output.of("fetched").compactMap { $0.string("url") }
            let local = Set(fetched.compactMap { URL(string: $0) }.filter(\.isFileURL).map { $0.standardizedFileURL.path })
            #expect(local == expected, "\(site.name): archived \(local.subtracting(expected).sorted()), not archived \(expected.subtracting(local).sorted())")
            #expect(fetched.allSatisfy { $0.hasPrefix("file://") }, "\(site.name): \(fetched)")

            let missing = output.of("failed").filter { $0.string("reason") == "missing-file" }
            let brokenRefs = site.labels.flatMap(\.images).filter { $0.file == nil && !$0.ref.hasPrefix("http:") && !$0.ref.hasPrefix("https:") }
            #expect(missing.count == brokenRefs.count, "\(site.name): \(missing.map(\.jsonLine))")
            for line in missing { #expect(line.string("message")?.contains("rule:") == true) }

            // Nothing else: the catalog holds exactly the objects of those files.
            let catalog = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite"))
            #expect(try catalog.allObjects().count == Set(output.of("fetched").compactMap { $0.string("sha256") }).count)
        }
    }

    @Test func localPostCannotReachOutsideItsInputFolderUnlessAllowed() async throws {
        let parent = try TestPaths.makeTemporaryFolder("outside-root")
        defer { try? FileManager.default.removeItem(at: parent) }
        let png = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures").path
        let picture = try #require(FileManager.default.subpaths(atPath: png)?.first { $0.hasSuffix(".png") })
        let secret = parent.appendingPathComponent("secret.png")
        try FileManager.default.copyItem(atPath: png + "/" + picture, toPath: secret.path)
        let posts = parent.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: secret, to: posts.appendingPathComponent("inside.png"))
        try FileManager.default.createSymbolicLink(at: posts.appendingPathComponent("link.png"), withDestinationURL: secret)
        try Data("# Post\n\n![in](inside.png)\n\n![up](../secret.png)\n\n![abs](\(secret.path))\n\n![link](link.png)\n".utf8)
            .write(to: posts.appendingPathComponent("post.md"))

        let refused = RecordingOutput()
        let status = await MirrorJob(options: offlineOptions(archive: parent.appendingPathComponent("a1"))).run(inputs: [posts.path], output: refused)
        #expect(status == ExitStatus.partialFailure)
        #expect(refused.of("fetched").compactMap { $0.string("url") }.map { URL(string: $0)?.lastPathComponent } == ["inside.png"])
        let outside = refused.of("failed").filter { $0.string("reason") == "outside-root" }
        // `../secret.png` and its absolute path are one image (one URL); the link is the other.
        #expect(Set(outside.compactMap { $0.string("url") }.map { URL(string: $0)?.lastPathComponent }) == ["secret.png", "link.png"], "\(refused.records.map(\.jsonLine))")
        #expect(outside.allSatisfy { $0.string("message")?.contains("--allow-outside-root") == true })

        var options = offlineOptions(archive: parent.appendingPathComponent("a2"))
        options.allowOutsideRoot = true
        let allowed = RecordingOutput()
        #expect(await MirrorJob(options: options).run(inputs: [posts.path], output: allowed) == ExitStatus.success)
        #expect(allowed.of("failed").isEmpty, "\(allowed.records.map(\.jsonLine))")
        #expect(allowed.of("fetched").count == 3)
    }
}
