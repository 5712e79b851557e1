import Fetcher

/// One result line of `mirror` (`fetched`, `skipped`, `failed`, `planned`): the one place its
/// fields and their order are defined (Schemas/mediavault-lines.v1.json describes them).
/// Optional fields are left out when nil; the contract's fields are always there.
struct ImageLine: Sendable {
    /// The line's `type`.
    enum Kind: String, Sendable {
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
    var post: String?
    /// The digest of the bytes kept, when they were hashed.
    var sha256: String?
    /// The HTTP status of the last answer.
    var status: Int?
    /// The Referer of the last request.
    var referer: String?
    /// Requests made.
    var attempts = 0
    /// Why it was skipped or failed.
    var reason: String?
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
    /// The Referer of each request, in order.
    var referersTried: [String?] = []

    /// A line for `item` with nothing known beyond its URL and first post.
    init(_ kind: Kind, _ item: ImageWork, reason: String? = nil) {
        self.kind = kind
        self.url = item.url
        self.post = item.posts.first
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

    /// Takes `status`, `referer`, `attempts` and `referers_tried` from the requests made (the last one answered).
    mutating func record(_ requests: [DownloadAttempt]) {
        status = requests.last?.status
        referer = requests.last?.referer
        attempts = requests.count
        referersTried = requests.map(\.referer)
    }

    /// The output record, fields in the contract's order.
    var output: OutputRecord {
        var record = OutputRecord(kind.rawValue, [
            "url": .string(url), "post": .optional(post), "sha256": .optional(sha256), "status": .optional(status),
            "referer": .optional(referer), "attempts": .int(Int64(attempts)), "reason": .optional(reason),
        ])
        func add(_ key: String, _ value: JSONValue?) {
            if let value { record.fields.append(.init(key: key, value: value)) }
        }
        add("message", message.map(JSONValue.string))
        add("strategy", strategy.map(JSONValue.string))
        add("bytes", bytes.map(JSONValue.int))
        add("new", isNew.map(JSONValue.bool))
        add("path", path.map(JSONValue.string))
        add("referers_tried", .array(referersTried.map(JSONValue.optional)))
        return record
    }
}
