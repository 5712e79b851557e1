import Foundation
import Synchronization
import GRDB

/// Records whose Swift properties are camelCase and whose columns are snake_case.
public protocol SnakeCaseColumns: FetchableRecord, EncodableRecord {}
extension SnakeCaseColumns {
    /// Columns are snake_case.
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    /// Columns are snake_case.
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}
extension PostRecord: SnakeCaseColumns {}
extension ImageRefRecord: SnakeCaseColumns {}
extension ObjectRecord: SnakeCaseColumns {}
extension URLObjectRecord: SnakeCaseColumns {}
extension FetchRecord: SnakeCaseColumns {}

/// The archive's SQLite catalog (`catalog.sqlite`, WAL mode): posts, image references with
/// captions, objects, URL → object mappings and every fetch attempt.
public final class Catalog: Sendable {
    /// The database, shared by all tasks; GRDB serialises writes and runs reads concurrently.
    public let database: DatabasePool

    /// Opens (creating and migrating when needed) the catalog file. Call with the archive lock held.
    public init(file: URL) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)  // another process writing: wait rather than fail
        do {
            if !FileManager.default.fileExists(atPath: file.path) { try Self.create(file, configuration) }
            database = try DatabasePool(path: file.path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw StoreError.catalog("cannot open the catalog \(file.path): \(error)")
        }
    }

    /// Makes a new catalog under a temporary name, migrates it, closes it and renames it into
    /// place: a crash while creating leaves no table-less `catalog.sqlite` that verify would
    /// call damaged, only a `.new` file that the next creation replaces.
    static func create(_ file: URL, _ configuration: Configuration) throws {
        let fresh = file.path + ".new"
        for suffix in ["", "-wal", "-shm"] { unlink(fresh + suffix) }
        // No fsync per migration (a dozen on a new catalog): nothing names the file yet, so it
        // is flushed once, whole, before the rename makes it the catalog.
        // Nor a journal or a WAL: a failed creation is thrown away whole, so the schema is
        // written straight into the file. It leaves in WAL mode (a flag in the file's header),
        // so opening it does not convert it through a rollback journal (four fdatasyncs).
        var unsynced = configuration
        unsynced.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF; PRAGMA journal_mode = OFF") }
        let queue = try DatabaseQueue(path: fresh, configuration: unsynced)
        try migrator.migrate(queue)
        try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        try queue.close()
        try ObjectStore.syncFile(fresh)
        guard rename(fresh, file.path) == 0 else { throw StoreError.posix("cannot move the new catalog to", file.path) }
        try ObjectStore.syncFolder(file.deletingLastPathComponent().path)
    }

    /// Opens an existing catalog without writing to it (for lookups and verify).
    public init(readingFile file: URL) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)  // a writer checkpointing as it closes holds the lock briefly
        do {
            database = try DatabasePool(path: file.path, configuration: configuration)
        } catch {
            // On read-only media SQLite cannot create the WAL index (-shm) a reader needs; nothing
            // can change the file there, so it is read as immutable (verify works on a read-only copy).
            var fileSystem = statvfs()
            guard statvfs(file.deletingLastPathComponent().path, &fileSystem) == 0, fileSystem.f_flag & UInt(ST_RDONLY) != 0 else {
                throw StoreError.catalog("cannot open the catalog \(file.path): \(error)")
            }
            do {
                database = try DatabasePool(path: "file:\(file.path)?immutable=1", configuration: configuration)
            } catch {
                throw StoreError.catalog("cannot open the catalog \(file.path) on its read-only file system: \(error)")
            }
        }
    }

    /// ISO 8601 time in UTC, as stored in the catalog (to the second).
    static func timestamp(_ date: Date = Date()) -> String {
        // A mirror stamps four rows per object and Foundation's ISO 8601 style costs ~10 µs a
        // call (perf): the text of the last second is reused until the second changes.
        let second = date.timeIntervalSince1970.rounded(.down)
        return lastTimestamp.withLock { last in
            if let last, last.second == second { return last.text }
            let text = date.formatted(.iso8601)
            last = (second, text)
            return text
        }
    }

    /// The last second formatted by `timestamp`, and its text.
    private static let lastTimestamp = Mutex<(second: Double, text: String)?>(nil)

    /// Runs a write and turns GRDB errors into `StoreError.catalog`.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do { return try database.write(body) } catch {
            throw StoreError.catalog("cannot \(what) in the catalog: \(Self.explain(error))")
        }
    }

    /// Runs a read and turns GRDB errors into `StoreError.catalog`.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do { return try database.read(body) } catch {
            throw StoreError.catalog("cannot \(what) from the catalog: \(Self.explain(error))")
        }
    }

    /// A GRDB error with SQLite's extended result code and what a person can do about it.
    static func explain(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        let code = "SQLite extended code \(error.extendedResultCode.rawValue)"
        let hint: String
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: hint = "another process kept the catalog busy for 30 s; run the command again"
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: hint = "the catalog is not writable: check the archive's permissions"
        case .SQLITE_FULL: hint = "the disk is full: free space and run the command again"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: hint = "the catalog is damaged: run `mediavault verify`"
        case .SQLITE_IOERR: hint = "the disk failed to read or write: check it, then run `mediavault verify`"
        default: hint = "run `mediavault verify`; if it persists, report it with this message"
        }
        return "\(error.message ?? "\(error)") (\(code)); \(hint)"
    }
}
