import ArgumentParser
import Foundation
import MediaVault

/// `mediavault forget`: never fetch a post, an image URL or an object again.
struct Forget: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Forget a post, an image URL or an object: later mirror runs skip it (reason `forgotten`).",
        discussion: """
            POST is a post file (each of its posts) or its path or URL as the catalog shows it; URL an image
            URL as fetched; SHA256 the full hash or 8+ hex digits of an archived object (its URLs are
            forgotten too, and its bytes never stored again). The catalog mappings go at once; the files
            stay until `mediavault prune --yes`.
            """)

    @Argument(help: ArgumentHelp("What to forget.", valueName: "POST|URL|SHA256"), completion: .file())
    var target: String

    @Flag(name: .customLong("dry-run"), help: "Only say what would be forgotten.")
    var dryRun = false

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var lock: LockOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var job = ForgetJob(target: try archive.target(), dryRun: dryRun)
        job.lockTimeout = lock.lockTimeout
        let console = ConsoleOutput(output)
        throw ExitCode(console.exitStatus(job.run(argument: target, output: console)))
    }
}

/// `mediavault prune`: remove the objects and thumbnails nothing references any more.
struct Prune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "List (or with --yes remove) objects and thumbnails no URL or post references any more.",
        discussion: """
            A dry run by default: prints each file and what removing them would free. With --yes the
            catalog rows are deleted and the files moved to <archive>/quarantine/ (delete that folder to
            free the space). Earlier captures of a URL (see `caption URL`) are still referenced and kept.
            """)

    @Flag(name: .long, help: "Act: remove the rows and move the files to quarantine/.")
    var yes = false

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var lock: LockOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var job = Pruner(target: try archive.target(), apply: yes)
        job.stop = ProcessSignals.stop
        job.lockTimeout = lock.lockTimeout
        let console = ConsoleOutput(output)
        throw ExitCode(console.exitStatus(job.run(output: console)))
    }
}
