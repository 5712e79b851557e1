import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// Fits the shell: where the configuration comes from, `--lock-timeout`, completion scripts.
@Suite struct ShellFitTests {
    @Test func theConfigFileIsTheFirstOfFlagEnvironmentArchiveAndXDG() throws {
        let root = try TestPaths.makeTemporaryFolder("config-lookup")
        defer { try? FileManager.default.removeItem(at: root) }
        let archive = root.appendingPathComponent("archive"), xdg = root.appendingPathComponent("xdg")
        try FileManager.default.createDirectory(at: xdg.appendingPathComponent("mediavault"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        let user = xdg.appendingPathComponent("mediavault/config.yml")
        var options = MirrorOptions(archive: archive)
        options.environment = ["HOME": root.appendingPathComponent("home").path]
        #expect(options.effectiveConfigFile == nil, "nothing anywhere: no file")
        try "hosts: {}\n".write(to: user, atomically: true, encoding: .utf8)
        options.environment["XDG_CONFIG_HOME"] = xdg.path
        #expect(options.effectiveConfigFile?.path == user.path)
        // ~/.config is the XDG default.
        options.environment = ["HOME": root.path]
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".config/mediavault"), withIntermediateDirectories: true)
        try "hosts: {}\n".write(to: root.appendingPathComponent(".config/mediavault/config.yml"), atomically: true, encoding: .utf8)
        #expect(options.effectiveConfigFile?.path == root.appendingPathComponent(".config/mediavault/config.yml").path)
        options.environment["XDG_CONFIG_HOME"] = xdg.path
        let inArchive = archive.appendingPathComponent("config.yml")
        try "hosts: {}\n".write(to: inArchive, atomically: true, encoding: .utf8)
        #expect(options.effectiveConfigFile?.path == inArchive.path, "the archive's file beats the user's")
        options.environment["MEDIAVAULT_CONFIG"] = "/etc/mediavault.yml"
        #expect(options.effectiveConfigFile?.path == "/etc/mediavault.yml", "$MEDIAVAULT_CONFIG beats both")
        options.configFile = URL(fileURLWithPath: "/tmp/flag.yml")
        #expect(options.effectiveConfigFile?.path == "/tmp/flag.yml", "--config beats everything")
    }

    @Test func lockTimeoutGivesUpOnABusyArchive() throws {
        let archive = try TestPaths.makeTemporaryFolder("lock-timeout")
        defer { try? FileManager.default.removeItem(at: archive) }
        let post = TestPaths.repositoryRoot.appendingPathComponent("Examples/posts/sample-post.md").path
        _ = try Catalog(file: archive.appendingPathComponent("catalog.sqlite"))  // an archive prune accepts
        let held = try ArchiveLock(root: archive, exclusive: true)  // another writer, as far as the binary can tell
        let started = Date()
        let run = try EndToEndTests.run(["mirror", post, "--archive", archive.path, "--lock-timeout", "1"])
        let waited = Date().timeIntervalSince(started)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("still in use by another mediavault process after 1.0 s"), "\(run.stderr)")
        #expect(waited >= 1 && waited < 10)
        // prune and forget, which write too, take the same option (a dry run takes a shared lock: also refused).
        let prune = try EndToEndTests.run(["prune", "--yes", "--archive", archive.path, "--lock-timeout", "0.2"])
        #expect(prune.status == 2 && prune.stderr.contains("still in use"), "\(prune.stderr)")
        withExtendedLifetime(held) {}
        #expect(try EndToEndTests.run(["mirror", post, "--archive", archive.path, "--lock-timeout", "-1"]).status == 64)
    }

    @Test func completionScriptsForBashZshAndFish() throws {
        for shell in ["bash", "zsh", "fish"] {
            let run = try EndToEndTests.run(["--generate-completion-script", shell])
            #expect(run.status == 0, "\(shell): \(run.stderr)")
            for word in ["mirror", "forget", "prune", "read-data-subset", "include-host"] {
                #expect(run.stdout.contains(word), "\(shell) script lacks \(word)")
            }
            // Choices complete to the real values.
            #expect(run.stdout.contains("strict-origin-when-cross-origin"), "\(shell): --referrer-policy choices")
        }
    }
}

/// `--quiet` and `--verbose` change what a person sees, never the `--json` lines.
@Suite struct VerbosityTests {
    @Test func quietKeepsFailuresAndErrorsVerboseAddsDetailsJSONIsUnchanged() throws {
        let cdn = try SlowCDN(count: 2, delay: 0)
        defer { cdn.tearDown() }
        let quiet = try EndToEndTests.run(["scan", cdn.post.path, "/no/such/post.md", "--quiet"])
        #expect(quiet.status == 3)
        #expect(quiet.stdout.split(separator: "\n").map { $0.hasPrefix("summary:") } == [true], "only the summary: \(quiet.stdout)")
        #expect(quiet.stderr.contains("error:") && quiet.stderr.contains("/no/such/post.md"))

        let verbose = try EndToEndTests.run(cdn.mirrorArguments(["--verbose"]))
        #expect(verbose.status == 0, "\(verbose.stderr)")
        #expect(verbose.stdout.contains("status=200 attempts=1 referers_tried="), "\(verbose.stdout)")
        let again = try EndToEndTests.run(cdn.mirrorArguments(["--quiet"]))
        #expect(again.stdout.split(separator: "\n").count == 1 && again.stdout.hasPrefix("summary:"), "\(again.stdout)")

        let plain = try EndToEndTests.run(["scan", cdn.post.path, "--json"])
        for flag in ["--quiet", "--verbose"] {
            #expect(try EndToEndTests.run(["scan", cdn.post.path, "--json", flag]).stdout == plain.stdout, "\(flag)")
        }
        #expect(try EndToEndTests.run(["scan", cdn.post.path, "-q", "-v"]).status == 64)
    }
}
