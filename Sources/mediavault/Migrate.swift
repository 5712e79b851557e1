import ArgumentParser
import Foundation
import MediaVault

/// `mediavault migrate`: move a local archive to S3 and another catalog.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Copy a local archive to S3 (and its catalog to PostgreSQL or another SQLite file), then verify the copy.",
        discussion: """
            Objects and thumbnails are PUT with their SHA-256 checksum and If-None-Match, so a run that was
            interrupted resumes where it stopped; catalog rows are written after the bytes. The source is only read.
            Exit 0 when the copy verifies, 3 when source objects were missing, 4 when the copy is damaged.
            """)

    @Option(name: .long, help: ArgumentHelp("The local archive folder to copy.", valueName: "DIR"), completion: .directory)
    var from: String

    @Option(name: .long, help: ArgumentHelp("Where to copy it: s3://BUCKET/PREFIX (AWS_* variables) or a folder.", valueName: "s3://BUCKET/PREFIX"))
    var to: String

    @Option(name: .long, help: ArgumentHelp(
        "The destination catalog: postgresql://USER@HOST:PORT/DB or a SQLite FILE (default: $MEDIAVAULT_CATALOG; required for S3).",
        valueName: "postgresql://…|FILE"))
    var catalog: String?

    @Flag(name: .customLong("s3-path-style"), help: "Address the bucket as ENDPOINT/BUCKET/KEY.")
    var s3PathStyle = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let destination = try ArchiveOptions.resolve(archive: to, catalog: catalog, s3PathStyle: s3PathStyle)
        let source = URL(fileURLWithPath: from).standardizedFileURL
        if destination.localFolder == source {
            throw ValidationError("--from and --to name the same archive \(source.path)")
        }
        let console = ConsoleOutput(output)
        throw ExitCode(console.exitStatus(await Migration(source: source, destination: destination).run(output: console)))
    }
}
