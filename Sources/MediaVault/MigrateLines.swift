/// `migrate`: what was copied from a local archive to another storage and catalog.
struct MigratedLine: OutputLine {
    static let types = ["migrated"]
    static let about = "migrate: a local archive copied to another storage and catalog; objects_present: objects already at the destination (a resumed run); missing: catalogued objects that had no file in the source (left out)."
    /// The source archive folder.
    var from: String
    /// The destination archive (a folder or s3://BUCKET/PREFIX).
    var to: String
    /// The destination catalog (a file, or postgresql://… without its password).
    var catalog: String
    /// Objects uploaded by this run.
    var objectsCopied: Int
    /// Objects the destination already held.
    var objectsPresent: Int
    /// Thumbnails copied.
    var thumbnails: Int
    /// Bytes copied.
    var bytes: Int64
    /// Posts whose rows were copied.
    var posts: Int
    /// Digests of catalogued objects missing from the source.
    var missing: [String]

    static var sample: MigratedLine {
        MigratedLine(from: "Archive", to: "s3://media/archive", catalog: "postgresql://mv@db/mediavault", objectsCopied: 118,
                     objectsPresent: 2, thumbnails: 120, bytes: 52_428_800, posts: 14, missing: [])
    }
}

/// `migrate`'s last line: the destination checked by its stored checksums.
struct MigrateSummary: OutputLine {
    static let types = ["summary"]
    static let about = "migrate's summary: objects the destination catalog names, how many were verified by their stored checksums, problems found and how many are damage."
    /// Objects the destination catalog names.
    var objects: Int
    /// Objects whose stored checksum matched their name.
    var verified: Int
    /// Problems found.
    var problems: Int
    /// Problems that are damage.
    var damage: Int

    static var sample: MigrateSummary { MigrateSummary(objects: 120, verified: 120, problems: 0, damage: 0) }
}
