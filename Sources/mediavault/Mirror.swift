import ArgumentParser
import Fetcher
import Foundation
import MediaVault

/// `mediavault mirror`: fetch and archive every image of the inputs.
struct Mirror: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch every image of the posts into the archive, with thumbnails and captions.")

    @Argument(help: "Post files, folders (walked recursively), feed files or http(s) feed URLs.")
    var inputs: [String]

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .long, help: "Transfers at once.")
    var jobs: Int = 8

    @Option(name: .customLong("connect-to"), help: ArgumentHelp(
        "Send a host's connections elsewhere, as curl's --connect-to (HOST:PORT:CONNECT-HOST:CONNECT-PORT).",
        valueName: "HOST:PORT:CHOST:CPORT"))
    var connectTo: [String] = []

    @Option(name: .long, help: ArgumentHelp("Trust this CA bundle (PEM) instead of the system's.", valueName: "FILE"))
    var cacert: String?

    @Option(name: .customLong("referrer-policy"), help: "Policy for images with no referrerpolicy attribute or <meta name=referrer>.")
    var referrerPolicy: String?

    @Option(name: .long, help: ArgumentHelp("Host rules and transfer defaults (YAML); default: <archive>/config.yml when present.", valueName: "FILE"))
    var config: String?

    @Flag(name: .long, help: "Ask again for archived URLs with If-None-Match/If-Modified-Since; 304 means unchanged.")
    var recheck = false

    @Flag(name: .customLong("dry-run"), help: "Scan and list what would be fetched; no network, no writes.")
    var dryRun = false

    @Flag(name: .customLong("no-thumbnails"), help: "Decode no image: no thumbnails, no perceptual hashes (verify --repair adds them later); SHA-256 and the catalog always run.")
    var noThumbnails = false

    @Option(name: .customLong("rewrite-to"), help: ArgumentHelp(
        "Also write offline copies of the posts here, image URLs replaced by relative paths to DIR/media.", valueName: "DIR"))
    var rewriteTo: String?

    @Option(name: .customLong("thumbnail-size"), help: "Longest edge of new thumbnails in pixels.")
    var thumbnailSize = 320

    @Option(name: .customLong("download-only"), help: ArgumentHelp(
        "No archive: save each image as DIR/<host>/<path> (like wget -x), with the same Referer handling and checks; no catalog, no thumbnails.",
        valueName: "DIR"))
    var downloadOnly: String?

    @Flag(name: .customLong("allow-outside-root"), help: "Archive files that a local post references outside its site root (or outside the input folder when it is in no site); refused by default.")
    var allowOutsideRoot = false

    @OptionGroup var postSize: PostSizeOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard jobs >= 1, jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
        guard thumbnailSize >= 16, thumbnailSize <= 4096 else { throw ValidationError("--thumbnail-size must be between 16 and 4096") }
        for entry in connectTo where entry.split(separator: ":", omittingEmptySubsequences: false).count < 4 {
            throw ValidationError("--connect-to \(entry): expected HOST:PORT:CONNECT-HOST:CONNECT-PORT")
        }
        if let referrerPolicy, ReferrerPolicy.parse(referrerPolicy) == nil {
            throw ValidationError("--referrer-policy \(referrerPolicy): not a policy (\(ReferrerPolicy.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if rewriteTo != nil, dryRun { throw ValidationError("--rewrite-to needs the archive: it cannot be combined with --dry-run") }
        if downloadOnly != nil {
            for (given, option) in [(rewriteTo != nil, "--rewrite-to"), (recheck, "--recheck"), (dryRun, "--dry-run"),
                                    (archive.archive != nil, "--archive"), (noThumbnails, "--no-thumbnails")] where given {
                throw ValidationError("--download-only keeps no archive: it cannot be combined with \(option)")
            }
        }
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw ValidationError("--config \(config): no such file")
        }
        if let cacert, !FileManager.default.fileExists(atPath: cacert) {
            throw ValidationError("--cacert \(cacert): no such file")
        }
    }

    func run() async throws {
        var options = MirrorOptions(archive: URL(fileURLWithPath: archive.folder))
        options.jobs = jobs
        options.connectTo = connectTo
        options.caCertificate = cacert
        options.dryRun = dryRun
        options.thumbnails = !noThumbnails
        options.thumbnailSize = thumbnailSize
        options.defaultPolicy = referrerPolicy.flatMap(ReferrerPolicy.parse)
        options.rewriteTo = rewriteTo.map { URL(fileURLWithPath: $0) }
        options.configFile = config.map { URL(fileURLWithPath: $0) }
        options.recheck = recheck
        options.maxPostBytes = postSize.bytes
        options.downloadOnly = downloadOnly.map { URL(fileURLWithPath: $0) }
        options.allowOutsideRoot = allowOutsideRoot
        options.progress = isatty(STDERR_FILENO) != 0  // a progress line only for a person watching
        let status = await MirrorJob(options: options).run(inputs: inputs, output: ConsoleOutput(json: output.json))
        throw ExitCode(status)
    }
}
