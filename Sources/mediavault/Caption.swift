import ArgumentParser
import Foundation
import MediaVault

/// `mediavault caption`: what an archived image is.
struct Caption: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the captions and posts of an archived image, found by file, SHA-256 (8+ hex digits) or URL.")

    @Argument(help: ArgumentHelp("An image file, a SHA-256 or unique prefix, or the image's URL.", valueName: "IMAGE-FILE|SHA256|URL"))
    var query: String

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let lookup = CaptionLookup(archive: URL(fileURLWithPath: archive.folder))
        throw ExitCode(lookup.run(query: query, output: ConsoleOutput(json: output.json)))
    }
}
