import ArgumentParser
import Foundation
import MediaVault

/// The `mediavault` command: archive the images of articles with their captions.
@main
struct MediaVaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mediavault",
        abstract: "Archive the images of articles, with their captions, in a content-addressed store.",
        discussion: """
            Exit status: 0 success (lookup: found), 1 lookup found nothing, 2 fatal error,
            3 some inputs or images failed, 4 verify found damage, 5 the work was done but
            stdout was closed or could not be written, 64 usage error, 130/143 stopped by
            SIGINT/SIGTERM (after finishing the work in flight). `mediavault schema` prints the
            JSON Schema of every --json line.
            The archive is --archive, else $MEDIAVAULT_ARCHIVE, else ./Archive.
            """,
        version: "0.1.0",
        subcommands: [Scan.self, Mirror.self, Caption.self, Search.self, Verify.self, GalleryCommand.self, Export.self,
                      Thumbnail.self, Hash.self, Forget.self, Prune.self, Localize.self, Schema.self])

    /// Sets the signal dispositions before parsing, then runs the chosen command as
    /// swift-argument-parser's own `main` would.
    static func main() async {
        ProcessSignals.install()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every verb that reads or writes an archive shares.
struct ArchiveOptions: ParsableArguments {
    @Option(name: .long, help: "The archive folder (default: $MEDIAVAULT_ARCHIVE, else ./Archive).")
    var archive: String?

    /// The resolved archive folder.
    var folder: String { ArchiveLocation.resolve(archive).path }
}

/// The size limit for one post or feed, shared by the verbs that scan.
struct PostSizeOptions: ParsableArguments {
    @Option(name: .customLong("max-post-size"), help: ArgumentHelp(
        "Refuse posts and feeds larger than this (bytes, or with k, M, G).", valueName: "SIZE"))
    var maxPostSize = "4M"

    /// The limit in bytes (checked by `validate`).
    var bytes: Int { ByteSize.parse(maxPostSize) ?? 0 }

    func validate() throws {
        guard let bytes = ByteSize.parse(maxPostSize) else {
            throw ValidationError("--max-post-size \(maxPostSize): not a size (write e.g. 4194304, 512k or 8M)")
        }
        guard bytes >= 1 << 10, bytes <= 1 << 30 else {
            throw ValidationError("--max-post-size \(maxPostSize): must be between 1k and 1G")
        }
    }
}

/// Inputs named in lists: `-` among the inputs (stdin) and `--input-file`.
struct InputListOptions: ParsableArguments {
    @Option(name: .customLong("input-file"), help: ArgumentHelp(
        "Also read inputs from this file, one per line (blank lines and # comments skipped); `-` as an input reads them from stdin.",
        valueName: "FILE"), completion: .file())
    var inputFiles: [String] = []

    /// The inputs given on the command line with the lists expanded; a usage error when there are none.
    func expand(_ inputs: [String]) throws -> [String] {
        let all: [String]
        do {
            all = try InputList.expand(inputs, files: inputFiles) {
                String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            }
        } catch {
            throw ValidationError("\(error)")
        }
        guard !all.isEmpty else { throw ValidationError("no input: give post files, folders, feeds, `-` (stdin) or --input-file FILE") }
        return all
    }
}

/// How long to wait for another process's archive lock (`--lock-timeout`), for the verbs that write.
struct LockOptions: ParsableArguments {
    @Option(name: .customLong("lock-timeout"), help: ArgumentHelp(
        "Wait at most this many seconds for another mediavault process to release the archive (default: wait), then exit 2.",
        valueName: "SECONDS"))
    var lockTimeout: Double?

    func validate() throws {
        if let lockTimeout, !(lockTimeout >= 0 && lockTimeout.isFinite) { throw ValidationError("--lock-timeout \(lockTimeout): expected seconds ≥ 0") }
    }
}

/// Output format options.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON Lines (one object per line with a \"type\" field) instead of text.")
    var json = false

    @Flag(name: [.short, .long], help: "Text: print only failures, problems and the summary; stderr: only errors and warnings.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Text: also print each result's details (status, attempts, Referers tried, strategy, bytes).")
    var verbose = false

    /// How much a person sees, chosen once.
    var verbosity: Verbosity { quiet ? .quiet : verbose ? .verbose : .normal }

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be combined") }
    }
}
