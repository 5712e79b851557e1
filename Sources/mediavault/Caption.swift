import ArgumentParser
import Foundation
import MediaVault

/// `mediavault caption`: what an archived image is.
struct Caption: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caption",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Show the captions and posts of an archived image, found by file, SHA-256 (8+ hex digits) or URL.")

    @Argument(help: ArgumentHelp("An image file, a SHA-256 or unique prefix, or the image's URL.", valueName: "IMAGE-FILE|SHA256|URL"))
    var query: String

    @Flag(name: .long, help: "Also find the same picture re-encoded, resized or recompressed (perceptual hash), closest first.")
    var similar = false

    @Option(name: .customLong("max-distance"), help: ArgumentHelp("With --similar: the largest Hamming distance (of 64 bits) shown.", valueName: "BITS"))
    var maxDistance = CaptionLookup.defaultMaxDistance

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(0...64).contains(maxDistance) { throw ValidationError("--max-distance \(maxDistance): expected 0 to 64 bits") }
    }

    func run() async throws {
        let lookup = CaptionLookup(target: try archive.target(), similar: similar, maxDistance: maxDistance)
        let console = ConsoleOutput(output)
        throw ExitCode(console.exitStatus(lookup.run(query: query, output: console)))
    }
}
