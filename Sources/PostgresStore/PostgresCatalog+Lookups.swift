import ArchiveStore
import Foundation

extension PostgresCatalog {
    /// The object a URL gave, if it is archived; else the object of an image a post also named by that URL.
    public func object(forURL url: String) throws -> ObjectRecord? {
        let fetched = try read("look up \(url)") { connection in
            try connection.execute("SELECT object.* FROM url_object JOIN object USING (sha256) WHERE url_object.url = $1", [url])
                .objects().first
        }
        return try fetched ?? object(forAlias: url)
    }

    /// The object fetched for an image that a post also named `alias`, if it is archived.
    public func object(forAlias alias: String) throws -> ObjectRecord? {
        try read("look up the alias \(alias)") { connection in
            try connection.execute("""
                SELECT object.* FROM image_url_alias
                JOIN url_object ON url_object.url = image_url_alias.url
                JOIN object ON object.sha256 = url_object.sha256
                WHERE image_url_alias.alias = $1 LIMIT 1
                """, [alias]).objects().first
        }
    }

    /// Every archived URL (to skip them on a re-run).
    public func archivedURLs() throws -> Set<String> {
        try read("list archived URLs") { Set(try $0.execute("SELECT url FROM url_object").strings) }
    }

    /// Which of `urls` are archived, asked in chunks of one array parameter each.
    public func archived(among urls: [String]) throws -> Set<String> {
        try read("check \(urls.count) URLs") { connection in
            var found: Set<String> = []
            for start in stride(from: 0, to: urls.count, by: 1000) {
                let chunk = Array(urls[start..<min(start + 1000, urls.count)])
                found.formUnion(try connection.execute("SELECT url FROM url_object WHERE url = ANY($1::text[])",
                                                       [PGTextArray(chunk)]).strings)
            }
            return found
        }
    }

    /// Objects whose SHA-256 starts with `prefix` (a full hash gives at most one).
    public func objects(sha256Prefix prefix: String) throws -> [ObjectRecord] {
        let prefix = prefix.lowercased()
        guard prefix.allSatisfy(\.isHexDigit) else { return [] }
        return try read("look up \(prefix)") { connection in
            // COLLATE "C": a byte-wise range, whatever the database's collation.
            try connection.execute("""
                SELECT * FROM object WHERE sha256 >= $1 COLLATE "C" AND sha256 < $2 COLLATE "C" ORDER BY sha256 COLLATE "C" LIMIT 20
                """, [prefix, prefix + "g"]).objects()
        }
    }

    /// Every place the object appeared: post, URL, caption; posts in path order.
    public func captions(sha256: String) throws -> [CaptionHit] {
        try read("look up captions of \(sha256)") { connection in
            try connection.execute("""
                SELECT url_object.sha256, image_ref.url, post.path AS post, post.title, post.date,
                       post.url AS post_url, image_ref.caption, image_ref.alt
                FROM url_object
                JOIN image_ref ON image_ref.url = url_object.url
                JOIN post ON post.id = image_ref.post_id
                WHERE url_object.sha256 = $1
                ORDER BY post.path COLLATE "C", image_ref.position
                """, [sha256]).captionHits()
        }
    }

    /// Every object row, in hash order.
    public func allObjects() throws -> [ObjectRecord] {
        try read("list objects") { try $0.execute("SELECT * FROM object ORDER BY sha256 COLLATE \"C\"").objects() }
    }

    /// The objects of one fan-out folder (SHA-256 starting with the two hex digits `prefix`), in hash order.
    public func objects(inFolder prefix: String) throws -> [ObjectEntry] {
        try read("list the objects of objects/\(prefix)") { connection in
            let rows = try connection.execute("""
                SELECT sha256, size, ext, thumbnail FROM object
                WHERE sha256 >= $1 COLLATE "C" AND sha256 < $2 COLLATE "C" ORDER BY sha256 COLLATE "C"
                """, [prefix, prefix + "g"])
            return try (0..<rows.count).map { row in
                ObjectEntry(sha256: try rows.required(row, "sha256"), size: rows.int64(row, "size") ?? 0,
                            ext: try rows.required(row, "ext"), thumbnail: rows.string(row, "thumbnail"))
            }
        }
    }

    /// Whether an object row exists for this digest.
    public func hasObject(sha256: String) throws -> Bool {
        try read("look up \(sha256)") { try $0.execute("SELECT 1 FROM object WHERE sha256 = $1", [sha256]).count > 0 }
    }

    /// Counts of the main tables, for summaries.
    public func counts() throws -> (posts: Int, images: Int, objects: Int, bytes: Int64) {
        try read("count rows") { connection in
            let rows = try connection.execute("""
                SELECT (SELECT count(*) FROM post) AS posts, (SELECT count(*) FROM image_ref) AS images,
                       (SELECT count(*) FROM object) AS objects, (SELECT COALESCE(sum(size), 0) FROM object) AS bytes
                """)
            return (rows.int(0, "posts") ?? 0, rows.int(0, "images") ?? 0, rows.int(0, "objects") ?? 0, rows.int64(0, "bytes") ?? 0)
        }
    }

    /// Problems in the catalog's rows: PostgreSQL enforces the foreign keys itself, so this
    /// checks what no constraint covers (an object's digest or extension that could not name a file);
    /// the check is one scan either way, so `quick` changes nothing.
    public func integrityProblems(quick: Bool = false) throws -> [String] {
        try read("check integrity") { connection in
            try connection.execute("""
                SELECT 'object ' || sha256 || ': not a lowercase SHA-256 or no extension' FROM object
                WHERE sha256 !~ '^[0-9a-f]{64}$' OR ext = ''
                """).strings
        }
    }

    /// Decodable objects with no thumbnail and the reason recorded (HEIC mirrored without libheif, a damaged file).
    public func objectsWithFailedThumbnails() throws -> [ObjectRecord] {
        try read("list objects whose thumbnail failed") { connection in
            try connection.execute("""
                SELECT * FROM object WHERE thumbnail IS NULL AND thumbnail_error IS NOT NULL
                AND media_type IN \(Thumbnailer.decodedMediaTypesSQL) ORDER BY sha256 COLLATE "C"
                """).objects()
        }
    }

    /// Objects of the hashed formats (`PerceptualHash.hashedMediaTypesSQL`) with no perceptual hash yet.
    public func objectsWithoutPerceptualHash() throws -> [ObjectRecord] {
        try read("list objects without a perceptual hash") { connection in
            try connection.execute("""
                SELECT * FROM object WHERE phash IS NULL AND media_type IN \(PerceptualHash.hashedMediaTypesSQL) ORDER BY sha256 COLLATE "C"
                """).objects()
        }
    }

    /// How many objects of the hashed formats have no perceptual hash yet.
    public func countWithoutPerceptualHash() throws -> Int {
        try read("count objects without a perceptual hash") { connection in
            Int(try connection.execute("SELECT count(*) FROM object WHERE phash IS NULL AND media_type IN \(PerceptualHash.hashedMediaTypesSQL)").scalar ?? "0") ?? 0
        }
    }

    /// Every URL mapping of an object, newest first.
    public func urlMappings(sha256: String) throws -> [URLObjectRecord] {
        try read("look up the URLs of \(sha256)") { connection in
            try connection.execute("SELECT * FROM url_object WHERE sha256 = $1 ORDER BY fetched_at DESC", [sha256]).urlObjects()
        }
    }
}
