import Fetcher

/// One result line of `mirror` (`fetched`, `skipped`, `failed`, `planned`): the one place its
/// fields and their order are defined (the schema is generated from it).
/// Optional fields are left out when nil; the contract's fields are always there.
struct ImageLine: OutputLine {
    static let types = Kind.allCases.map(\.rawValue)
    static let about = "mirror: one image URL. The optional fields: message (always on failed; on skipped for size-filter; on fetched with truncated), truncated (fetched: true when the image data ends early, kept as served; message has libjpeg's or libpng's words), strategy, bytes, new, path (--download-only), rule (the site rule behind a missing-file or outside-root failure), replaces (the placeholder digest a re-fetch replaced), fallback (fetched: url failed, so the bytes are the picture as the post shows it, from this URL), original (fetched with --originals: the bytes are the full-size original behind url, from this URL)."

    /// What a `failed` line always has, and the reasons a `skipped` line gives.
    static var rules: [[String: Any]] {
        [["if": ["properties": ["type": ["const": "failed"]]], "then": ["required": ["message"], "properties": ["reason": ["type": "string"]]]],
         ["if": ["properties": ["type": ["const": "skipped"]]], "then": ["properties": ["reason": SkipReason.jsonSchema]]]]
    }

    /// Why a `skipped` line's image was not fetched.
    enum SkipReason: String, SchemaEnum {
        /// The URL is archived already.
        case archived
        /// `--recheck`: the server said 304 or sent the same bytes.
        case unchanged
        /// `--download-only`: the file exists.
        case exists
        /// A tombstone (`forget`) names the post, the URL or the bytes.
        case forgotten
        /// `--include-host`/`--exclude-host`.
        case hostFilter = "host-filter"
        /// `--min-bytes`/`--max-bytes`.
        case sizeFilter = "size-filter"
        /// `--since`.
        case dateFilter = "date-filter"
    }

    /// The line's `type`.
    enum Kind: String, Sendable, CaseIterable {
        /// Stored (or saved) now.
        case fetched
        /// Not fetched: `archived`, `unchanged`, `exists`, `forgotten`.
        case skipped
        /// Not archived; `reason` says why, `message` for a person.
        case failed
        /// `--dry-run`: would be fetched.
        case planned
    }

    /// The line's `type`.
    var kind: Kind
    /// The image URL (as written, for an unresolved one).
    var url: String
    /// The first post that shows it.
    @Always var post: String?
    /// The digest of the bytes kept, when they were hashed.
    @Always var sha256: Digest?
    /// The HTTP status of the last answer.
    @Always var status: Int?
    /// The Referer of the last request.
    @Always var referer: String?
    /// Requests made.
    var attempts = 0
    /// Why it was skipped or failed.
    @Always var reason: String?
    /// What failed, for a person (always on `failed`).
    var message: String?
    /// The Referer strategy that worked (`file` for a local image).
    var strategy: String?
    /// Bytes kept.
    var bytes: Int64?
    /// Whether the object is new to the archive.
    var isNew: Bool?
    /// The file written by `--download-only`.
    var path: String?
    /// For a local file of a site: the generator rule that named it (`missing-file`, `outside-root`).
    var rule: String?
    /// The Referer of each request, in order.
    var referersTried: [String?] = []
    /// The placeholder digest that a fetch made again replaced.
    var replaces: Digest?
    /// `fetched`: true when the image data ends early (kept as served); `message` then has the codec's words.
    var truncated: Bool?
    /// `fetched`: the URL the bytes came from when `url` failed: the picture as the post shows it.
    var fallback: String?
    /// `fetched` with `--originals`: the full-size original behind `url` the bytes came from.
    var original: String?

    var type: String { kind.rawValue }

    /// The fields in the contract's order; `kind` is the `type`.
    enum CodingKeys: String, CodingKey {
        case url, post, sha256, status, referer, attempts, reason, message, strategy, bytes
        case isNew = "new"
        case path, rule, referersTried, replaces, truncated, fallback, original
    }

    /// A line for `item` with nothing known beyond its URL and first post.
    init(_ kind: Kind, _ item: ImageWork, reason: String? = nil) {
        self.kind = kind
        self.url = item.url
        self.post = item.post
        self.reason = reason
    }

    /// A line for a URL outside the plan (an unresolved reference, a row that could not be written).
    init(_ kind: Kind, url: String, post: String?, reason: String?) {
        self.kind = kind
        self.url = url
        self.post = post
        self.reason = reason
    }

    /// The `failed` line: the requests made give `status`, `referer`, `attempts` and `referers_tried`.
    static func failure(_ item: ImageWork, reason: String, message: String, attempts: [DownloadAttempt]) -> ImageLine {
        var line = ImageLine(.failed, item, reason: reason)
        line.message = message
        line.record(attempts)
        return line
    }

    /// The line of a download refused for its size (`--min-bytes`/`--max-bytes`): `skipped`,
    /// not `failed`, since the person chose it; the request made is recorded.
    static func sizeFiltered(_ item: ImageWork, _ failure: DownloadFailure) -> ImageLine {
        var line = ImageLine(.skipped, item, reason: SkipReason.sizeFilter.rawValue)
        line.record(failure.attempts)
        line.message = failure.message
        return line
    }

    /// Takes `status`, `referer`, `attempts` and `referers_tried` from the requests made (the last one answered).
    mutating func record(_ requests: [DownloadAttempt]) {
        status = requests.last?.status
        referer = requests.last?.referer
        attempts = requests.count
        referersTried = requests.map(\.referer)
    }

    /// Names where a `fetched` line's bytes came from when not from `url` itself: the image's
    /// original (`--originals`) or its fallback.
    mutating func noteSource(_ source: String?, of item: ImageWork) {
        guard let source else { return }
        if source == item.original { original = source } else { fallback = source }
    }

    /// Marks a `fetched` line whose image data ends early, with the codec's message (nothing when `message` is nil).
    mutating func noteTruncation(_ message: String?) {
        guard let message else { return }
        truncated = true
        self.message = message
    }

    /// The output record, fields in the contract's order.
    var output: OutputRecord { OutputRecord(self) }

    static var sample: ImageLine {
        var line = ImageLine(.failed, url: "https://cdn.example/a.jpg", post: "posts/hello.md", reason: "http")
        line.sha256 = Digest(String(repeating: "ab", count: 32))
        line.message = "HTTP 403 from cdn.example for every Referer tried; check the host's rules in the config"
        line.strategy = "page"
        line.bytes = 48213
        line.isNew = true
        line.path = "downloads/cdn.example/a.jpg"
        line.rule = "missing-file"
        line.status = 403
        line.referer = nil
        line.attempts = 2
        line.referersTried = ["https://blog.example/hello/", nil]
        line.replaces = Digest(String(repeating: "cd", count: 32))
        line.truncated = true
        line.fallback = "https://cdn.example/a-1024x768.jpg"
        line.original = "https://cdn.example/a.jpg"
        return line
    }
}
