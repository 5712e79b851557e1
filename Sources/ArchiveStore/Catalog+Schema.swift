import GRDB

extension Catalog {
    /// The schema, one migration per change. A shipped migration is never edited: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: posts, images, objects, urls, fetches") { db in
            try db.execute(sql: """
                CREATE TABLE post (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL UNIQUE,
                    path TEXT NOT NULL,
                    title TEXT,
                    date TEXT,
                    url TEXT,
                    cover TEXT,
                    scanned_at TEXT NOT NULL
                );
                CREATE TABLE object (
                    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
                    size INTEGER NOT NULL,
                    ext TEXT NOT NULL,
                    media_type TEXT NOT NULL,
                    width INTEGER,
                    height INTEGER,
                    truncated INTEGER NOT NULL DEFAULT 0,
                    thumbnail TEXT,
                    thumbnail_error TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE image_ref (
                    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    src TEXT NOT NULL,
                    url TEXT,
                    variants TEXT,
                    inner_url TEXT,
                    caption TEXT,
                    alt TEXT,
                    referrer_policy TEXT,
                    is_cover INTEGER NOT NULL DEFAULT 0,
                    is_placeholder INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (post_id, position)
                );
                CREATE INDEX image_ref_url ON image_ref(url);
                CREATE TABLE url_object (
                    url TEXT PRIMARY KEY,
                    sha256 TEXT NOT NULL REFERENCES object(sha256),
                    final_url TEXT,
                    referer TEXT,
                    strategy TEXT,
                    etag TEXT,
                    last_modified TEXT,
                    fetched_at TEXT NOT NULL
                );
                CREATE INDEX url_object_sha256 ON url_object(sha256);
                CREATE TABLE fetch (
                    id INTEGER PRIMARY KEY,
                    url TEXT NOT NULL,
                    request_url TEXT NOT NULL,
                    status INTEGER,
                    referer TEXT,
                    strategy TEXT,
                    bytes INTEGER NOT NULL,
                    seconds REAL NOT NULL,
                    error TEXT,
                    at TEXT NOT NULL
                );
                CREATE INDEX fetch_url ON fetch(url);
                """)
        }
        migrator.registerMigration("v2: learned Referer strategy per host, perceptual hash") { db in
            try db.execute(sql: """
                CREATE TABLE host_strategy (
                    host TEXT PRIMARY KEY,
                    strategy TEXT NOT NULL,
                    successes INTEGER NOT NULL DEFAULT 0,
                    updated_at TEXT NOT NULL
                );
                ALTER TABLE object ADD COLUMN phash INTEGER;
                """)
        }
        return migrator
    }
}
