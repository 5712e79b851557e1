import Foundation
import GRDB

/// One image reference found by a full-text search, with its object when archived.
public struct SearchHit: Codable, Sendable, Equatable, FetchableRecord {
    /// The object's SHA-256, or nil when the image was never archived (its fetch failed).
    public var sha256: String?
    /// The image URL.
    public var url: String?
    /// The post path.
    public var post: String
    /// The post's title.
    public var title: String?
    /// The post's date as written.
    public var date: String?
    /// The post's own URL.
    public var postUrl: String?
    /// The caption in that post.
    public var caption: String?
    /// The alt text in that post.
    public var alt: String?
    /// bm25 score (lower is better); nil for short queries answered by a scan.
    public var rank: Double?

    /// An image reference found by a search.
    public init(sha256: String?, url: String?, post: String, title: String?, date: String?, postUrl: String?,
                caption: String?, alt: String?, rank: Double?) {
        self.sha256 = sha256
        self.url = url
        self.post = post
        self.title = title
        self.date = date
        self.postUrl = postUrl
        self.caption = caption
        self.alt = alt
        self.rank = rank
    }
}

extension SearchHit: SnakeCaseColumns {}

extension Catalog {
    /// Searches captions, alt texts and post titles; best first, at most `limit` hits.
    /// Every word of 3+ characters goes through the FTS5 trigram index (ranked by bm25, a caption
    /// hit weighing more than alt, alt more than title); a 2-character word (e.g. a Chinese word)
    /// through the trigrams it starts (Catalog+ShortWords); 1-character words by a scan.
    /// When more references match than `rankWindow`, only the newest `rankWindow` of them (by
    /// reference rowid: the last recorded) are ranked: bm25 costs ~3 µs per hit, and a common
    /// 2-character word matched 196,000 of a million references (2 s); the window keeps a
    /// search near 100 ms at any size. A rarer word, or a second word, finds older references.
    public func search(_ text: String, limit: Int) throws -> [SearchHit] {
        try search(text, limit: limit, rankWindow: Catalog.rankWindow)
    }

    /// `search(_:limit:)` with the rank window given (tests show what the window changes).
    public func search(_ text: String, limit: Int = 100, rankWindow: Int) throws -> [SearchHit] {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return [] }
        let long = words.filter { $0.count >= 3 }
        let short = words.filter { $0.count < 3 }
        return try read("search for \(text)") { db in
            // Before migration v3 (a catalog only ever opened read-only since) there is no index:
            // then every word is matched by the scan.
            let indexed = try db.tableExists("image_text")
            var arguments: [DatabaseValueConvertible] = []
            var from = "image_ref", rank = "NULL"
            var matches = indexed ? long.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" } : []
            var scanned = indexed ? [] : words
            for word in indexed ? short : [] {
                // A 2-character word: the trigrams it starts, when the catalog can list them.
                guard let query = try Self.shortWordQuery(word, db) else { scanned.append(word); continue }
                if query.isEmpty { return [] }  // no indexed text contains the word
                matches.append("(" + query + ")")
            }
            var with = ""
            if !matches.isEmpty {
                // The hits are ranked once; when nothing else filters them, only those ranked
                // within the first `limit` (ties included) are joined and sorted: a common word
                // matched 20,000 references at 100,000 images, and joining all of them cost 0.6 s.
                // The window's oldest rowid is found by walking the matches newest first (FTS5
                // reads its doclists in rowid order, ~10 ms for 5,000), then given to FTS5 as a
                // rowid range so bm25 runs on the window only.
                with = """
                    WITH hits AS MATERIALIZED (SELECT rowid, bm25(image_text, 4.0, 2.0, 1.0) AS rank
                                               FROM image_text WHERE image_text MATCH ?
                                               AND rowid >= COALESCE((SELECT rowid FROM image_text WHERE image_text MATCH ?
                                                                      ORDER BY rowid DESC LIMIT 1 OFFSET ?), -9223372036854775808)),
                         cutoff AS (SELECT rank FROM hits ORDER BY rank LIMIT 1 OFFSET ?)
                    """
                from = "hits JOIN image_ref ON image_ref.rowid = hits.rowid"
                rank = "hits.rank"
                let query = matches.joined(separator: " AND ")
                // A word answered by the scan filters the hits afterwards: then every hit is
                // ranked, or a match older than the window would be lost.
                let window = scanned.isEmpty ? Int64(max(rankWindow - 1, 0)) : Int64.max
                arguments += [query, query, window, max(limit - 1, 0)]
            }
            // Other short words scan the real tables with LIKE (SQLite's C loop, ~3x faster than
            // reading the FTS table row by row); LIKE folds ASCII case, as lower() would without ICU.
            var conditions = ["1"]
            for word in scanned {
                conditions.append("(image_ref.caption LIKE ? ESCAPE '\\' OR image_ref.alt LIKE ? ESCAPE '\\' OR post.title LIKE ? ESCAPE '\\')")
                let pattern = "%" + Self.escapeLike(word) + "%"
                arguments += [pattern, pattern, pattern]
            }
            if !matches.isEmpty && scanned.isEmpty {
                conditions.append("(hits.rank <= (SELECT rank FROM cutoff) OR NOT EXISTS (SELECT 1 FROM cutoff))")
            }
            let sql = """
                \(with)
                SELECT url_object.sha256, image_ref.url, post.path AS post, post.title, post.date,
                       post.url AS post_url, image_ref.caption, image_ref.alt, \(rank) AS rank
                FROM \(from)
                JOIN post ON post.id = image_ref.post_id
                LEFT JOIN url_object ON url_object.url = image_ref.url
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY rank, (image_ref.caption IS NULL), post.path, image_ref.position
                LIMIT ?
                """
            arguments.append(limit)
            return try SearchHit.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        }
    }

    /// How many matching references a search ranks at most (the newest); see `search`.
    public static let rankWindow = 5_000

    /// Escapes LIKE's wildcards so a word matches literally (with `ESCAPE '\'`).
    static func escapeLike(_ word: String) -> String {
        var out = ""
        for character in word {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
