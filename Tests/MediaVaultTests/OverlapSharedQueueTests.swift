import Foundation
import PostgresStore
import Testing
import TestSupport

/// With a PostgreSQL catalog (the shared queue), each scanned batch becomes jobs at once and
/// the worker claims them while its scan goes on: images are fetched before the last input arrives.
@Suite(.testServer(.postgres), .serialized)
struct OverlapSharedQueueTests {
    @Test func aWorkerClaimsTheFirstFeedsJobsWhileTheLastFeedIsStillOnItsWay() throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let database = try WorkerDatabase()
        let site = cdn.root.appendingPathComponent("open.test")
        try OverlapTests.feed([("https://open.test/a.html", ["https://open.test/1.png", "https://open.test/2.png"])])
            .write(to: site.appendingPathComponent("fast.xml"), atomically: true, encoding: .utf8)
        try OverlapTests.feed([("https://open.test/c.html", ["https://open.test/2.png", "https://open.test/3.png"])])
            .write(to: site.appendingPathComponent("slow.xml"), atomically: true, encoding: .utf8)
        let network = cdn.options().connectTo.flatMap { ["--connect-to", $0] } + ["--cacert", cdn.server.caCertificate.path]
        let run = try EndToEndTests.run(["mirror", "https://open.test/fast.xml", "https://open.test/slow.xml?__delay=3",
                                         "--archive", cdn.archive.path, "--catalog", database.url, "--json"] + network)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("0 pending, 0 leased, 3 done, 0 failed across all workers"), "\(run.stderr)")

        let log = try cdn.server.requestLog()
        let slow = try #require(log.first { $0.path == "/slow.xml?__delay=3" })
        for image in ["/1.png", "/2.png"] {
            let request = try #require(log.first { $0.path == image }, "\(log)")
            #expect(request.started < slow.time, "\(image) was claimed and requested before the last feed arrived")
        }
        #expect(log.filter { $0.path == "/2.png" }.count == 1, "one job per URL, though both feeds show it")
        // Both posts reference 2.png in the catalog.
        let rows = try database.connect().execute("""
            SELECT p.url FROM image_ref r JOIN post p ON p.id = r.post_id WHERE r.url = 'https://open.test/2.png' ORDER BY p.url
            """).rows.compactMap { $0[0] }
        #expect(rows == ["https://open.test/a.html", "https://open.test/c.html"])
    }
}
