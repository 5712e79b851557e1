import ArgumentParser
import Foundation
import MediaVault

/// `mediavault verify`: prove the archive is intact.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the archive: catalog integrity, objects present with the right size and hash, thumbnails decodable.",
        discussion: """
            Exit 4 when objects are missing or corrupt or the catalog is damaged. Never writes, except with --repair:
            re-fetch missing/corrupt objects from their recorded URLs (damaged copies go to quarantine/), rebuild
            thumbnails, adopt orphans, remove tmp/ leftovers, compute missing perceptual hashes.
            """)

    @OptionGroup var archive: ArchiveOptions

    @Flag(name: .customLong("read-data"), help: "Re-hash every object (the default; accepted for restic users).")
    var readData = false

    @Flag(name: .long, help: "Check presence and sizes only; do not re-hash.")
    var fast = false

    @Option(name: .customLong("read-data-subset"), help: ArgumentHelp("Re-hash about N% of the objects.", valueName: "N%"))
    var subset: String?

    @Flag(name: .long, help: "Fix what can be fixed (takes the archive lock and writes); exit 4 if damage remains.")
    var repair = false

    @Option(name: .customLong("connect-to"), help: ArgumentHelp(
        "With --repair: send a host's connections elsewhere, as curl's --connect-to.", valueName: "HOST:PORT:CHOST:CPORT"))
    var connectTo: [String] = []

    @Option(name: .long, help: ArgumentHelp("With --repair: trust this CA bundle (PEM) instead of the system's.", valueName: "FILE"))
    var cacert: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if repair && (fast || subset != nil) { throw ValidationError("--repair always re-hashes everything; drop --fast/--read-data-subset") }
        if !repair && (!connectTo.isEmpty || cacert != nil) { throw ValidationError("--connect-to and --cacert only apply with --repair") }
        for entry in connectTo where entry.split(separator: ":", omittingEmptySubsequences: false).count < 4 {
            throw ValidationError("--connect-to \(entry): expected HOST:PORT:CONNECT-HOST:CONNECT-PORT")
        }
        if let cacert, !FileManager.default.fileExists(atPath: cacert) { throw ValidationError("--cacert \(cacert): no such file") }
        if fast && (readData || subset != nil) { throw ValidationError("--fast cannot be combined with --read-data or --read-data-subset") }
        if let subset, Self.percent(subset) == nil { throw ValidationError("--read-data-subset \(subset): expected a percentage like 10%") }
    }

    static func percent(_ text: String) -> Double? {
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(number), value > 0, value <= 100 else { return nil }
        return value
    }

    func run() async throws {
        if repair {
            var repairer = Repairer(archive: URL(fileURLWithPath: archive.folder))
            repairer.connectTo = connectTo
            repairer.caCertificate = cacert
            let console = ConsoleOutput(json: output.json)
            throw ExitCode(console.exitStatus(await repairer.run(output: console)))
        }
        let depth: Verifier.Depth = fast ? .fast : subset.flatMap(Self.percent).map { .subset(percent: $0) } ?? .readData
        let verifier = Verifier(archive: URL(fileURLWithPath: archive.folder), depth: depth)
        let console = ConsoleOutput(json: output.json)
        throw ExitCode(console.exitStatus(await verifier.run(output: console)))
    }
}
