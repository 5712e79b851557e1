import Fetcher
import Foundation
import PostScanner

/// Settings of one `mediavault mirror` run.
public struct MirrorOptions: Sendable {
    /// The archive and its catalog, resolved once (local folder or S3; SQLite or PostgreSQL).
    public var target: ArchiveTarget
    /// The archive folder of a local archive (a remote archive has none).
    public var archive: URL? { target.localFolder }
    /// Transfers at once.
    public var jobs: Int = 8
    /// curl-style `--connect-to` entries.
    public var connectTo: [String] = []
    /// A CA bundle to trust (`--cacert`).
    public var caCertificate: String?
    /// Scan and plan only: no network, no writes.
    public var dryRun = false
    /// Make thumbnails (hashing and the catalog always run).
    public var thumbnails = true
    /// Longest edge of new thumbnails in pixels (`--thumbnail-size`).
    public var thumbnailSize = 320
    /// Policy for images with neither a `referrerpolicy` attribute nor a `<meta name="referrer">`.
    public var defaultPolicy: ReferrerPolicy?
    /// `--rewrite-to`: write offline copies of the posts here (see `PostRewriter`).
    public var rewriteTo: URL?
    /// The configuration file (`--config`); nil means `<archive>/config.yml` when it exists.
    public var configFile: URL?
    /// Ask again for archived URLs, with If-None-Match / If-Modified-Since (`--recheck`).
    public var recheck = false
    /// `--download-only DIR`: save the images as plain files here instead of archiving them.
    public var downloadOnly: URL?
    /// Posts and feeds larger than this are refused (`--max-post-size`).
    public var maxPostBytes = PostScanner.defaultMaxDocumentBytes
    /// `--site-url`: the address exports came from (what Ghost's `__GHOST_URL__` stands for).
    public var siteURL: String?
    /// Draw a progress line on stderr (set only when stderr is a terminal).
    public var progress = false
    /// `--allow-outside-root`: archive a local post's files outside its site root (or input folder).
    public var allowOutsideRoot = false
    /// Polled between transfers: once made, no new transfer starts and the run ends with
    /// `128 + signal` after writing what it has (see `StopRequest`).
    public var stop: StopRequest?
    /// `--lease`: how long a shared-queue worker's claim on a job lasts without renewal (its
    /// heartbeat renews it every third of that); a killed worker's jobs wait this long for others.
    public var lease: Duration = .seconds(30)
    /// `--lock-timeout`: give up (exit 2) after waiting this many seconds for another process's archive lock; nil waits.
    public var lockTimeout: Double?
    /// The environment the configuration file is looked up in (`$MEDIAVAULT_CONFIG`, `$XDG_CONFIG_HOME`, `$HOME`).
    public var environment = ProcessInfo.processInfo.environment
    /// `--cookies FILE`: a Netscape cookies.txt whose cookies go to their hosts (with the config's per-host cookies).
    public var cookiesFile: URL?
    /// Host, size and date filters (`--include-host`, `--exclude-host`, `--min-bytes`, `--max-bytes`, `--since`).
    public var selection = Selection()
    /// `--originals`: ask first for the full-size original behind a copy (`ImageRef.original`).
    public var originals = false
    /// The most scanned images waiting for a fetcher: beyond it the scanner waits (a few
    /// hundred bytes each, so memory stays flat); tests set a small one to make it wait.
    var handOffBound = 1024

    /// Creates options for an archive.
    public init(archive: URL) { target = .local(archive) }

    /// Creates options for an archive and catalog named on the command line.
    public init(target: ArchiveTarget) { self.target = target }

    /// The configuration file to read, if any; the first of: `--config`, `$MEDIAVAULT_CONFIG`,
    /// `<archive>/config.yml`, `$XDG_CONFIG_HOME/mediavault/config.yml` (default
    /// `~/.config/mediavault/config.yml`) that is given or exists. One file, never a merge:
    /// what a run uses is always one file a person can read.
    var effectiveConfigFile: URL? {
        if let configFile { return configFile }
        if let named = environment["MEDIAVAULT_CONFIG"], !named.isEmpty { return URL(fileURLWithPath: named) }
        if let implicit = archive?.appendingPathComponent("config.yml"), FileManager.default.fileExists(atPath: implicit.path) {
            return implicit
        }
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.config" }
        guard let configHome else { return nil }
        let user = URL(fileURLWithPath: configHome).appendingPathComponent("mediavault/config.yml")
        return FileManager.default.fileExists(atPath: user.path) ? user : nil
    }

    /// The cookies of the run: the config's per-host cookies, then those of `--cookies FILE`.
    func cookieJar(config: MirrorConfig) throws -> CookieJar {
        var jar = CookieJar()
        for rule in config.hostRules.rules {
            let wildcard = rule.pattern.hasPrefix("*.")
            let domain = wildcard ? String(rule.pattern.dropFirst(2)) : rule.pattern
            jar.cookies += rule.cookies.map { CookieJar.Cookie(domain: domain, includeSubdomains: wildcard, name: $0.name, value: $0.value) }
        }
        if let cookiesFile { jar.cookies += try CookieJar(netscapeFile: cookiesFile).cookies }
        return jar
    }

    /// The transfer settings these options and the configuration imply (options win).
    func transferOptions(config: MirrorConfig) -> TransferOptions {
        var options = TransferOptions()
        config.apply(to: &options)
        options.maxConcurrent = max(jobs, 1)
        if let stop { options.mayStart = { !stop.isRequested } }
        options.connectTo = connectTo
        options.caCertificate = caCertificate
        return options
    }
}

/// One distinct image URL to archive, with the first post that shows it.
struct ImageWork: Sendable {
    /// The URL to fetch (`file://` for local images).
    var url: String
    /// The first post's URL: the referrer source.
    var page: String?
    /// The Referrer Policy for the first occurrence.
    var policy: ReferrerPolicy
    /// Display path of the first post that shows the image (nil when unknown: a shared job
    /// queued without one). The planner keeps no list of the later posts: their references are
    /// recorded with them, and the lines name the first.
    var post: String?
    /// The picture as the post shows it, fetched when `url` (an original, a larger size) fails.
    var fallback: String? = nil
    /// `--originals`: the full-size original behind `url` (a resized copy), asked for first.
    var original: String? = nil

    /// The same image, asking for `other` (one of its URLs) alone: no original, no fallback.
    func asking(_ other: String) -> ImageWork {
        var one = self
        one.url = other
        one.original = nil
        one.fallback = nil
        return one
    }
}
