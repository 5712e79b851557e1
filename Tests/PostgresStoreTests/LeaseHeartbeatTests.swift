import Foundation
import PostgresStore
import Testing
import TestSupport

/// The background heartbeat a worker runs while it downloads.
@Suite(.testServer(.postgres))
struct LeaseHeartbeatTests {
    @Test func leasesStayHeldWhileTrackedAndATakenOverOneIsNotRenewed() throws {
        let database = try TestDatabase()
        let a = WorkQueue(connection: try database.connect(), worker: "a")
        let b = WorkQueue(connection: try database.connect(), worker: "b")
        try a.enqueue(WorkQueueTests.urls(4))
        let leases = try a.claim(limit: 4, lease: .seconds(1))
        let heartbeat = try LeaseHeartbeat(url: database.url, worker: "a", interval: .milliseconds(250), extendBy: .seconds(1))
        defer { heartbeat.stop() }
        heartbeat.track(leases)

        // 2 s, twice the lease: the heartbeat keeps every job away from b.
        for _ in 0..<8 {
            Thread.sleep(forTimeInterval: 0.25)
            #expect(try b.claim(limit: 4, lease: .seconds(30)).isEmpty)
        }
        #expect(heartbeat.failure == nil)

        // One job is taken over (its lease forced to expire and claimed by b in one
        // transaction, so no renewal slips in between): it is b's from then on.
        let victim = leases[0]
        let taken = try b.connection.transaction {
            try b.connection.execute("UPDATE work_job SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE url = $1", [victim.url])
            return try b.claim(limit: 4, lease: .seconds(30))
        }
        #expect(taken.map(\.url) == [victim.url])
        Thread.sleep(forTimeInterval: 0.6)
        #expect(heartbeat.failure == nil, "renewing a lease taken over is no failure")
        #expect(try b.complete(taken) == taken, "b completes the job it took over")

        // The rest are still a's to complete.
        heartbeat.untrack(leases)
        #expect(Set(try a.complete(leases)) == Set(leases.dropFirst()))
    }
}
