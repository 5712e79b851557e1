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
        migrator.registerMigration("v3: full-text index") { db in
            // One row per image reference (rowid = image_ref's rowid) with its post's title.
            // trigram, not unicode61: unicode61 makes a run of Han characters one token, so a
            // Chinese word inside a caption would never match; trigrams match any substring of
            // 3+ characters in any script. Shorter queries are answered by a scan (Catalog+Search).
            try db.execute(sql: """
                CREATE VIRTUAL TABLE image_text USING fts5(caption, alt, title, tokenize = 'trigram');
                INSERT INTO image_text(rowid, caption, alt, title)
                    SELECT image_ref.rowid, image_ref.caption, image_ref.alt, post.title
                    FROM image_ref JOIN post ON post.id = image_ref.post_id;
                CREATE TRIGGER image_text_insert AFTER INSERT ON image_ref BEGIN
                    INSERT INTO image_text(rowid, caption, alt, title)
                        VALUES (new.rowid, new.caption, new.alt, (SELECT title FROM post WHERE id = new.post_id));
                END;
                CREATE TRIGGER image_text_delete AFTER DELETE ON image_ref BEGIN
                    DELETE FROM image_text WHERE rowid = old.rowid;
                END;
                CREATE TRIGGER image_text_update AFTER UPDATE ON image_ref BEGIN
                    DELETE FROM image_text WHERE rowid = old.rowid;
                    INSERT INTO image_text(rowid, caption, alt, title)
                        VALUES (new.rowid, new.caption, new.alt, (SELECT title FROM post WHERE id = new.post_id));
                END;
                CREATE TRIGGER image_text_post_title AFTER UPDATE OF title ON post BEGIN
                    UPDATE image_text SET title = new.title
                        WHERE rowid IN (SELECT rowid FROM image_ref WHERE post_id = new.id);
                END;
                -- Objects still waiting for a perceptual hash are counted on every --similar lookup.
                CREATE INDEX object_without_phash ON object(media_type) WHERE phash IS NULL;
                """)
        }
        registerHistoryMigration(&migrator)
        registerTombstoneMigration(&migrator)
        registerVerificationMigration(&migrator)
        migrator.registerMigration("v-scaleIndexes: perceptual hashes read from a covering index") { db in
            // `caption --similar` compares every stored hash: from this index it reads ~20 bytes
            // per object instead of whole object rows (about 10x less at a million images).
            try db.execute(sql: "CREATE INDEX object_phash ON object(phash) WHERE phash IS NOT NULL")
        }
        migrator.registerMigration(shortWordMigration) { db in
            // Every indexed text ends with a space, so every 2-character word is the start of at
            // least one trigram ("夜景" at the end of a caption gives "夜景 "): a short word is
            // then found through the index (the trigrams it starts, see Catalog+ShortWords)
            // instead of a scan of every reference, which grew to 250 ms at 100,000 images.
            try db.execute(sql: """
                DROP TRIGGER image_text_insert;
                DROP TRIGGER image_text_update;
                DROP TRIGGER image_text_post_title;
                CREATE TRIGGER image_text_insert AFTER INSERT ON image_ref BEGIN
                    INSERT INTO image_text(rowid, caption, alt, title)
                        VALUES (new.rowid, new.caption || ' ', new.alt || ' ', (SELECT title || ' ' FROM post WHERE id = new.post_id));
                END;
                CREATE TRIGGER image_text_update AFTER UPDATE ON image_ref BEGIN
                    DELETE FROM image_text WHERE rowid = old.rowid;
                    INSERT INTO image_text(rowid, caption, alt, title)
                        VALUES (new.rowid, new.caption || ' ', new.alt || ' ', (SELECT title || ' ' FROM post WHERE id = new.post_id));
                END;
                CREATE TRIGGER image_text_post_title AFTER UPDATE OF title ON post BEGIN
                    UPDATE image_text SET title = new.title || ' '
                        WHERE rowid IN (SELECT rowid FROM image_ref WHERE post_id = new.id);
                END;
                DELETE FROM image_text;
                INSERT INTO image_text(rowid, caption, alt, title)
                    SELECT image_ref.rowid, image_ref.caption || ' ', image_ref.alt || ' ', post.title || ' '
                    FROM image_ref JOIN post ON post.id = image_ref.post_id;
                """)
        }
        registerAliasMigration(&migrator)
        registerFeedIdentityMigration(&migrator)
        registerHashBandMigration(&migrator)
        registerScannedFileMigration(&migrator)
        return migrator
    }

    /// The migration after which short words can be searched through the index.
    static let shortWordMigration = "v-scaleShortWords: indexed texts end with a space"
}
