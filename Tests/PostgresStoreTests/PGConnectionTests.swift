import Foundation
import PostgresStore
import Testing
import TestSupport

/// The libpq connection layer against the real PostgreSQL of Scripts/test-servers.
@Suite(.testServer(.postgres))
struct PGConnectionTests {
    @Test func parametersAreBoundNeverSpliced() throws {
        let database = try TestDatabase(migrated: false)
        let db = try database.connect()
        try db.execute("CREATE TABLE note (id BIGINT PRIMARY KEY, body TEXT, flag BOOLEAN)")
        let hostile = "x'); DROP TABLE note; --"
        let text = "猫 «quoted» \"double\" \\ back"
        try db.execute("INSERT INTO note VALUES ($1, $2, $3), ($4, $5, $6)", [Int64(1) << 40, hostile, true, 2, text, nil])
        let rows = try db.execute("SELECT id, body, flag FROM note ORDER BY id")
        #expect(rows.count == 2)
        #expect(rows.string(0, "id") == "2")
        #expect(rows.string(0, "body") == text)
        #expect(rows.bool(0, "flag") == nil, "nil binds as NULL")
        #expect(rows.int(1, "id") == 1 << 40)
        #expect(rows.string(1, "body") == hostile)
        #expect(rows.bool(1, "flag") == true)
        #expect(try db.execute("SELECT count(*) FROM note WHERE body = ANY($1::text[])", [PGTextArray([hostile, text, nil])]).scalar == "2")
    }

    @Test func errorsKeepTheSQLStateAndTheStatementButHideValues() throws {
        let db = try TestDatabase(migrated: false).connect()
        try db.execute("CREATE TABLE item (name TEXT PRIMARY KEY)")
        try db.execute("INSERT INTO item VALUES ($1)", ["private-value"])
        do {
            try db.execute("INSERT INTO item VALUES ($1)", ["private-value"])
            Issue.record("a duplicate key was accepted")
        } catch let error as PGError {
            #expect(error.sqlState == PGError.uniqueViolation)
            #expect(error.statement == "INSERT INTO item VALUES ($1)")
            #expect(error.message.contains("duplicate key"))
            #expect(error.description.contains("SQLSTATE 23505"))
            #expect(!error.description.contains("private-value"), "bound values stay out of the plain description")
            #expect(error.expandedDescription.contains("'private-value'"))
            #expect(error.detail?.contains("already exists") == true, "the DETAIL line is kept")
        }
        #expect(throws: PGError.self) { try db.execute("SELEKT 1") }
        #expect(try db.execute("SELECT 1").scalar == "1", "the connection is usable after an error")
    }

    @Test func aTransactionCommitsOrRollsBackWhole() throws {
        let db = try TestDatabase(migrated: false).connect()
        try db.execute("CREATE TABLE step (n INTEGER)")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try db.transaction {
                try db.execute("INSERT INTO step VALUES (1)")
                throw Stop()
            }
        }
        #expect(try db.execute("SELECT count(*) FROM step").scalar == "0")
        try db.transaction {
            try db.execute("INSERT INTO step VALUES (2)")
            // An inner failure is a savepoint: it undoes only its own work.
            _ = try? db.transaction { () throws -> Void in
                try db.execute("INSERT INTO step VALUES (3)")
                throw Stop()
            }
        }
        #expect(try db.execute("SELECT n FROM step").rows == [["2"]])
    }

    @Test func connectionFailuresSayWhatToCheck() throws {
        // Port 9 on loopback: nothing listens. The password must not appear in the message.
        #expect {
            _ = try PGConnection(url: "postgresql://someone:s3cret-pw@127.0.0.1:9/none?connect_timeout=3")
        } throws: { error in
            guard let error = error as? PGError else { return false }
            return error.operation == "connect" && error.description.contains("postgresql:// URL")
                && !error.description.contains("s3cret-pw") && error.description.contains("***")
        }
        let server = try TestServer.require("MEDIAVAULT_TEST_POSTGRES")
        var components = try require(URLComponents(string: server))
        components.path = "/no_such_database_here"
        #expect {
            _ = try PGConnection(url: try require(components.string))
        } throws: { error in
            (error as? PGError)?.sqlState == PGError.invalidCatalogName
        }
    }

    @Test func aConnectionCutByTheServerFailsClearlyAndRollsBack() throws {
        let database = try TestDatabase(migrated: false)
        let admin = try database.connect()
        try admin.execute("CREATE TABLE t (n INTEGER)")
        let worker = try database.connect()
        let pid = try require(worker.execute("SELECT pg_backend_pid()").scalar)
        #expect {
            try worker.transaction {
                try worker.execute("INSERT INTO t VALUES (1)")
                // The server ends this backend mid-transaction (a restart, a failover, an admin).
                try admin.execute("SELECT pg_terminate_backend($1::int)", [pid])
                try worker.execute("INSERT INTO t VALUES (2)")
            }
        } throws: { error in
            guard let error = error as? PGError else { return false }
            return error.isConnectionFailure && error.description.contains("run again")
        }
        #expect(!worker.isHealthy)
        #expect(try admin.execute("SELECT count(*) FROM t").scalar == "0", "nothing of the cut transaction was committed")
    }

    @Test func aPreparedStatementIsParsedOnceAndBoundEachTime() throws {
        let db = try TestDatabase(migrated: false).connect()
        try db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)")
        let insert = "INSERT INTO t (k, n) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET n = t.n + excluded.n RETURNING n"
        #expect(try db.executePrepared(insert, ["a", 1]).scalar == "1")
        #expect(try db.executePrepared(insert, ["a", 41]).scalar == "42", "the same statement, new values")
        #expect(try db.executePrepared(insert, ["b'); DROP TABLE t; --", nil]).affectedRows == 1)
        let prepared = try db.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", [insert]).scalar
        #expect(prepared == "1", "prepared once on this connection")
        do {
            try db.executePrepared("INSERT INTO t (k, n) VALUES ($1, $2)", ["a", 2])
            Issue.record("a duplicate key was accepted")
        } catch let error as PGError {
            #expect(error.sqlState == PGError.uniqueViolation && error.statement?.contains("INSERT INTO t") == true)
        }
    }
}
