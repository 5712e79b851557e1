import ChildProcess
import Foundation
import Testing
import TestSupport

/// Runs the built `mediavault` binary the way a person would, and checks stdout, the archive
/// and the exit codes.
@Suite(.serialized) struct EndToEndTests {
    /// The executable built beside this test bundle by `swift build --build-tests`.
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mediavault")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return TestPaths.repositoryRoot.appendingPathComponent(".build/debug/mediavault")
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// stdout parsed as JSON Lines.
        var lines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }

    /// Runs the binary (or `executable`, e.g. a shell running a pipeline) to its end.
    static func run(_ arguments: [String], executable: URL? = nil) throws -> Run {
        let output = try ChildProcess.run((executable ?? binary).path, arguments: arguments)
        return Run(status: output.status, stdout: output.stdoutText, stderr: output.stderrText)
    }

    @Test func mirrorCaptionVerifyOnTheExamples() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the executable first (swift build --build-tests)")
        let archive = try TestPaths.makeTemporaryFolder("e2e")
        defer { try? FileManager.default.removeItem(at: archive) }
        let network = try ExampleCDN.connectTo.flatMap { ["--connect-to", $0] } + ["--cacert", ExampleCDN.server.caCertificate.path]

        let mirror = try Self.run(["mirror", ExampleCDN.posts.path, "--archive", archive.path, "--json"] + network)
        #expect(mirror.status == 0, "\(mirror.stderr)")
        let lines = mirror.lines
        #expect(lines.count == mirror.stdout.split(separator: "\n").count, "every stdout line is JSON")
        #expect(lines.last?["type"] as? String == "summary")
        let fetched = lines.filter { $0["type"] as? String == "fetched" }
        #expect(fetched.count >= 20)
        for line in fetched {
            let sha = try #require(line["sha256"] as? String)
            let objects = try FileManager.default.contentsOfDirectory(atPath: archive.appendingPathComponent("objects/\(sha.prefix(2))").path)
            #expect(objects.contains { $0.hasPrefix(sha + ".") })
        }
        #expect(FileManager.default.fileExists(atPath: archive.appendingPathComponent("catalog.sqlite").path))

        let caption = try Self.run(["caption", "https://i.guancha.cn/news/social/2021/12/31/20211231090731553.jpg", "--archive", archive.path])
        #expect(caption.status == 0)
        #expect(caption.stdout.contains("资料图：俄罗斯总统普京和美国总统拜登"))
        #expect(caption.stdout.contains("普京拜登月内二度通话，双方互抛警告"))

        let notFound = try Self.run(["caption", "https://example.com/never.jpg", "--archive", archive.path, "--json"])
        #expect(notFound.status == 1)
        #expect(notFound.lines.count == 1 && notFound.lines.first?["type"] as? String == "summary", "only the summary: \(notFound.stdout)")
        #expect(notFound.lines.first?["found"] as? Int == 0)

        let verify = try Self.run(["verify", "--archive", archive.path, "--json"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.lines.last?["damage"] as? Int == 0)

        // Damage one object: verify exits 4 and names it.
        let sha = try #require(fetched.first?["sha256"] as? String)
        let folder = archive.appendingPathComponent("objects/\(sha.prefix(2))")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix(sha) })
        try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        let damaged = try Self.run(["verify", "--archive", archive.path, "--json"])
        #expect(damaged.status == 4)
        #expect(damaged.lines.contains { $0["kind"] as? String == "missing" && $0["sha256"] as? String == sha })
    }

    @Test func usageErrorsExit64AndScanNeedsNoNetwork() throws {
        #expect(try Self.run(["mirror"]).status == 64)
        #expect(try Self.run(["verify", "--fast", "--read-data"]).status == 64)
        let scan = try Self.run(["scan", TestPaths.repositoryRoot.appendingPathComponent("Examples/posts/sample-post.md").path, "--json"])
        #expect(scan.status == 0)
        let images = scan.lines.filter { $0["type"] as? String == "image" }
        #expect(images.count == 4)
        #expect(images.first?["cover"] as? Bool == true)
        #expect(images.compactMap { $0["caption"] as? String }.count == 3)
        #expect(images.allSatisfy { $0["in_body"] as? Bool == true }, "the sample's cover is its lead image")
        // A cover the body does not show is listed after the body's images, not in the body.
        let folder = try TestPaths.makeTemporaryFolder("in-body")
        defer { try? FileManager.default.removeItem(at: folder) }
        let post = folder.appendingPathComponent("post.md")
        try "---\ntitle: t\nheadimg: 'https://picsum.photos/400/300?random=1'\n---\n\n<div><img src=\"https://h/a.jpg\"></div>\n"
            .write(to: post, atomically: true, encoding: .utf8)
        let declared = try Self.run(["scan", post.path, "--json"]).lines.filter { $0["type"] as? String == "image" }
        #expect(declared.map { $0["url"] as? String } == ["https://h/a.jpg", "https://picsum.photos/400/300?random=1"])
        #expect(declared.map { $0["in_body"] as? Bool } == [true, false])
        let missing = try Self.run(["scan", "/no/such/post.md"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("/no/such/post.md"))
    }

    @Test func maxPostSizeRefusesLargerPostsAndIsValidated() throws {
        let sample = TestPaths.repositoryRoot.appendingPathComponent("Examples/posts/sample-post.md").path
        let size = try #require(try FileManager.default.attributesOfItem(atPath: sample)[.size] as? Int)
        let refused = try Self.run(["scan", sample, "--max-post-size", "1k", "--json"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains(sample) && refused.stderr.contains("limit of 1024 bytes") && refused.stderr.contains("--max-post-size"))
        #expect(refused.lines.filter { $0["type"] as? String == "image" }.isEmpty)
        let allowed = try Self.run(["scan", sample, "--max-post-size", String(size), "--json"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        for bad in ["12x", "0", "2G"] {
            let run = try Self.run(["scan", sample, "--max-post-size", bad])
            #expect(run.status == 64, "\(bad)")
            #expect(run.stderr.contains("--max-post-size"))
        }
    }
}
