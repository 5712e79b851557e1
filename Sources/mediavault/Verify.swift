import ArgumentParser
import Foundation
import MediaVault

/// `mediavault verify`: prove the archive is intact.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the archive: catalog integrity, every object present with the right size and hash.",
        discussion: "Exit 4 when objects are missing or corrupt or the catalog is damaged. Never writes.")

    @OptionGroup var archive: ArchiveOptions

    @Flag(name: .customLong("read-data"), help: "Re-hash every object (the default; accepted for restic users).")
    var readData = false

    @Flag(name: .long, help: "Check presence and sizes only; do not re-hash.")
    var fast = false

    @Option(name: .customLong("read-data-subset"), help: ArgumentHelp("Re-hash about N% of the objects.", valueName: "N%"))
    var subset: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if fast && (readData || subset != nil) { throw ValidationError("--fast cannot be combined with --read-data or --read-data-subset") }
        if let subset, Self.percent(subset) == nil { throw ValidationError("--read-data-subset \(subset): expected a percentage like 10%") }
    }

    static func percent(_ text: String) -> Double? {
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(number), value > 0, value <= 100 else { return nil }
        return value
    }

    func run() async throws {
        let depth: Verifier.Depth = fast ? .fast : subset.flatMap(Self.percent).map { .subset(percent: $0) } ?? .readData
        let verifier = Verifier(archive: URL(fileURLWithPath: archive.folder), depth: depth)
        throw ExitCode(await verifier.run(output: ConsoleOutput(json: output.json)))
    }
}
