import ArgumentParser
import Fetcher
import Foundation
import MediaVault

/// `mediavault mirror`: fetch and archive every image of the inputs.
struct Mirror: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirror",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Fetch every image of the posts into the archive, with thumbnails and captions.")

    @Argument(help: "Post files, folders (walked recursively), feed files or http(s) feed URLs; `-` reads them from stdin, one per line.",
              completion: .file())
    var inputs: [String] = []

    @OptionGroup var lists: InputListOptions

    @Option(name: .customLong("include-host"), help: ArgumentHelp(
        "Fetch only images whose host matches this glob (repeatable; e.g. '*.sinaimg.cn').", valueName: "GLOB"))
    var includeHosts: [String] = []

    @Option(name: .customLong("exclude-host"), help: ArgumentHelp(
        "Skip images whose host matches this glob (repeatable; wins over --include-host).", valueName: "GLOB"))
    var excludeHosts: [String] = []

    @Option(name: .customLong("min-bytes"), help: ArgumentHelp("Keep no image smaller than this (bytes, or with k, M, G).", valueName: "SIZE"))
    var minBytes: String?

    @Option(name: .customLong("max-bytes"), help: ArgumentHelp("Keep no image larger than this (bytes, or with k, M, G).", valueName: "SIZE"))
    var maxBytes: String?

    @Option(name: .long, help: ArgumentHelp("Skip posts dated before this day (undated posts are kept).", valueName: "YYYY-MM-DD"))
    var since: String?

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .long, help: "Transfers at once.")
    var jobs: Int = 8

    @Option(name: .customLong("connect-to"), help: ArgumentHelp(
        "Send a host's connections elsewhere, as curl's --connect-to (HOST:PORT:CONNECT-HOST:CONNECT-PORT).",
        valueName: "HOST:PORT:CHOST:CPORT"))
    var connectTo: [String] = []

    @Option(name: .long, help: ArgumentHelp("Trust this CA bundle (PEM) instead of the system's.", valueName: "FILE"), completion: .file())
    var cacert: String?

    @Option(name: .long, help: ArgumentHelp(
        "Send the cookies of this Netscape cookies.txt (as curl and gallery-dl read it) to their hosts; never stored or printed.",
        valueName: "FILE"), completion: .file())
    var cookies: String?

    @Option(name: .customLong("referrer-policy"), help: "Policy for images with no referrerpolicy attribute or <meta name=referrer>.",
            completion: .list(ReferrerPolicy.allCases.map(\.rawValue)))
    var referrerPolicy: String?

    @Option(name: .long, help: ArgumentHelp(
        "Host rules and transfer defaults (YAML); default: $MEDIAVAULT_CONFIG, else <archive>/config.yml, else $XDG_CONFIG_HOME/mediavault/config.yml.",
        valueName: "FILE"), completion: .file(extensions: ["yml", "yaml"]))
    var config: String?

    @OptionGroup var lock: LockOptions

    @Option(name: .long, help: ArgumentHelp(
        "With a PostgreSQL catalog: how long a worker's claim on a job lasts without renewal; a killed worker's jobs go to the others after this.",
        valueName: "SECONDS"))
    var lease: Double = 30

    @Flag(name: .long, help: "Ask again for archived URLs with If-None-Match/If-Modified-Since; 304 means unchanged.")
    var recheck = false

    @Flag(name: .customLong("dry-run"), help: "Scan and list what would be fetched; no network, no writes.")
    var dryRun = false

    @Flag(name: .customLong("no-thumbnails"), help: "Decode no image: no thumbnails, no perceptual hashes (verify --repair adds them later); SHA-256 and the catalog always run.")
    var noThumbnails = false

    @Flag(name: .customLong("originals"), help: "Ask first for the full-size original behind a copy: the image file the post links the picture to, else the host's original where it names sizes in its URLs (Blogger, Twitter, Weibo, Zhihu, WeChat, Shopify, WordPress, Typepad, Ghost, Wix, Tumblr, Imgur, Pinterest, Flickr, Cloudinary, imgix, Unsplash), or a proxy's source; the copy the post shows when the original fails.")
    var originals = false

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

    @OptionGroup var reading: PostReadingOptions

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
                                    (archive.archive != nil, "--archive"), (noThumbnails, "--no-thumbnails"),
                                    (minBytes != nil, "--min-bytes"), (maxBytes != nil, "--max-bytes")] where given {
                throw ValidationError("--download-only keeps no archive: it cannot be combined with \(option)")
            }
        }
        for (given, option) in [(minBytes, "--min-bytes"), (maxBytes, "--max-bytes")] {
            if let given, ByteSize.parse(given) == nil { throw ValidationError("\(option) \(given): not a size (write e.g. 20000, 20k or 8M)") }
        }
        if let since, Selection.parseDay(since) == nil { throw ValidationError("--since \(since): not a day (write YYYY-MM-DD)") }
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw ValidationError("--config \(config): no such file")
        }
        if let cookies, !FileManager.default.fileExists(atPath: cookies) {
            throw ValidationError("--cookies \(cookies): no such file")
        }
        if let cacert, !FileManager.default.fileExists(atPath: cacert) {
            throw ValidationError("--cacert \(cacert): no such file")
        }
    }

    func run() async throws {
        // The configuration file (--config or the default one) is read by the job, which applies its s3_path_style.
        var options = MirrorOptions(target: try archive.target(configFile: false))
        options.jobs = jobs
        options.connectTo = connectTo
        options.caCertificate = cacert
        options.lockTimeout = lock.lockTimeout
        options.lease = .milliseconds(Int64(max(lease, 0.3) * 1000))
        options.cookiesFile = cookies.map { URL(fileURLWithPath: $0) }
        options.dryRun = dryRun
        options.thumbnails = !noThumbnails
        options.originals = originals
        options.thumbnailSize = thumbnailSize
        options.defaultPolicy = referrerPolicy.flatMap(ReferrerPolicy.parse)
        options.rewriteTo = rewriteTo.map { URL(fileURLWithPath: $0) }
        options.configFile = config.map { URL(fileURLWithPath: $0) }
        options.recheck = recheck
        options.maxPostBytes = reading.bytes
        options.siteURL = reading.siteURL
        options.downloadOnly = downloadOnly.map { URL(fileURLWithPath: $0) }
        options.allowOutsideRoot = allowOutsideRoot
        options.progress = isatty(STDERR_FILENO) != 0  // a progress line only for a person watching
        options.stop = ProcessSignals.stop
        options.selection.includeHosts = includeHosts
        options.selection.excludeHosts = excludeHosts
        options.selection.minBytes = minBytes.flatMap(ByteSize.parse).map(Int64.init)
        options.selection.maxBytes = maxBytes.flatMap(ByteSize.parse).map(Int64.init)
        options.selection.since = since
        let console = ConsoleOutput(output)
        let status = await MirrorJob(options: options).run(inputs: try lists.expand(inputs), output: console)
        throw ExitCode(console.exitStatus(status))
    }
}
