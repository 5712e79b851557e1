import Fetcher
import Foundation

/// The configuration file of `mirror` (`--config FILE`, else `<archive>/config.yml` when present):
/// host rules and transfer defaults. Command-line options win over it.
public struct MirrorConfig: Sendable, Equatable {
    /// Per-host Referer, headers, limits and placeholder digests.
    public var hostRules = HostRules()
    /// `default_referrer_policy`: the policy for images whose post says nothing.
    public var defaultPolicy: ReferrerPolicy?
    /// `user_agent`.
    public var userAgent: String?
    /// `max_bytes`: largest image accepted.
    public var maxBytes: Int64?
    /// `connections_per_host`: libcurl's connection limit per host.
    public var connectionsPerHost: Int?
    /// `timeouts.connect`, seconds.
    public var connectTimeout: Int?
    /// `timeouts.stall`, seconds without progress.
    public var stallTimeout: Int?
    /// `timeouts.total`, seconds per request.
    public var totalTimeout: Int?
    /// `s3_path_style`: address an S3 archive's bucket as ENDPOINT/BUCKET/KEY (true) or by the
    /// endpoint's default (false); `--s3-path-style` and `$MEDIAVAULT_S3_PATH_STYLE` win over it.
    public var s3PathStyle: Bool?
    /// `originals: true`: as `mirror --originals`, for every run with this configuration.
    public var originals = false

    /// An empty configuration: every default applies.
    public init() {}

    /// Applies the transfer settings to `options`.
    func apply(to options: inout TransferOptions) {
        if let userAgent { options.userAgent = userAgent }
        if let maxBytes { options.maxBytes = maxBytes }
        if let connectionsPerHost { options.maxPerHost = connectionsPerHost }
        if let connectTimeout { options.connectTimeout = connectTimeout }
        if let stallTimeout { options.stallTimeout = stallTimeout }
        if let totalTimeout { options.totalTimeout = totalTimeout }
    }
}

/// A configuration file that cannot be used, with the place and the key at fault.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// The key path at fault, e.g. `hosts.cdn.sspai.com.referer`.
    public var key: String?
    /// What is wrong and what would be right.
    public var problem: String

    /// `FILE:LINE: KEY: problem`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "\(key): " }
        return text + problem
    }
}
