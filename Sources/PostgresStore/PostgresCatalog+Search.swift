import ArchiveStore
import Foundation

extension PostgresCatalog {
    /// Searches captions, alt texts and post titles; best first, at most `limit` hits.
    ///
    /// Every word must appear (case-insensitive substring, in any script) in the caption, the alt
    /// text or the post's title. Words of three or more characters are found through the
    /// `pg_trgm` GIN indexes; shorter ones have no trigram and scan, as in the SQLite catalog.
    /// The rank weighs a word in the caption 4, in the alt text 2, in the title 1 (SQLite's bm25
    /// weights), negated so that lower is better as with bm25.
    public func search(_ text: String, limit: Int = 100) throws -> [SearchHit] {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return [] }
        var conditions: [String] = [], weights: [String] = []
        var arguments: [(any PGBindable)?] = []
        for word in words {
            arguments.append("%" + Self.likeEscaped(word) + "%")
            let p = "$\(arguments.count)"
            conditions.append("(image_ref.caption ILIKE \(p) OR image_ref.alt ILIKE \(p) OR post.title ILIKE \(p))")
            weights.append("""
                (CASE WHEN image_ref.caption ILIKE \(p) THEN 4 ELSE 0 END + CASE WHEN image_ref.alt ILIKE \(p) THEN 2 ELSE 0 END
                 + CASE WHEN post.title ILIKE \(p) THEN 1 ELSE 0 END)
                """)
        }
        arguments.append(limit)
        let sql = """
            SELECT url_object.sha256, image_ref.url, post.path AS post, post.title, post.date,
                   post.url AS post_url, image_ref.caption, image_ref.alt,
                   -(\(weights.joined(separator: " + ")))::double precision AS rank
            FROM image_ref
            JOIN post ON post.id = image_ref.post_id
            LEFT JOIN url_object ON url_object.url = image_ref.url
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY rank, (image_ref.caption IS NULL), post.path COLLATE "C", image_ref.position
            LIMIT $\(arguments.count)
            """
        return try read("search for \(text)") { try $0.execute(sql, arguments).searchHits() }
    }

    /// Every object, once, in the order posts were recorded (objects no post shows come last),
    /// with its first post and its first caption (window functions, as in the SQLite catalog).
    public func galleryEntries() throws -> [GalleryEntry] {
        try read("list the gallery") { connection in
            try connection.execute(CatalogSQL.galleryEntries(bytewise: Self.bytewise)).galleryEntries()
        }
    }
}
