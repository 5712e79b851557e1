import Foundation
import GRDB

/// What one post file yielded when it was last parsed, with the size and modification time it
/// had then: a re-run that finds both unchanged reuses `yield` instead of reading the file.
/// The catalog keeps `yield` as opaque text; the pipeline alone knows its encoding.
public struct ScannedFileRecord: Sendable, Equatable {
    /// The file's absolute path.
    public var path: String
    /// Its size in bytes when it was parsed.
    public var size: Int64
    /// Its modification time in nanoseconds since 1970 when it was parsed.
    public var mtimeNs: Int64
    /// What the parse gave, encoded by the caller (valid UTF-8 without NUL, for either backend).
    public var yield: String

    /// Creates a record.
    public init(path: String, size: Int64, mtimeNs: Int64, yield: String) {
        self.path = path
        self.size = size
        self.mtimeNs = mtimeNs
        self.yield = yield
    }
}

extension Catalog {
    /// `v-scannedFiles`: a table of its own (a cache of the scanner's work, not archive data):
    /// nothing else reads it, and a row for a file that no longer exists is never asked for.
    static func registerScannedFileMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(scannedFileMigration) { db in
            try db.execute(sql: """
                CREATE TABLE scanned_file (
                    path TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    mtime_ns INTEGER NOT NULL,
                    yield TEXT NOT NULL
                );
                """)
        }
    }

    /// The migration's name (the PostgreSQL catalog has one of the same name).
    public static let scannedFileMigration = "v-scannedFiles: what each post file yielded, by size and mtime"

    /// Records (or replaces) what these files yielded (one transaction).
    public func recordScannedFiles(_ files: [ScannedFileRecord]) throws {
        guard !files.isEmpty else { return }
        try write("remember what \(files.count) post files yielded") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO scanned_file (path, size, mtime_ns, yield) VALUES (?, ?, ?, ?)
                ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, yield = excluded.yield
                """)
            for file in files { try statement.execute(arguments: [file.path, file.size, file.mtimeNs, file.yield]) }
        }
    }

    /// What the file at `path` yielded when it was last parsed, if it was.
    public func scannedFile(path: String) throws -> ScannedFileRecord? {
        try read("read what \(path) yielded when last parsed") { db in
            let statement = try db.cachedStatement(sql: "SELECT size, mtime_ns, yield FROM scanned_file WHERE path = ?")
            return try Row.fetchOne(statement, arguments: [path]).map { row in
                ScannedFileRecord(path: path, size: row[0], mtimeNs: row[1], yield: row[2])
            }
        }
    }
}
