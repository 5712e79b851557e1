/// Caption, alt and title search in the PostgreSQL catalog, answered by the `pg_trgm` indexes.
public struct PostgresCatalogSearch {
    /// One image reference whose caption, alt text or post title contains the query.
    public struct Hit: Sendable, Equatable {
        /// The post's source (its path or URL as scanned).
        public let post: String
        /// The image's position in the post.
        public let position: Int
        /// The image's URL.
        public let url: String?
        /// Its caption.
        public let caption: String?
    }

    private let connection: PGConnection

    /// Search over `connection`'s catalog.
    public init(connection: PGConnection) { self.connection = connection }

    /// References whose caption, alt or post title contains `text` (case-insensitive), best
    /// first: caption matches before alt matches before title matches, then by post and position.
    ///
    /// `ILIKE '%text%'` uses the trigram GIN indexes for three or more characters; shorter
    /// queries have no trigram to look up and scan, as the SQLite catalog does.
    public func search(_ text: String, limit: Int = 100) throws -> [Hit] {
        let pattern = "%" + Self.escapeLike(text) + "%"
        let rows = try connection.execute("""
            SELECT post.source, image_ref.position, image_ref.url, image_ref.caption,
                   CASE WHEN image_ref.caption ILIKE $1 THEN 0 WHEN image_ref.alt ILIKE $1 THEN 1 ELSE 2 END AS rank
            FROM image_ref JOIN post ON post.id = image_ref.post_id
            WHERE image_ref.caption ILIKE $1 OR image_ref.alt ILIKE $1 OR post.title ILIKE $1
            ORDER BY rank, post.source, image_ref.position
            LIMIT $2
            """, [pattern, limit])
        return (0..<rows.count).map { row in
            Hit(post: rows.string(row, "source") ?? "", position: rows.int(row, "position") ?? 0,
                url: rows.string(row, "url"), caption: rows.string(row, "caption"))
        }
    }

    /// `text` with LIKE's wildcards (`%`, `_`) and its escape character (`\`) escaped, so a
    /// query for "100%" finds "100%" and not "100 anything".
    static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
