import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// One output contract: every command's `--json` output, from the real binary, is validated
/// against the versioned schema in the repository (Schemas/mediavault-lines.v1.json) by a
/// real JSON Schema validator (python3 `jsonschema`, installed by Scripts/setup), and ends
/// with exactly one `summary` line.
@Suite(.serialized) struct OutputContractTests {
    static let schema = TestPaths.repositoryRoot.appendingPathComponent("Schemas/mediavault-lines.v1.json")

    /// A python3 that imports jsonschema: Debian's (Scripts/setup installs python3-jsonschema), else the one on PATH.
    static func python() throws -> String {
        for candidate in ["/usr/bin/python3", "python3"] {
            let probe = try EndToEndTests.run([candidate, "-c", "import jsonschema"], executable: URL(fileURLWithPath: "/usr/bin/env"))
            if probe.status == 0 { return candidate }
        }
        throw SlowCDNError(message: "no python3 with the jsonschema module: run Scripts/setup (it installs python3-jsonschema)")
    }

    /// Validates JSON Lines against the schema; returns one message per invalid line.
    static func invalidLines(_ stdout: String) throws -> [String] {
        let lines = FileManager.default.temporaryDirectory.appendingPathComponent("mediavault-lines-\(UUID().uuidString.prefix(8)).jsonl")
        try stdout.write(to: lines, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: lines) }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            validator = jsonschema.Draft202012Validator(schema)
            for number, line in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
                for error in validator.iter_errors(json.loads(line)):
                    print(f"line {number}: {error.message} at {list(error.absolute_path)}: {line.strip()[:200]}")
            """
        let run = try EndToEndTests.run([try python(), "-c", script, schema.path, lines.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        guard run.status == 0 else { return ["validator failed: \(run.stderr)"] }
        return run.stdout.split(separator: "\n").map(String.init)
    }

    /// Runs a command with --json; checks it against the schema and that it ends with one summary; returns its lines.
    @discardableResult
    static func check(_ arguments: [String], status: Int32? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let run = try EndToEndTests.run(arguments + ["--json"])
        let name = arguments.prefix(2).joined(separator: " ")
        if let status { #expect(run.status == status, "\(name): \(run.stderr)", sourceLocation: sourceLocation) }
        let invalid = try invalidLines(run.stdout)
        #expect(invalid.isEmpty, "\(name): \(invalid)", sourceLocation: sourceLocation)
        let types = run.lines.map { $0["type"] as? String ?? "" }
        #expect(types.last == "summary" && types.filter { $0 == "summary" }.count == 1, "\(name) ends with one summary: \(types)", sourceLocation: sourceLocation)
        return run.lines
    }

    @Test func theSchemaRejectsWhatBreaksTheContract() throws {
        let good = #"{"type":"failed","url":"https://a.test/x.jpg","post":"p.md","sha256":null,"status":404,"referer":null,"attempts":1,"reason":"http","message":"404","referers_tried":[null]}"#
        #expect(try Self.invalidLines(good + "\n").isEmpty)
        let bad = [
            #"{"type":"failed","url":"https://a.test/x.jpg","post":"p.md","sha256":null,"status":404,"referer":null,"attempts":1,"reason":"http","referers_tried":[]}"#,  // no message
            #"{"type":"fetched","url":"u","post":"p","sha256":"XYZ","status":200,"referer":null,"attempts":1,"reason":null,"referers_tried":[]}"#,  // not a digest
            #"{"type":"summary","fetched":-1}"#,
            #"{"type":"novel"}"#,
        ]
        #expect(try Self.invalidLines(bad.joined(separator: "\n") + "\n").count == bad.count)
    }

    @Test func everyCommandsJSONFollowsTheSchemaAndEndsWithASummary() throws {
        let archive = try TestPaths.makeTemporaryFolder("contract")
        let work = try TestPaths.makeTemporaryFolder("contract-work")
        defer { for folder in [archive, work] { try? FileManager.default.removeItem(at: folder) } }
        let network = try ExampleCDN.connectTo.flatMap { ["--connect-to", $0] } + ["--cacert", ExampleCDN.server.caCertificate.path]
        // One post with a failing image and one unresolved, beside the examples.
        let posts = work.appendingPathComponent("posts")
        try FileManager.default.copyItem(at: ExampleCDN.posts, to: posts)
        try "---\ntitle: Broken\n---\n<p><img src=\"https://i.guancha.cn/missing.jpg\"></p><p><img src=\"gone.jpg\"></p>\n"
            .write(to: posts.appendingPathComponent("broken.md"), atomically: true, encoding: .utf8)
        let at = ["--archive", archive.path]

        try Self.check(["scan", posts.path], status: 0)
        try Self.check(["mirror", posts.path, "--dry-run"] + at + network)
        let mirror = try Self.check(["mirror", posts.path] + at + network, status: 3)
        #expect(Set(mirror.compactMap { $0["type"] as? String }).isSuperset(of: ["fetched", "failed", "summary"]))
        let again = try Self.check(["mirror", posts.path] + at + network, status: 3)
        #expect(again.contains { $0["type"] as? String == "skipped" })
        try Self.check(["mirror", posts.path, "--download-only", work.appendingPathComponent("plain").path] + network, status: 3)
        let url = try #require(mirror.first { $0["type"] as? String == "fetched" }?["url"] as? String)
        let sha = try #require(mirror.first { $0["type"] as? String == "fetched" }?["sha256"] as? String)
        try Self.check(["caption", url] + at, status: 0)
        try Self.check(["caption", sha, "--similar"] + at, status: 0)
        try Self.check(["caption", "https://example.com/never.jpg"] + at, status: 1)
        try Self.check(["search", "普京"] + at, status: 0)
        try Self.check(["verify"] + at, status: 0)
        try Self.check(["verify", "--repair"] + at, status: 0)
        try Self.check(["gallery", "--out", work.appendingPathComponent("gallery").path] + at, status: 0)
        try Self.check(["export", "--bagit", work.appendingPathComponent("bag").path] + at, status: 0)
        try Self.check(["forget", url, "--dry-run"] + at, status: 0)
        try Self.check(["forget", url] + at, status: 0)
        let prune = try Self.check(["prune"] + at, status: 0)
        #expect(prune.contains { $0["type"] as? String == "pruned" })
        try Self.check(["prune", "--yes"] + at, status: 0)
        // Damage gives problem lines.
        let objects = archive.appendingPathComponent("objects")
        let some = try #require(FileManager.default.enumerator(atPath: objects.path)?.compactMap { $0 as? String }.first { $0.contains(".") })
        try FileManager.default.removeItem(at: objects.appendingPathComponent(some))
        let damaged = try Self.check(["verify"] + at, status: 4)
        #expect(damaged.contains { $0["type"] as? String == "problem" })
    }

    /// A fatal error (exit 2) with --json: an `error` line naming the command, then a summary
    /// as the last line, valid against the schema; the same run without --json prints nothing on stdout.
    @Test func aFatalErrorEndsWithAnErrorLineAndASummary() throws {
        let work = try TestPaths.makeTemporaryFolder("contract-fatal")
        defer { try? FileManager.default.removeItem(at: work) }
        let empty = work.appendingPathComponent("no-archive")  // no catalog.sqlite: nothing to read
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let file = work.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let posts = TestPaths.repositoryRoot.appendingPathComponent("Examples/posts").path

        func errorLine(_ arguments: [String], _ sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let lines = try Self.check(arguments, status: ExitStatus.fatal, sourceLocation: sourceLocation)
            let types = lines.compactMap { $0["type"] as? String }
            #expect(types.suffix(2) == ["error", "summary"], "\(arguments.prefix(2)): \(types)", sourceLocation: sourceLocation)
            #expect(types.filter { $0 == "error" }.count == 1, sourceLocation: sourceLocation)
            let summary = try #require(lines.last, sourceLocation: sourceLocation)
            #expect(summary["fatal"] as? Bool == true && summary["status"] as? Int == 2, "\(summary)", sourceLocation: sourceLocation)
            let error = try #require(lines.first { $0["type"] as? String == "error" }, sourceLocation: sourceLocation)
            #expect(error["command"] as? String == arguments[0], sourceLocation: sourceLocation)
            #expect((error["message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
            return error
        }

        // Reading verbs on a folder that is no archive: the archive is the input, the advice the hint.
        for verb in [["verify"], ["caption", "https://example.com/a.jpg"], ["search", "word"], ["prune"],
                     ["forget", "https://example.com/a.jpg"], ["gallery", "--out", work.appendingPathComponent("g").path],
                     ["export", "--bagit", work.appendingPathComponent("bag").path]] {
            let error = try errorLine(verb + ["--archive", empty.path])
            #expect(error["input"] as? String == empty.path, "\(verb[0]): \(error)")
            #expect((error["message"] as? String)?.contains("no archive at \(empty.path)") == true, "\(verb[0]): \(error)")
            #expect(error["hint"] as? String == "pass --archive or run `mediavault mirror` first", "\(verb[0]): \(error)")
        }
        // An archive folder that cannot be made (a file is in the way): the errno's name is the code.
        let blocked = try errorLine(["mirror", posts, "--archive", file.appendingPathComponent("archive").path])
        #expect(blocked["code"] as? String == "ENOTDIR", "\(blocked)")
        // A bad archive address: said where it is resolved, with that operation and input.
        let address = try errorLine(["mirror", posts, "--archive", "s3://b/prefix"])
        #expect(address["operation"] as? String == "resolve the archive address" && address["input"] as? String == "s3://b/prefix", "\(address)")
        #expect(address["hint"] as? String == "write s3://BUCKET/PREFIX", "\(address)")
        // localize on a folder that is no site.
        let site = try errorLine(["localize", work.path, "--archive", empty.path])
        #expect(site["operation"] as? String == "open the site" && site["input"] as? String == work.path, "\(site)")

        // Text output: stdout stays empty (the message is on stderr), the status is the same.
        let text = try EndToEndTests.run(["verify", "--archive", empty.path])
        #expect(text.status == ExitStatus.fatal && text.stdout.isEmpty && text.stderr.contains("no archive at"), "\(text)")
    }

    @Test func errorCodesAndHintsAreReadFromHouseStyleMessages() {
        #expect(ErrorLine.code(in: "cannot create /a: Not a directory (ENOTDIR, errno 20): a file is in the way") == "ENOTDIR")
        #expect(ErrorLine.code(in: "cannot open the catalog: database is locked (SQLITE_BUSY); retry") == "SQLITE_BUSY")
        #expect(ErrorLine.code(in: "transfer failed: CURLE_COULDNT_CONNECT (7)") == "CURLE_COULDNT_CONNECT")
        #expect(ErrorLine.code(in: "no archive at /x (no catalog.sqlite); pass --archive") == nil)
        #expect(ErrorLine.code(in: "odd (Hello, errno 5)") == nil, "only errno names count")
        #expect(ErrorLine.hint(in: "no archive at /x; pass --archive or run `mediavault mirror` first") == "pass --archive or run `mediavault mirror` first")
        #expect(ErrorLine.hint(in: "a; b; c") == "c")
        #expect(ErrorLine.hint(in: "no advice here") == nil)
    }

    /// The lines `localize` (dry run, write, undo) and `mirror --rewrite-to` print, from the real
    /// jobs after a real mirror from the loopback CDN, follow the schema; each run ends with one summary.
    @Test func localizeAndRewriteLinesFollowTheSchema() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let site = cdn.posts.appendingPathComponent("site")
        _ = try LocalizeSites.write(.hugo, at: site, withMissing: true)
        try cdn.writePost("plain.md", page: "https://open.test/plain/", urls: ["https://open.test/1.png", "https://open.test/gone.png"])
        var options = cdn.options()
        options.thumbnails = false
        options.rewriteTo = cdn.archive.deletingLastPathComponent().appendingPathComponent("offline-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: options.rewriteTo!) }
        let (_, mirrored) = await cdn.mirror(options)
        var runs = [mirrored]
        for mode in [Localizer.Mode.dryRun, .write, .undo] {
            let output = RecordingOutput()
            _ = await (try Localizer(siteRoot: site.path, archive: cdn.archive)).run(mode: mode, output: output)
            runs.append(output)
        }
        let types = Set(runs.flatMap { $0.records.map(\.type) })
        #expect(types.isSuperset(of: ["rewritten", "localized", "diff", "place", "placed", "restored", "remote", "summary"]), "\(types)")
        for run in runs {
            #expect(run.of("summary").count == 1 && run.records.last?.type == "summary", "\(run.records.map(\.jsonLine))")
            let invalid = try Self.invalidLines(run.records.map(\.jsonLine).joined(separator: "\n") + "\n")
            #expect(invalid.isEmpty, "\(invalid)")
        }
    }
}
