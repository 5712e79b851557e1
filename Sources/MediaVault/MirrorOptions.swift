import Fetcher
import Foundation

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

    /// Creates options for an archive.
    public init(archive: URL) { self.archive = archive }

    /// The transfer settings these options imply.
    var transferOptions: TransferOptions {
        var options = TransferOptions()
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
