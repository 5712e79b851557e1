import Foundation
import GRDB

/// What `mediavault forget` can name: a post (by its source: absolute file path, or feed
/// item), an image URL, or an object (full SHA-256).
public enum ForgetTarget: Sendable, Equatable {
    /// A post and its images' URLs that no other post shows.
    case post(source: String)
    /// One image URL.
    case url(String)
    /// One object and every URL that gave it.
    case object(sha256: String)

    /// The tombstone's kind column.
    public var kind: String {
        switch self {
        case .post: "post"
        case .url: "url"
        case .object: "sha256"
        }
    }

    /// The tombstone's value column.
    public var value: String {
        switch self {
        case .post(let source): source
        case .url(let url): url
        case .object(let sha256): sha256
        }
    }
}

/// What forgetting a target does (or would do): post paths dropped, URL mappings dropped.
public struct ForgetEffect: Sendable, Equatable {
    /// Display paths of the posts removed from the catalog.
    public var posts: [String] = []
    /// Image URLs no longer mapped to an object (and, for an object, tombstoned too).
    public var urls: [String] = []

    /// What forgetting dropped (or would drop); nothing by default.
    public init(posts: [String] = [], urls: [String] = []) {
        self.posts = posts
        self.urls = urls
    }
}

/// Everything `forget` recorded, for `mirror` to skip: loaded once per run.
public struct Tombstones: Sendable, Equatable {
    /// Post sources (a file's absolute path covers each of its posts, `path#n`).
    public var posts: Set<String> = []
    /// Image URLs.
    public var urls: Set<String> = []
    /// Object digests: bytes with one of these are never stored again, whatever their URL.
    public var objects: Set<String> = []

    /// No tombstones.
    public init() {}

    /// Whether the post with this source was forgotten.
    public func covers(postSource source: String) -> Bool {
        if posts.contains(source) { return true }
        guard let hash = source.lastIndex(of: "#") else { return false }
        return posts.contains(String(source[..<hash]))
    }
}

extension Catalog {
    /// `v-tombstones`: what a person asked to forget, so later runs never fetch it again.
    static func registerTombstoneMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v-tombstones: forget POST|URL|SHA256") { db in
            try db.execute(sql: """
                CREATE TABLE tombstone (
                    kind TEXT NOT NULL CHECK (kind IN ('post', 'url', 'sha256')),
                    value TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (kind, value)
                );
                """)
        }
    }

    /// Every tombstone.
    public func tombstones() throws -> Tombstones {
        try read("list forgotten posts, URLs and objects") { db in
            var result = Tombstones()
            for row in try Row.fetchAll(db, sql: "SELECT kind, value FROM tombstone") {
                let value: String = row["value"]
                switch row["kind"] as String {
                case "post": result.posts.insert(value)
                case "url": result.urls.insert(value)
                default: result.objects.insert(value)
                }
            }
            return result
        }
    }

    /// Post sources that `argument` names: the source itself, a file's posts (`source#n`), or a display path.
    public func postSources(matching argument: String, absolutePath: String?) throws -> [String] {
        try read("look up the post \(argument)") { db in
            var sql = "SELECT source FROM post WHERE source = ? OR path = ? OR url = ?"
            var arguments: [any DatabaseValueConvertible] = [argument, argument, argument]
            if let absolutePath {
                sql += " OR source = ? OR source LIKE ? ESCAPE '\\'"
                arguments += [absolutePath, Self.likeEscaped(absolutePath) + "#%"]
            }
            return try String.fetchAll(db, sql: sql + " ORDER BY source", arguments: StatementArguments(arguments))
        }
    }

    /// Records a tombstone for `target` and drops what it names from the catalog (posts, URL
    /// mappings; the objects stay until `prune`); with `dryRun`, only says what it would drop.
    public func forget(_ target: ForgetTarget, dryRun: Bool) throws -> ForgetEffect {
        if dryRun { return try read("plan forgetting \(target.value)") { try Self.effect(of: target, db: $0) } }
        return try write("forget \(target.value)") { db in
            let effect = try Self.effect(of: target, db: db)
            let now = Self.timestamp()
            func tombstone(_ kind: String, _ value: String) throws {
                try db.execute(sql: "INSERT OR IGNORE INTO tombstone (kind, value, created_at) VALUES (?, ?, ?)", arguments: [kind, value, now])
            }
            try tombstone(target.kind, target.value)
            if case .object = target { for url in effect.urls { try tombstone("url", url) } }
            if case .post(let source) = target {
                try db.execute(sql: "DELETE FROM post WHERE source = ? OR source LIKE ? ESCAPE '\\'",
                               arguments: [source, Self.likeEscaped(source) + "#%"])
            }
            for url in effect.urls {
                if let sha256 = try String.fetchOne(db, sql: "SELECT sha256 FROM url_object WHERE url = ?", arguments: [url]) {
                    try Self.observe(URLObservation(url: url, sha256: sha256, status: nil, event: .forgotten), db)
                }
                try db.execute(sql: "DELETE FROM url_object WHERE url = ?", arguments: [url])
            }
            return effect
        }
    }

    /// The posts and URL mappings `target` names.
    private static func effect(of target: ForgetTarget, db: Database) throws -> ForgetEffect {
        var effect = ForgetEffect()
        switch target {
        case .url(let url):
            effect.urls = try String.fetchAll(db, sql: "SELECT url FROM url_object WHERE url = ?", arguments: [url])
        case .object(let sha256):
            effect.urls = try String.fetchAll(db, sql: "SELECT url FROM url_object WHERE sha256 = ? ORDER BY url", arguments: [sha256])
        case .post(let source):
            let pattern = likeEscaped(source) + "#%"
            effect.posts = try String.fetchAll(db, sql: "SELECT path FROM post WHERE source = ? OR source LIKE ? ESCAPE '\\' ORDER BY path",
                                               arguments: [source, pattern])
            // Only the URLs no other post shows: an image two posts share stays for the other.
            effect.urls = try String.fetchAll(db, sql: """
                SELECT DISTINCT image_ref.url FROM image_ref JOIN post ON post.id = image_ref.post_id
                JOIN url_object ON url_object.url = image_ref.url
                WHERE (post.source = ? OR post.source LIKE ? ESCAPE '\\')
                  AND NOT EXISTS (SELECT 1 FROM image_ref other JOIN post p ON p.id = other.post_id
                                  WHERE other.url = image_ref.url AND NOT (p.source = ? OR p.source LIKE ? ESCAPE '\\'))
                ORDER BY image_ref.url
                """, arguments: [source, pattern, source, pattern])
        }
        return effect
    }

    /// `value` with LIKE's wildcards escaped by a backslash.
    static func likeEscaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
