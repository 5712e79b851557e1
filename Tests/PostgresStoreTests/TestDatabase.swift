import Foundation
import PostgresStore
import TestSupport

/// A new empty database on the test PostgreSQL (`MEDIAVAULT_TEST_POSTGRES`) for one test, so
/// tests running in parallel never see each other's rows. The cluster is thrown away whole by
/// `Scripts/test-servers stop`.
struct TestDatabase {
    /// The `postgresql://` URL of the new database.
    let url: String

    /// Creates the database (and, with `migrated`, applies the catalog's migrations).
    init(migrated: Bool = true) throws {
        let server = try TestServer.require("MEDIAVAULT_TEST_POSTGRES")
        var components = try require(URLComponents(string: server))
        let name = "mv_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "_"))"
        let admin = try PGConnection(url: server)
        try admin.execute("CREATE DATABASE \(name)")
        components.path = "/\(name)"
        url = try require(components.string)
        if migrated { try PostgresCatalogSchema.migrator.migrate(connect()) }
    }

    /// A new connection to the database.
    func connect() throws -> PGConnection { try PGConnection(url: url) }
}

/// A value was nil where the test needed one.
struct Unexpected: Error, CustomStringConvertible {
    let description: String
}

/// `value`, or throws naming the expression (TestSupport code must not trap).
func require<T>(_ value: T?, _ what: String = #function) throws -> T {
    guard let value else { throw Unexpected(description: "unexpected nil in \(what)") }
    return value
}
