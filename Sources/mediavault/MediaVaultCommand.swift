import ArgumentParser
import MediaVault

/// The `mediavault` command: archive the images of articles with their captions.
@main
struct MediaVaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mediavault",
        abstract: "Archive the images of articles, with their captions, in a content-addressed store.",
        discussion: """
            Exit status: 0 success (lookup: found), 1 lookup found nothing, 2 fatal error,
            3 some inputs or images failed, 4 verify found damage, 64 usage error.
            The archive is --archive, else $MEDIAVAULT_ARCHIVE, else ./Archive.
            """,
        version: "0.1.0",
        subcommands: [Scan.self, Mirror.self, Caption.self, Search.self, Verify.self, GalleryCommand.self, Export.self,
                      Thumbnail.self, Hash.self, Localize.self])
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

/// Output format options.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON Lines (one object per line with a \"type\" field) instead of text.")
    var json = false
}
