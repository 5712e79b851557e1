import Foundation
import GRDB

/// What `verify` needs of an object row: its name, size and thumbnail (no dates, no decoding).
public struct ObjectEntry: Sendable, Equatable {
    /// SHA-256 of the bytes.
    public var sha256: String
    /// Size in bytes.
    public var size: Int64
    /// File extension.
    public var ext: String
    /// Thumbnail path relative to the archive, if any.
    public var thumbnail: String?

    /// Path of the object relative to the archive.
    public var relativePath: String { "objects/\(sha256.prefix(2))/\(sha256).\(ext)" }

    /// What `verify` needs of an object row.
    public init(sha256: String, size: Int64, ext: String, thumbnail: String?) {
        self.sha256 = sha256
        self.size = size
        self.ext = ext
        self.thumbnail = thumbnail
    }
}

extension Catalog {
    /// The objects of one fan-out folder (SHA-256 starting with the two hex digits `prefix`), in
    /// hash order, through a raw statement on the primary key: `verify` walks a million objects
    /// one folder at a time, holding about 1/256 of them, instead of decoding them all at once.
    public func objects(inFolder prefix: String) throws -> [ObjectEntry] {
        try read("list the objects of objects/\(prefix)") { db in
            let statement = try db.cachedStatement(sql: """
                SELECT sha256, size, ext, thumbnail FROM object WHERE sha256 >= ? AND sha256 < ? ORDER BY sha256
                """)
            var entries: [ObjectEntry] = []
            let rows = try Row.fetchCursor(statement, arguments: [prefix, prefix + "g"])  // hex digits sort below "g"
            while let row = try rows.next() {
                entries.append(ObjectEntry(sha256: row[0], size: row[1], ext: row[2], thumbnail: row[3]))
            }
            return entries
        }
    }
}
