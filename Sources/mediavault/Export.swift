import ArgumentParser
import Foundation
import MediaVault

/// `mediavault export`: the archive in an interchange format.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Export the archive as a BagIt bag (RFC 8493): objects, thumbnails, catalog copy, SHA-256 manifests.",
        discussion: "DIR must not exist or be empty. Objects are hard-linked when DIR is on the archive's file system, else copied.")

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .long, help: ArgumentHelp("Write a BagIt bag into this folder.", valueName: "DIR"))
    var bagit: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        var export = BagItExport(target: try archive.target(), bag: URL(fileURLWithPath: bagit))
        export.stop = ProcessSignals.stop
        let console = ConsoleOutput(output)
        throw ExitCode(console.exitStatus(export.run(output: console)))
    }
}
