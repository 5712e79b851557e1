/// Applies named migrations once each, in order, recording them in `schema_migration`.
///
/// Each migration runs in its own transaction (PostgreSQL's DDL is transactional, so a failed
/// one leaves nothing behind), under a transaction-level advisory lock: several workers that
/// start at the same moment wait for each other instead of racing to create the same tables.
public struct PGMigrator: Sendable {
    /// One schema change: its identifier (never changed once shipped) and its SQL script.
    public struct Migration: Sendable {
        /// The name recorded in `schema_migration`.
        public let identifier: String
        /// The statements, run as one script.
        public let sql: String

        /// A migration named `identifier`.
        public init(_ identifier: String, sql: String) {
            self.identifier = identifier
            self.sql = sql
        }
    }

    /// The migrations, in the order they apply.
    public let migrations: [Migration]

    /// A migrator for `migrations`.
    public init(_ migrations: [Migration]) { self.migrations = migrations }

    // Any constant works; it names "mediavault schema changes" among the database's advisory locks.
    private static let lockKey = 0x6D76_5F6D_6967  // "mv_mig"

    /// Applies every migration not yet recorded; returns the identifiers applied now.
    @discardableResult
    public func migrate(_ connection: PGConnection) throws -> [String] {
        // Under the lock too: two concurrent CREATE TABLE IF NOT EXISTS can both try to create
        // the table's row type and one fails with a unique violation.
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [Self.lockKey])
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS schema_migration (
                    identifier TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
                )
                """)
        }
        var applied: [String] = []
        for migration in migrations {
            let ran = try connection.transaction { () throws -> Bool in
                try connection.execute("SELECT pg_advisory_xact_lock($1)", [Self.lockKey])
                let done = try connection.execute("SELECT 1 FROM schema_migration WHERE identifier = $1", [migration.identifier])
                guard done.count == 0 else { return false }
                do {
                    try connection.executeScript(migration.sql)
                } catch let error as PGError {
                    throw PGError(sqlState: error.sqlState, message: "migration \"\(migration.identifier)\": \(error.message)",
                                  detail: error.detail, hint: error.hint, statement: error.statement, operation: "migrate")
                }
                try connection.execute("INSERT INTO schema_migration (identifier) VALUES ($1)", [migration.identifier])
                return true
            }
            if ran { applied.append(migration.identifier) }
        }
        return applied
    }

    /// The identifiers already applied to the database, in the order they were applied.
    public static func applied(_ connection: PGConnection) throws -> [String] {
        let exists = try connection.execute("SELECT to_regclass('schema_migration') IS NOT NULL").scalar == "t"
        guard exists else { return [] }
        return try connection.execute("SELECT identifier FROM schema_migration ORDER BY applied_at, identifier").rows.compactMap { $0[0] }
    }
}
