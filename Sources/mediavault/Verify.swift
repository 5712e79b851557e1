import ArgumentParser
import Foundation
import MediaVault

/// `mediavault verify`: prove the archive is intact.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Check the archive: catalog integrity, objects present with the right size and hash, thumbnails decodable.",
        discussion: """
            Exit 4 when objects are missing or corrupt or the catalog is damaged. Writes only when each object was last
            verified (--max-duration, --read-data-subset n/t), except with --repair:
            re-fetch missing/corrupt objects from their recorded URLs (damaged copies go to quarantine/), rebuild
            thumbnails, adopt orphans, remove tmp/ leftovers, compute missing perceptual hashes.
            On an S3 archive: --fast diffs one paginated LIST with the catalog; the default compares each object's
            stored SHA-256 checksum (HEAD) with its name, no download; --read-data downloads and re-hashes.
            """)

    @OptionGroup var archive: ArchiveOptions

    @Flag(name: .customLong("read-data"), help: "Re-hash every object (the default; accepted for restic users).")
    var readData = false

    @Flag(name: .long, help: "Check presence and sizes only; do not re-hash.")
    var fast = false

    @Option(name: .customLong("read-data-subset"), help: ArgumentHelp(
        "Re-hash about N% of the objects at random, or slice n of t (the same objects every time; t runs cover all).",
        valueName: "N%|n/t"))
    var subset: String?

    @Option(name: .customLong("max-duration"), help: ArgumentHelp(
        "Re-hash the objects verified longest ago (never verified first) for about this long: 90s, 10m, 1h.", valueName: "DURATION"))
    var maxDuration: String?

    @Flag(name: .long, help: "Fix what can be fixed (takes the archive lock and writes); exit 4 if damage remains.")
    var repair = false

    @Option(name: .customLong("connect-to"), help: ArgumentHelp(
        "With --repair: send a host's connections elsewhere, as curl's --connect-to.", valueName: "HOST:PORT:CHOST:CPORT"))
    var connectTo: [String] = []

    @Option(name: .long, help: ArgumentHelp("With --repair: trust this CA bundle (PEM) instead of the system's.", valueName: "FILE"))
    var cacert: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if repair && (fast || subset != nil || maxDuration != nil) {
            throw ValidationError("--repair always re-hashes everything; drop --fast/--read-data-subset/--max-duration")
        }
        if maxDuration != nil && (fast || subset != nil) { throw ValidationError("--max-duration cannot be combined with --fast or --read-data-subset") }
        if let maxDuration, Self.seconds(maxDuration) == nil { throw ValidationError("--max-duration \(maxDuration): expected a duration like 90s, 10m or 1h") }
        if !repair && (!connectTo.isEmpty || cacert != nil) { throw ValidationError("--connect-to and --cacert only apply with --repair") }
        for entry in connectTo where entry.split(separator: ":", omittingEmptySubsequences: false).count < 4 {
            throw ValidationError("--connect-to \(entry): expected HOST:PORT:CONNECT-HOST:CONNECT-PORT")
        }
        if let cacert, !FileManager.default.fileExists(atPath: cacert) { throw ValidationError("--cacert \(cacert): no such file") }
        if fast && (readData || subset != nil) { throw ValidationError("--fast cannot be combined with --read-data or --read-data-subset") }
        if let subset, Self.percent(subset) == nil, Self.slice(subset) == nil {
            throw ValidationError("--read-data-subset \(subset): expected a percentage like 10% or a slice like 3/7 (1 ≤ n ≤ t)")
        }
    }

    /// `n/t` with 1 ≤ n ≤ t.
    static func slice(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Int(parts[0]), let t = Int(parts[1]), t >= 1, n >= 1, n <= t else { return nil }
        return (n, t)
    }

    /// Seconds of `90s`, `10m`, `2h` or a bare number of seconds.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        let unit = text.last.flatMap { units[$0] }
        guard let value = Double(unit == nil ? text : String(text.dropLast())), value >= 0, value.isFinite else { return nil }
        return value * (unit ?? 1)
    }

    static func percent(_ text: String) -> Double? {
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(number), value > 0, value <= 100 else { return nil }
        return value
    }

    func run() async throws {
        let target = try archive.target()
        if repair {
            var repairer = Repairer(target: target)
            repairer.connectTo = connectTo
            repairer.caCertificate = cacert
            repairer.stop = ProcessSignals.stop
            let console = ConsoleOutput(output)
            throw ExitCode(console.exitStatus(await repairer.run(output: console)))
        }
        var depth: Verifier.Depth = fast ? .fast : subset.flatMap(Self.percent).map { .subset(percent: $0) } ?? .readData
        if let (n, t) = subset.flatMap(Self.slice) { depth = .slice(n, of: t) }
        if let seconds = maxDuration.flatMap(Self.seconds) { depth = .timeBox(seconds: seconds) }
        let console = ConsoleOutput(output)
        guard let folder = target.selfContainedFolder else {
            // A remote archive (or a catalog kept outside a local folder): --fast is the LIST diff, the default the stored checksums (HEAD),
            // --read-data a GET and re-hash of every object.
            guard subset == nil, maxDuration == nil else {
                throw ValidationError("--read-data-subset and --max-duration apply to a local archive with its own catalog.sqlite; on \(target.displayName) use --fast, the default (stored checksums) or --read-data")
            }
            // A local folder's objects cost a read, not a download: re-hashed by default, as locally.
            let rehash = readData || target.localFolder != nil
            let verifier = StorageVerifier(target: target, mode: fast ? .fast : rehash ? .readData : .checksums)
            throw ExitCode(console.exitStatus(await verifier.run(output: console)))
        }
        var verifier = Verifier(archive: folder, depth: depth)
        verifier.stop = ProcessSignals.stop
        throw ExitCode(console.exitStatus(await verifier.run(output: console)))
    }
}
