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
                      Thumbnail.self, Hash.self])
}

/// Options every verb that reads or writes an archive shares.
struct ArchiveOptions: ParsableArguments {
    @Option(name: .long, help: "The archive folder (default: $MEDIAVAULT_ARCHIVE, else ./Archive).")
    var archive: String?

    /// The resolved archive folder.
    var folder: String { ArchiveLocation.resolve(archive).path }
}

/// Output format options.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON Lines (one object per line with a \"type\" field) instead of text.")
    var json = false
}
