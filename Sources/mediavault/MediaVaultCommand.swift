import ArgumentParser
import ArchiveStore
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
            The archive is --archive, else $MEDIAVAULT_ARCHIVE, else ./Archive: a folder, or
            s3://BUCKET/PREFIX with --catalog postgresql://… or FILE.sqlite (or $MEDIAVAULT_CATALOG).
            """,
        version: "0.1.0",
        subcommands: [Scan.self, Mirror.self, Caption.self, Search.self, Verify.self, GalleryCommand.self, Export.self,
                      Thumbnail.self, Hash.self, Forget.self, Prune.self, Localize.self, Migrate.self, Schema.self])

    /// Sets the signal dispositions before parsing, then runs the chosen command as
    /// swift-argument-parser's own `main` would.
    static func main() async {
        OpenSSLSetup.once()  // before libcurl or a hasher touches OpenSSL: no exit-time teardown
        OpenSSLSetup.startExitRaceIfAsked()
        ProcessSignals.install()
        do {
            var command = try parseAsRoot()
            FatalReport.begin(command)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // A failure the command did not turn into a status itself is fatal (exit 2, as the
            // contract says), not ArgumentParser's generic 1 (which means "lookup found nothing").
            if !(error is ExitCode), exitCode(for: error) == .failure {
                FatalReport.fail("\(error)", input: nil, operation: nil)
                FatalReport.finish(status: ExitStatus.fatal)
                Foundation.exit(ExitStatus.fatal)
            }
            FatalReport.finish(status: exitCode(for: error).rawValue)
            exit(withError: error)
        }
    }
}

/// Options every verb that reads or writes an archive shares.
struct ArchiveOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The archive: a folder, or s3://BUCKET/PREFIX (credentials, region and endpoint from the AWS_* variables); default: $MEDIAVAULT_ARCHIVE, else ./Archive.",
        valueName: "DIR|s3://BUCKET/PREFIX"))
    var archive: String?

    @Option(name: .long, help: ArgumentHelp(
        "The catalog: postgresql://USER@HOST:PORT/DB or a SQLite FILE (default: $MEDIAVAULT_CATALOG, else catalog.sqlite in a local archive; required with an S3 archive).",
        valueName: "postgresql://…|FILE"))
    var catalog: String?

    @Flag(name: .customLong("s3-path-style"), help: "Address the bucket as ENDPOINT/BUCKET/KEY instead of BUCKET.ENDPOINT/KEY (default: path-style for every endpoint but AWS's own).")
    var s3PathStyle = false

    /// The resolved archive folder (verbs that work on a local archive only).
    var folder: String { ArchiveLocation.resolve(archive).path }

    /// The archive and catalog, resolved once; a bad address or a missing catalog for an S3
    /// archive is said on stderr and ends the command with exit 2. `configFile` false leaves
    /// `s3_path_style` of the configuration file to the caller (mirror, whose `--config` may name another).
    func target(configFile: Bool = true) throws -> ArchiveTarget {
        try Self.resolve(archive: archive, catalog: catalog, s3PathStyle: s3PathStyle, configFile: configFile)
    }

    /// `ArchiveTarget.resolve` (with the default configuration file's `s3_path_style` unless
    /// `configFile` is false), its error said on stderr with exit 2.
    static func resolve(archive: String?, catalog: String?, s3PathStyle: Bool, configFile: Bool = true) throws -> ArchiveTarget {
        do {
            let target = try ArchiveTarget.resolve(archive: archive, catalog: catalog, s3PathStyle: s3PathStyle)
            return configFile ? try target.configuredByDefaultFile() : target
        } catch {
            FatalReport.fail("\(error)", input: archive ?? catalog, operation: "resolve the archive address")
            throw ExitCode(ExitStatus.fatal)
        }
    }

    /// The folder of a self-contained local archive; otherwise says that `verb` needs one (exit 2).
    func localFolder(for verb: String) throws -> URL {
        let target = try target()
        guard let folder = target.selfContainedFolder else {
            FatalReport.fail("\(verb) works on a local archive folder with its own catalog.sqlite, not on \(target.displayName) with the catalog \(target.catalog); run it on a local copy (`mediavault export --bagit DIR` makes one)", input: target.displayName, operation: "open a local archive")
            throw ExitCode(ExitStatus.fatal)
        }
        return folder
    }
}

/// How posts are read, shared by the verbs that scan: the size limit for one post or feed, and
/// the address of the site exports came from.
struct PostReadingOptions: ParsableArguments {
    @Option(name: .customLong("max-post-size"), help: ArgumentHelp(
        "Refuse posts and feeds larger than this (bytes, or with k, M, G).", valueName: "SIZE"))
    var maxPostSize = "4M"

    @Option(name: .customLong("site-url"), help: ArgumentHelp(
        "The address the posts were published at: Ghost's __GHOST_URL__ stands for it, export items with no address of their own resolve against it (a Substack post is at URL/p/SLUG), and so do root-relative images (/uploads/a.jpg) of posts read from disk in no static site.",
        valueName: "URL"))
    var siteURL: String?

    /// The limit in bytes (checked by `validate`).
    var bytes: Int { ByteSize.parse(maxPostSize) ?? 0 }

    func validate() throws {
        guard let bytes = ByteSize.parse(maxPostSize) else {
            throw ValidationError("--max-post-size \(maxPostSize): not a size (write e.g. 4194304, 512k or 8M)")
        }
        guard bytes >= 1 << 10, bytes <= 1 << 30 else {
            throw ValidationError("--max-post-size \(maxPostSize): must be between 1k and 1G")
        }
        if let siteURL, URL(string: siteURL)?.host == nil || !(siteURL.hasPrefix("http://") || siteURL.hasPrefix("https://")) {
            throw ValidationError("--site-url \(siteURL): not an http(s) address with a host (write e.g. https://blog.example.com)")
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
