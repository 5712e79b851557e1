import ArchiveStore
import Foundation

// Rows of the PostgreSQL catalog turned into the record types every catalog answers with.
// Columns are read by name, so a statement may list them in any order.

extension PGRows {
    /// `column` of row `row` as a 64-bit integer.
    func int64(_ row: Int, _ column: String) -> Int64? { string(row, column).flatMap { Int64($0) } }

    /// `column` of row `row` as a double.
    func double(_ row: Int, _ column: String) -> Double? { string(row, column).flatMap { Double($0) } }

    /// A 0/1 integer flag (as the SQLite catalog stores flags) as a boolean.
    func flag(_ row: Int, _ column: String) -> Bool { (int(row, column) ?? 0) != 0 }

    /// A column that is NOT NULL in the schema; throws when the statement did not select it.
    func required(_ row: Int, _ column: String) throws -> String {
        guard let value = string(row, column) else {
            throw PGError(sqlState: "", message: "column \(column) is missing or NULL in a catalog row", operation: "read")
        }
        return value
    }

    /// Every row as an object record (`SELECT object.*`).
    func objects() throws -> [ObjectRecord] {
        try (0..<count).map { row in
            var object = ObjectRecord(sha256: try required(row, "sha256"), size: int64(row, "size") ?? 0,
                                      ext: try required(row, "ext"), mediaType: try required(row, "media_type"),
                                      width: int(row, "width"), height: int(row, "height"), truncated: flag(row, "truncated"),
                                      thumbnail: string(row, "thumbnail"), thumbnailError: string(row, "thumbnail_error"),
                                      phash: int64(row, "phash"))
            object.createdAt = try required(row, "created_at")
            return object
        }
    }

    /// Every row as a URL mapping (`SELECT url_object.*`).
    func urlObjects() throws -> [URLObjectRecord] {
        try (0..<count).map { row in
            var mapping = URLObjectRecord(url: try required(row, "url"), sha256: try required(row, "sha256"),
                                          finalUrl: string(row, "final_url"), referer: string(row, "referer"),
                                          strategy: string(row, "strategy"), etag: string(row, "etag"),
                                          lastModified: string(row, "last_modified"))
            mapping.fetchedAt = try required(row, "fetched_at")
            return mapping
        }
    }

    /// Every row as an observation (`SELECT url_history.*`).
    func observations() throws -> [URLObservation] {
        try (0..<count).map { row in
            var observation = URLObservation(url: try required(row, "url"), sha256: try required(row, "sha256"),
                                             status: int(row, "status"), event: .fetched)
            observation.event = try required(row, "event")
            observation.observedAt = try required(row, "observed_at")
            return observation
        }
    }

    /// Every row as a caption hit (columns named as `CaptionHit`'s, snake_case).
    func captionHits() throws -> [CaptionHit] {
        try (0..<count).map { row in
            CaptionHit(sha256: try required(row, "sha256"), url: try required(row, "url"), post: try required(row, "post"),
                       title: string(row, "title"), date: string(row, "date"), postUrl: string(row, "post_url"),
                       caption: string(row, "caption"), alt: string(row, "alt"))
        }
    }

    /// Every row as a search hit.
    func searchHits() throws -> [SearchHit] {
        try (0..<count).map { row in
            SearchHit(sha256: string(row, "sha256"), url: string(row, "url"), post: try required(row, "post"),
                      title: string(row, "title"), date: string(row, "date"), postUrl: string(row, "post_url"),
                      caption: string(row, "caption"), alt: string(row, "alt"), rank: double(row, "rank"))
        }
    }

    /// Every row as a gallery entry.
    func galleryEntries() throws -> [GalleryEntry] {
        try (0..<count).map { row in
            GalleryEntry(sha256: try required(row, "sha256"), ext: try required(row, "ext"),
                         mediaType: try required(row, "media_type"), width: int(row, "width"), height: int(row, "height"),
                         thumbnail: string(row, "thumbnail"), url: string(row, "url"), caption: string(row, "caption"),
                         alt: string(row, "alt"), title: string(row, "title"), date: string(row, "date"),
                         postUrl: string(row, "post_url"), postSource: string(row, "post_source"),
                         postPath: string(row, "post_path"))
        }
    }

    /// The first column of every row, NULLs left out.
    var strings: [String] { rows.compactMap { $0.first ?? nil } }
}
