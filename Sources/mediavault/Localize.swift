import ArgumentParser
import Foundation
import MediaVault

/// `mediavault localize`: put archived images back into a static site, where its generator serves them.
struct Localize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "localize",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Replace a site's remote image references by files its own generator publishes.",
        discussion: """
            Hexo: source/<dir>/ (root-relative, honouring `root`); Hugo: the page bundle, else
            static/<dir>/; Jekyll: <dir>/ at the site root (honouring `baseurl`); Pelican:
            content/<dir>/ as {static}/<dir>/. The reference as written is kept beside the new
            one (data-original-*, a Markdown comment, a <key>_original front-matter line);
            --undo puts it back byte for byte.
            """)

    @Argument(help: "The site's root folder (where _config.yml, hugo.toml/config.toml or pelicanconf.py is).")
    var site: String

    @OptionGroup var archive: ArchiveOptions

    @Flag(name: .customLong("dry-run"), help: "Print the change as a unified diff and the files that would be placed; write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Put back the remote references that an earlier localize kept.")
    var undo = false

    @Option(name: .customLong("dir"), help: ArgumentHelp("The folder under the generator's web root for the image files.", valueName: "DIR"))
    var directory = "images/archived"

    @Flag(name: .customLong("add-dimensions"), help: "Add width and height (known to the catalog) to <img> elements that have neither, so pages do not shift while loading.")
    var addDimensions = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if dryRun, undo { throw ValidationError("--dry-run and --undo: choose one (a dry run of --undo is not offered)") }
    }

    func run() async throws {
        var localizer: Localizer
        do {
            localizer = try Localizer(siteRoot: site, archive: try archive.localFolder(for: "localize"), directory: directory)
            localizer.addDimensions = addDimensions
            localizer.stop = ProcessSignals.stop
        } catch {
            FatalReport.fail("\(error)", input: site, operation: "open the site")
            throw ExitCode(ExitStatus.fatal)
        }
        let console = ConsoleOutput(json: output.json)
        let status = await localizer.run(mode: undo ? .undo : dryRun ? .dryRun : .write, output: LocalizeText(console: console, json: output.json))
        console.flush()
        throw ExitCode(status)
    }
}

/// Text lines for localize's records (JSON goes through unchanged).
struct LocalizeText: OutputSink {
    /// Where lines go.
    let console: ConsoleOutput
    /// `--json`.
    let json: Bool

    func emit(_ record: OutputRecord) {
        guard !json else { return console.emit(record) }
        let text: String
        switch record.type {
        case "diff": text = record.string("diff") ?? ""
        case "place": text = "would place  \(record.string("path") ?? "")  (\(record.string("rule") ?? ""))\n"
        case "placed": text = "placed     \(record.string("path") ?? "")\n"
        case "localized", "restored": text = "\(record.type)  \(record.string("post") ?? "")  (\(number(record["references"])) reference(s))\n"
        case "remote": text = "left remote  \(record.string("post") ?? "")  \(record.string("url") ?? ""): \(record.string("reason") ?? "")\n"
        case "summary":
            text = "\(record.string("mode") ?? ""): \(number(record["posts"])) post(s), \(number(record["references"])) reference(s), \(number(record["files"])) file(s), \(number(record["remote"])) left remote, \(number(record["refused"])) refused\n"
        default: return console.emit(record)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func diagnose(_ message: String) { console.diagnose(message) }

    private func number(_ value: JSONValue?) -> String {
        if case .int(let n) = value { return String(n) }
        return "0"
    }
}
