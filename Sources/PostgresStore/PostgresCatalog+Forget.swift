import ArchiveStore
import Foundation

extension PostgresCatalog {
    /// Every tombstone.
    public func tombstones() throws -> Tombstones {
        try read("list forgotten posts, URLs and objects") { connection in
            var result = Tombstones()
            let rows = try connection.execute("SELECT kind, value FROM tombstone")
            for row in 0..<rows.count {
                guard let value = rows.string(row, "value") else { continue }
                switch rows.string(row, "kind") {
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
        try read("look up the post \(argument)") { connection in
            var sql = "SELECT source FROM post WHERE source = $1 OR path = $1 OR url = $1"
            var arguments: [(any PGBindable)?] = [argument]
            if let absolutePath {
                sql += " OR source = $2 OR source LIKE $3"
                arguments += [absolutePath, Self.likeEscaped(absolutePath) + "#%"]
            }
            return try connection.execute(sql + " ORDER BY source COLLATE \"C\"", arguments).strings
        }
    }

    /// Records a tombstone for `target` and drops what it names from the catalog (posts, URL
    /// mappings; the objects stay until `prune`); with `dryRun`, only says what it would drop.
    public func forget(_ target: ForgetTarget, dryRun: Bool) throws -> ForgetEffect {
        if dryRun { return try read("plan forgetting \(target.value)") { try Self.effect(of: target, $0) } }
        return try write("forget \(target.value)") { connection in
            let effect = try Self.effect(of: target, connection)
            let now = Self.timestamp()
            var kinds = [target.kind], values = [target.value]
            if case .object = target {
                kinds += effect.urls.map { _ in "url" }
                values += effect.urls
            }
            try connection.execute("""
                INSERT INTO tombstone (kind, value, created_at) SELECT kind, value, $3 FROM unnest($1::text[], $2::text[]) AS t(kind, value)
                ON CONFLICT DO NOTHING
                """, [PGTextArray(kinds), PGTextArray(values), now])
            if case .post(let source) = target {
                try connection.execute("DELETE FROM post WHERE source = $1 OR source LIKE $2", [source, Self.likeEscaped(source) + "#%"])
            }
            for url in effect.urls {
                let removed = try connection.execute("DELETE FROM url_object WHERE url = $1 RETURNING sha256", [url])
                if let sha256 = removed.scalar {
                    try Self.observe(URLObservation(url: url, sha256: sha256, status: nil, event: .forgotten), connection)
                }
            }
            return effect
        }
    }

    /// The posts and URL mappings `target` names.
    private static func effect(of target: ForgetTarget, _ connection: PGConnection) throws -> ForgetEffect {
        switch target {
        case .url(let url):
            return ForgetEffect(posts: [], urls: try connection.execute("SELECT url FROM url_object WHERE url = $1", [url]).strings)
        case .object(let sha256):
            return ForgetEffect(posts: [], urls: try connection.execute(
                "SELECT url FROM url_object WHERE sha256 = $1 ORDER BY url COLLATE \"C\"", [sha256]).strings)
        case .post(let source):
            let pattern = likeEscaped(source) + "#%"
            let posts = try connection.execute("""
                SELECT path FROM post WHERE source = $1 OR source LIKE $2 ORDER BY path COLLATE "C"
                """, [source, pattern]).strings
            // Only the URLs no other post shows: an image two posts share stays for the other.
            let urls = try connection.execute("""
                SELECT DISTINCT image_ref.url COLLATE "C" AS url FROM image_ref JOIN post ON post.id = image_ref.post_id
                JOIN url_object ON url_object.url = image_ref.url
                WHERE (post.source = $1 OR post.source LIKE $2)
                  AND NOT EXISTS (SELECT 1 FROM image_ref other JOIN post p ON p.id = other.post_id
                                  WHERE other.url = image_ref.url AND NOT (p.source = $1 OR p.source LIKE $2))
                ORDER BY 1
                """, [source, pattern]).strings
            return ForgetEffect(posts: posts, urls: urls)
        }
    }

    /// Objects nothing references any more, largest first.
    public func unreferencedObjects() throws -> [ObjectRecord] {
        try read("list unreferenced objects") { connection in
            try connection.execute(CatalogSQL.unreferencedObjects(bytewise: Self.bytewise)).objects()
        }
    }

    /// Deletes the rows of objects that are still unreferenced (checked again inside the
    /// transaction); returns those deleted. Call before moving their files.
    public func deleteUnreferencedObjects(_ sha256s: [String]) throws -> Set<String> {
        guard !sha256s.isEmpty else { return [] }
        return try write("remove \(sha256s.count) unreferenced objects") { connection in
            // New URL mappings wait until this commits: one committed between the check and the
            // delete would otherwise fail the delete on its foreign key (prune is rare and short).
            try connection.execute("LOCK TABLE url_object IN SHARE ROW EXCLUSIVE MODE")
            // A URL mapped to forgotten bytes after the forget (a worker that had fetched them
            // first) goes with them: the tombstone wins over the mapping.
            try connection.execute("DELETE FROM url_object WHERE sha256 = ANY($1::text[]) AND \(CatalogSQL.isForgotten)",
                                   [PGTextArray(sha256s)])
            let deleted = try connection.execute("""
                DELETE FROM object WHERE sha256 = ANY($1::text[])
                  AND \(CatalogSQL.isUnreferenced)
                RETURNING sha256
                """, [PGTextArray(sha256s)]).strings
            return Set(deleted)
        }
    }
}
