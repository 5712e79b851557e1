import Fetcher
import Foundation
import PostScanner

/// Settings of one `mediavault mirror` run.
public struct MirrorOptions: Sendable {
    /// The archive folder.
    public var archive: URL
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
    /// Draw a progress line on stderr (set only when stderr is a terminal).
    public var progress = false
    /// `--allow-outside-root`: archive a local post's files outside its site root (or input folder).
    public var allowOutsideRoot = false

    /// Creates options for an archive.
    public init(archive: URL) { self.archive = archive }

    /// The configuration file to read, if any: `--config`, else `<archive>/config.yml` when present.
    var effectiveConfigFile: URL? {
        if let configFile { return configFile }
        let implicit = archive.appendingPathComponent("config.yml")
        return FileManager.default.fileExists(atPath: implicit.path) ? implicit : nil
    }

    /// The transfer settings these options and the configuration imply (options win).
    func transferOptions(config: MirrorConfig) -> TransferOptions {
        var options = TransferOptions()
        config.apply(to: &options)
        options.maxConcurrent = max(jobs, 1)
        options.connectTo = connectTo
        options.caCertificate = caCertificate
        return options
    }
}

/// One distinct image URL to archive, with every post that shows it.
struct ImageWork: Sendable {
    /// The URL to fetch (`file://` for local images).
    var url: String
    /// The first post's URL: the referrer source.
    var page: String?
    /// The Referrer Policy for the first occurrence.
    var policy: ReferrerPolicy
    /// Display paths of the posts that show the image.
    var posts: [String]
}
