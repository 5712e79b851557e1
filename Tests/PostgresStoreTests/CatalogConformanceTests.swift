import ArchiveStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PostgresStore
import Testing
import TestSupport

/// One behavioural contract for every catalog (restic's backend suite, for the catalog): each
/// check runs against the SQLite `Catalog` and against `PostgresCatalog`, each on a fresh
/// catalog. A new backend is done when both suites pass.
enum ContractCheck: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case postsRoundTrip, postBatchIsOneTransaction, objectsRoundTrip, sameBytesFromTwoURLs, aliasesFindTheObject
    case searchFindsCJKAndRanksCaptionsFirst, similarWithinDistance, similarMatchesBruteForce, historyKeptOnRecheck, placeholderForgotten
    case tombstonesHonoured, forgetPostKeepsSharedImages, pruneCandidates, hostStrategiesAndValidators
    case verificationTimes, galleryEntries, snapshotIsASQLiteCatalog, scannedFilesRemembered

    var testDescription: String { rawValue }

    /// Runs the check against `catalog` (fresh and empty).
    func run(_ catalog: any ContractCatalog) throws {
        switch self {
        case .postsRoundTrip: try ContractChecks.postsRoundTrip(catalog)
        case .postBatchIsOneTransaction: try ContractChecks.postBatchIsOneTransaction(catalog)
        case .objectsRoundTrip: try ContractChecks.objectsRoundTrip(catalog)
        case .sameBytesFromTwoURLs: try ContractChecks.sameBytesFromTwoURLs(catalog)
        case .aliasesFindTheObject: try ContractChecks.aliasesFindTheObject(catalog)
        case .searchFindsCJKAndRanksCaptionsFirst: try ContractChecks.search(catalog)
        case .similarWithinDistance: try ContractChecks.similar(catalog)
        case .similarMatchesBruteForce: try ContractChecks.similarMatchesBruteForce(catalog)
        case .historyKeptOnRecheck: try ContractChecks.historyKeptOnRecheck(catalog)
        case .placeholderForgotten: try ContractChecks.placeholderForgotten(catalog)
        case .tombstonesHonoured: try ContractChecks.tombstones(catalog)
        case .forgetPostKeepsSharedImages: try ContractChecks.forgetPost(catalog)
        case .pruneCandidates: try ContractChecks.prune(catalog)
        case .hostStrategiesAndValidators: try ContractChecks.hostStrategies(catalog)
        case .verificationTimes: try ContractChecks.verification(catalog)
        case .galleryEntries: try ContractChecks.gallery(catalog)
        case .snapshotIsASQLiteCatalog: try ContractChecks.snapshot(catalog)
        case .scannedFilesRemembered: try ContractChecks.scannedFiles(catalog)
        }
    }
}

/// The contract on the SQLite catalog (needs nothing outside the repository).
@Suite struct SQLiteCatalogConformanceTests {
    @Test(arguments: ContractCheck.allCases)
    func contract(_ check: ContractCheck) throws {
        try check.run(Backend.sqlite.makeCatalog())
    }
}

/// The same contract on the PostgreSQL catalog, a new database per check.
@Suite(.testServer(.postgres)) struct PostgresCatalogConformanceTests {
    @Test(arguments: ContractCheck.allCases)
    func contract(_ check: ContractCheck) throws {
        try check.run(Backend.postgres.makeCatalog())
    }

    @Test func errorsKeepTheSQLStateAndNameTheCatalog() throws {
        let database = try TestDatabase(migrated: false)
        let catalog = try PostgresCatalog(url: database.url)
        // Two references at one position of one post: the primary key refuses the second.
        var post = Rows.post("dup.md", title: "Dup", [("https://cdn.example/a.jpg", "a", nil), ("https://cdn.example/b.jpg", "b", nil)])
        post.images[1].position = 0
        do {
            try catalog.recordPosts([post])
            Issue.record("a duplicate position was accepted")
        } catch let error as PGError {
            #expect(error.sqlState == PGError.uniqueViolation)
            #expect(error.statement?.contains("INSERT INTO image_ref") == true)
            #expect(error.description.contains("cannot record 1 posts in the catalog postgresql://"), "\(error)")
        }
    }

    @Test func anUnreachableServerIsAClearError() throws {
        // A port nothing listens on (bound, then closed at once).
        let port = try closedLoopbackPort()
        do {
            _ = try PostgresCatalog(url: "postgresql://nobody:secret@127.0.0.1:\(port)/none?connect_timeout=2")
            Issue.record("connected to a closed port")
        } catch let error as PGError {
            #expect(error.description.contains("cannot open the catalog postgresql://nobody:***@127.0.0.1"), "\(error)")
            #expect(!error.description.contains("secret"), "the password stays out of messages")
            #expect(error.description.contains("running and reachable"), "\(error)")
        }
    }
}

/// A loopback TCP port that was free a moment ago: bound to port 0, read back, then closed.
private func closedLoopbackPort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw Unexpected(description: "socket() failed: errno \(errno)") }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
    }
    guard bound else { throw Unexpected(description: "bind() failed: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
