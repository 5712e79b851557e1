import ArgumentParser
import MediaVault

/// `mediavault scan`: list posts and their images with captions; no network, no archive.
struct Scan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "List the images of posts, with their captions (reads files only).")

    @Argument(help: "Post files, folders (walked recursively) or feed files; `-` reads them from stdin, one per line.",
              completion: .file())
    var inputs: [String] = []

    @OptionGroup var lists: InputListOptions

    @OptionGroup var reading: PostReadingOptions

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let console = ConsoleOutput(output, buffered: true)
        let status = await ScanJob(maxPostBytes: reading.bytes, siteURL: reading.siteURL, stop: ProcessSignals.stop).run(inputs: try lists.expand(inputs), output: console)
        throw ExitCode(console.exitStatus(status))
    }
}
