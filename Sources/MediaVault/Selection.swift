import Fetcher
import Foundation

/// Which images a `mirror` run takes: host globs, a size window and a first post date. What
/// it leaves out is reported as `skipped` with reason `host-filter`, `size-filter` or
/// `date-filter`, never as a failure.
public struct Selection: Sendable, Equatable {
    /// `--include-host` globs (fnmatch: `*.example.com`, `img?.host`); empty means every host.
    public var includeHosts: [String] = []
    /// `--exclude-host` globs; they win over the includes.
    public var excludeHosts: [String] = []
    /// `--min-bytes`: smaller bodies are not kept (not even fetched when Content-Length says so).
    public var minBytes: Int64?
    /// `--max-bytes`: larger bodies are not fetched (from Content-Length), or stopped as soon as they exceed it.
    public var maxBytes: Int64?
    /// `--since`: posts dated before this day (`YYYY-MM-DD`, UTC) are left out; undated posts are kept.
    public var since: String?

    /// Takes everything.
    public init() {}

    /// The skip reason for an image URL, or nil to take it.
    func reason(forURL url: String) -> String? {
        guard !includeHosts.isEmpty || !excludeHosts.isEmpty else { return nil }
        let host = HostRules.host(of: url) ?? ""
        if excludeHosts.contains(where: { Self.matches(glob: $0, host) }) { return "host-filter" }
        if !includeHosts.isEmpty, !includeHosts.contains(where: { Self.matches(glob: $0, host) }) { return "host-filter" }
        return nil
    }

    /// The skip reason for a post dated `date` (as written), or nil to take it.
    func reason(forPostDate date: String?) -> String? {
        guard let since, let date, let day = Self.day(of: date) else { return nil }
        return day < since ? "date-filter" : nil
    }

    /// The sizes kept, for the downloader (nil when every size is).
    var sizes: ClosedRange<Int64>? {
        guard minBytes != nil || maxBytes != nil else { return nil }
        return (minBytes ?? 0)...max(maxBytes ?? Int64.max, minBytes ?? 0)
    }

    /// The skip reason for a body of `size` bytes, or nil to keep it.
    func reason(forSize size: Int64) -> String? {
        if let minBytes, size < minBytes { return "size-filter" }
        if let maxBytes, size > maxBytes { return "size-filter" }
        return nil
    }

    /// Case-insensitive shell glob on a host name.
    static func matches(glob: String, _ host: String) -> Bool {
        fnmatch(glob.lowercased(), host.lowercased(), 0) == 0
    }

    /// `YYYY-MM-DD` (UTC) of a post date as generators and feeds write it: ISO 8601 and
    /// `2024-05-01 10:00:00` (front matter), or RFC 822 (`Wed, 01 May 2024 10:00:00 +0800`, RSS).
    static func day(of date: String) -> String? {
        let text = date.trimmingCharacters(in: .whitespaces)
        if text.range(of: #"^\d{4}-\d{2}-\d{2}"#, options: .regularExpression) != nil { return String(text.prefix(10)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["EEE, dd MMM yyyy HH:mm:ss Z", "dd MMM yyyy HH:mm:ss Z", "EEE, dd MMM yyyy HH:mm Z"] {
            formatter.dateFormat = format
            if let parsed = formatter.date(from: text) { return String(parsed.formatted(.iso8601).prefix(10)) }
        }
        return nil
    }

    /// Parses `--since`: a day `YYYY-MM-DD`; nil when it is not one.
    public static func parseDay(_ text: String) -> String? {
        text.range(of: #"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"#, options: .regularExpression) != nil ? text : nil
    }
}
