import ArgumentParser
import Foundation
import MediaVault

/// `mediavault search`: find images by the words of their captions, alt texts and post titles.
struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Full-text search over captions, alt texts and post titles (Chinese included), best first.",
        discussion: "Every word must appear. Exit 1 when nothing matches.")

    @Argument(help: ArgumentHelp("The words to find.", valueName: "TEXT"))
    var text: [String]

    @Option(name: .long, help: "Show at most this many results.")
    var limit = 100

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit \(limit): expected a positive number") }
    }

    func run() async throws {
        let job = SearchJob(target: try archive.target(), limit: limit)
        let console = ConsoleOutput(output)
        throw ExitCode(console.exitStatus(job.run(text: text.joined(separator: " "), output: console)))
    }
}
