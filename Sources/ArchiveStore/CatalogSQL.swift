/// SQL that the SQLite and the PostgreSQL catalog run word for word, so each rule is written
/// once. Only the digest order differs: PostgreSQL orders text by its locale unless told
/// `COLLATE "C"`, and both catalogs must list in the same (bytewise) order.
public enum CatalogSQL {
    /// The objects still needed: mapped from a URL now, or an earlier capture of a URL (kept by
    /// the history) that was neither forgotten nor proven a placeholder since.
    public static let referencedObjects = """
        SELECT sha256 FROM url_object
        UNION
        SELECT h.sha256 FROM url_history h
        WHERE h.event IN ('fetched', 'unchanged')
          AND NOT EXISTS (SELECT 1 FROM url_history f WHERE f.url = h.url AND f.id > h.id
                          AND (f.event = 'forgotten' OR (f.event = 'placeholder' AND f.sha256 = h.sha256)))
        """

    /// Whether the object in column `sha256` is garbage: nothing references it, or it was forgotten.
    public static let isUnreferenced = """
        (sha256 NOT IN (\(referencedObjects)) OR \(isForgotten))
        """

    /// Whether the bytes in column `sha256` were forgotten (`mediavault forget SHA256`).
    public static let isForgotten = "sha256 IN (SELECT value FROM tombstone WHERE kind = 'sha256')"

    /// Objects nothing references any more, largest first; `bytewise` is the catalog's spelling
    /// of a bytewise order on a text column.
    public static func unreferencedObjects(bytewise: (String) -> String) -> String {
        "SELECT * FROM object WHERE \(isUnreferenced) ORDER BY size DESC, \(bytewise("sha256"))"
    }

    /// Every object, once, in the order posts were recorded (objects no post shows come last),
    /// with its first post and its first caption (window functions: one pass, no per-row subquery).
    public static func galleryEntries(bytewise: (String) -> String) -> String {
        """
        WITH ref AS (
            SELECT url_object.sha256, image_ref.url, image_ref.alt, image_ref.post_id, image_ref.position,
                   ROW_NUMBER() OVER (PARTITION BY url_object.sha256 ORDER BY image_ref.post_id, image_ref.position) AS n,
                   FIRST_VALUE(image_ref.caption) OVER (PARTITION BY url_object.sha256
                       ORDER BY image_ref.caption IS NULL, image_ref.post_id, image_ref.position) AS caption
            FROM url_object JOIN image_ref ON image_ref.url = url_object.url
        )
        SELECT object.sha256, object.ext, object.media_type, object.width, object.height, object.thumbnail,
               ref.url, ref.alt, ref.caption,
               post.title, post.date, post.url AS post_url, post.source AS post_source, post.path AS post_path
        FROM object
        LEFT JOIN ref ON ref.sha256 = object.sha256 AND ref.n = 1
        LEFT JOIN post ON post.id = ref.post_id
        ORDER BY ref.post_id IS NULL, ref.post_id, ref.position, \(bytewise("object.sha256"))
        """
    }
}
