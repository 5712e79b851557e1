import Foundation
import PostgresStore
import S3Storage
import Testing
import TestSupport

/// Several real `mirror` processes sharing one job through a PostgreSQL catalog and one archive
/// (a local folder, or a SeaweedFS bucket), against the fixture CDN: takeover after a kill, global host politeness, the
/// catalog going away mid-run.
@Suite(.testServer(.postgres), .serialized)
struct SharedWorkersTests {
    @Test func threeWorkersOneKilledThenARerunArchiveEveryImageOnce() throws {
        let cdn = try WorkerFixture(count: 30, delay: 0.3)
        defer { cdn.tearDown() }
        let archive = try TestPaths.makeTemporaryFolder("workers-archive"), single = try TestPaths.makeTemporaryFolder("single-archive")
        defer { for folder in [archive, single] { try? FileManager.default.removeItem(at: folder) } }
        let (database, mapped) = try Self.threeWorkersOneKilled(cdn, archive: archive.path, alone: single.path)

        // The killed worker's unfinished downloads stay in tmp/ (a shared folder is not cleaned
        // at start: other workers download into it); they are notices, nothing else may be reported.
        let verify = try BinaryProcess(["verify", "--archive", archive.path, "--catalog", database.url, "--json"])
        #expect(verify.wait(timeout: 60) == 0, "verify: \(verify.stdout) \(verify.stderr)")
        let problems = verify.lines.filter { $0["type"] as? String == "problem" && $0["kind"] as? String != "tmp" }
        #expect(problems.isEmpty, "\(problems)")
        // `verify --repair` (exclusive: it waits for every worker) removes those; then nothing is left.
        let repair = try BinaryProcess(["verify", "--repair", "--archive", archive.path, "--catalog", database.url, "--json"])
        #expect(repair.wait(timeout: 60) == 0, "\(repair.stdout) \(repair.stderr)")
        let clean = try BinaryProcess(["verify", "--archive", archive.path, "--catalog", database.url, "--json"])
        #expect(clean.wait(timeout: 60) == 0)
        #expect(!clean.lines.contains { $0["type"] as? String == "problem" }, "\(clean.stdout)")
        // And it does look at the objects: one removed is damage.
        let first = try #require(mapped.first?[1])
        let objectFile = try FileManager.default.contentsOfDirectory(atPath: archive.appendingPathComponent("objects/\(first.prefix(2))").path)
            .first { $0.hasPrefix(first) }
        try FileManager.default.removeItem(at: archive.appendingPathComponent("objects/\(first.prefix(2))/\(try #require(objectFile))"))
        let damaged = try BinaryProcess(["verify", "--archive", archive.path, "--catalog", database.url, "--json"])
        #expect(damaged.wait(timeout: 60) == 4, "\(damaged.stdout)")
    }

    @Test(.testServer(.seaweedfs)) func threeWorkersOneKilledOnSeaweedFSArchiveEveryImageOnce() throws {
        let cdn = try WorkerFixture(count: 30, delay: 0.3)
        defer { cdn.tearDown() }
        let environment = try RemoteArchive.environment(secret: nil)
        let names = ["mvw-\(UUID().uuidString.prefix(8).lowercased())", "mvs-\(UUID().uuidString.prefix(8).lowercased())"]
        let buckets = try names.map { try S3Client(S3Configuration.fromEnvironment(bucket: $0, environment: environment)) }
        for bucket in buckets { try bucket.createBucket() }
        let (database, mapped) = try Self.threeWorkersOneKilled(cdn, archive: "s3://\(names[0])/team", alone: "s3://\(names[1])/team",
                                                                environment: environment)
        // Downloads in flight stayed in the killed process's own temp folder, never in the bucket.
        let verify = try BinaryProcess(["verify", "--archive", "s3://\(names[0])/team", "--catalog", database.url, "--json"],
                                       environment: environment)
        #expect(verify.wait(timeout: 60) == 0, "verify: \(verify.stdout) \(verify.stderr)")
        #expect(!verify.lines.contains { $0["type"] as? String == "problem" }, "\(verify.stdout)")
        let first = try #require(mapped.first?[1])
        var keys: [String] = []
        try buckets[0].list(prefix: "team/objects/\(first.prefix(2))/") { keys.append($0.key) }
        try buckets[0].delete(key: try #require(keys.first { $0.contains(first) }))
        let damaged = try BinaryProcess(["verify", "--archive", "s3://\(names[0])/team", "--catalog", database.url, "--json"],
                                        environment: environment)
        #expect(damaged.wait(timeout: 60) == 4, "\(damaged.stdout)")
    }

    /// Three workers on `archive` with a new PostgreSQL catalog, the first `kill -9`'d after its
    /// first image, then a rerun, then the same job by one worker alone into `alone`; checks
    /// that every image was archived once and requested twice only when its job was claimed
    /// twice. Returns the catalog and its (url, sha256) rows.
    static func threeWorkersOneKilled(_ cdn: WorkerFixture, archive: String, alone: String,
                                      environment: [String: String] = [:]) throws -> (WorkerDatabase, [[String?]]) {
        let database = try WorkerDatabase()
        let arguments = cdn.mirror(archive: archive, catalog: database.url, ["--jobs", "2", "--lease", "2"])
        let workers = try (0..<3).map { _ in try BinaryProcess(arguments, environment: environment) }
        #expect(workers[0].waitForLine(type: "fetched", timeout: 60), "the first worker fetched something: \(workers[0].stderr)")
        workers[0].send(SIGKILL)
        _ = workers[0].wait()
        for worker in workers.dropFirst() {
            #expect(worker.wait(timeout: 180) == 0, "\(worker.stderr)")
            #expect(worker.stderr.contains("0 pending, 0 leased, 30 done, 0 failed across all workers"), "\(worker.stderr)")
        }
        #expect(workers.dropFirst().allSatisfy { $0.lines.contains { $0["type"] as? String == "fetched" } }, "both survivors did part of the work")

        let rerun = try BinaryProcess(arguments, environment: environment)
        #expect(rerun.wait(timeout: 60) == 0, "\(rerun.stderr)")
        #expect(!rerun.lines.contains { $0["type"] as? String == "fetched" }, "nothing left to fetch")

        let db = try database.connect()
        let mapped = try db.execute("SELECT url, sha256 FROM url_object ORDER BY url").rows
        #expect(Set(mapped.compactMap { $0[0] }) == Set(cdn.urls), "every image archived")
        let twice = try db.execute("""
            SELECT url FROM "fetch" WHERE error IS NULL AND status = 200 GROUP BY url HAVING count(*) > 1
            """).rows.compactMap { $0[0] }
        #expect(twice.isEmpty, "each image recorded once: \(twice)")

        // A URL the CDN served twice was in flight at the killed worker: its job was claimed again.
        let reclaimed = Set(try db.execute("SELECT url FROM work_job WHERE attempts > 1").rows.compactMap { $0[0] })
        let requests = try cdn.requestsByURL()
        #expect(Set(requests.keys) == Set(cdn.urls))
        let repeated = Set(requests.filter { $0.value.count > 1 }.keys)
        #expect(repeated.isSubset(of: reclaimed), "repeated requests \(repeated.subtracting(reclaimed)) were not the killed worker's")
        #expect(requests.values.allSatisfy { $0.count <= 2 }, "no image requested more than twice")
        func fetched(_ worker: BinaryProcess) -> Set<String> {
            Set(worker.lines.filter { $0["type"] as? String == "fetched" }.compactMap { $0["url"] as? String })
        }
        #expect(fetched(workers[1]).isDisjoint(with: fetched(workers[2])), "the two survivors never fetched the same image")

        // The same job done by one worker alone gives the same catalog.
        let single = try WorkerDatabase()
        let one = try BinaryProcess(cdn.mirror(archive: alone, catalog: single.url, ["--jobs", "4"]), environment: environment)
        #expect(one.wait(timeout: 120) == 0, "\(one.stderr)")
        #expect(try single.connect().execute("SELECT url, sha256 FROM url_object ORDER BY url").rows == mapped)
        let objects = "SELECT sha256, size, ext, width, height, phash, thumbnail FROM object ORDER BY sha256"
        #expect(try single.connect().execute(objects).rows == db.execute(objects).rows)
        return (database, mapped)
    }

    @Test func aSlowHostWithConcurrencyOneNeverSeesTwoRequestsFromTwoWorkers() throws {
        let delay = 0.1
        let cdn = try WorkerFixture(count: 24, delay: delay)
        defer { cdn.tearDown() }
        let database = try WorkerDatabase()
        let archive = try TestPaths.makeTemporaryFolder("polite-archive")
        let config = archive.deletingLastPathComponent().appendingPathComponent("polite-\(UUID().uuidString.prefix(6)).yml")
        try "hosts:\n  slow.test: {concurrency: 1}\n".write(to: config, atomically: true, encoding: .utf8)
        let arguments = cdn.mirror(archive: archive, catalog: database.url, ["--jobs", "4", "--config", config.path])
        let workers = try (0..<2).map { _ in try BinaryProcess(arguments) }
        for worker in workers { #expect(worker.wait(timeout: 120) == 0, "\(worker.stderr)") }
        #expect(workers.allSatisfy { $0.lines.contains { $0["type"] as? String == "fetched" } }, "both workers fetched")

        let requests = try cdn.requestsByURL().values.flatMap { $0 }.sorted { $0.started < $1.started }
        #expect(requests.count == 24)
        // The server answers each request `delay` after its arrival, and with the host's one slot
        // the next request leaves only once the whole answer is in: consecutive arrivals are at
        // least `delay` apart (2 ms for the log's rounding to milliseconds). Two workers that do
        // not share the slot start requests together. The server's end time and in-flight count
        // are no evidence: its thread records them after the last byte went out, which a loaded
        // machine may delay past the next request's arrival.
        for (earlier, later) in zip(requests, requests.dropFirst()) {
            #expect(later.started - earlier.started >= delay - 0.002,
                    "\(later.path) arrived \(later.started - earlier.started) s after \(earlier.path), which takes \(delay) s to answer")
        }
        try? FileManager.default.removeItem(at: archive)
        try? FileManager.default.removeItem(at: config)
    }

    @Test func aWorkerWhoseLeasesExpireWhileItFetchesClaimsThemAgainButFetchesEachImageOnce() throws {
        // Four images taking 2 s each, in a feed; a second feed taking 5 s keeps the scan going,
        // so the worker keeps claiming while the images are in flight.
        let cdn = try WorkerFixture(count: 4, delay: 2)
        defer { cdn.tearDown() }
        let images = cdn.urls.map { "<p><img src=\"\($0)\"></p>" }.joined()
        func feed(_ items: String) -> String {
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Workers</title>\(items)</channel></rss>"
        }
        let folder = cdn.root.appendingPathComponent("slow.test")
        try feed("<item><title>Images</title><link>https://slow.test/images.html</link><description><![CDATA[\(images)]]></description></item>")
            .write(to: folder.appendingPathComponent("images.xml"), atomically: true, encoding: .utf8)
        try feed("").write(to: folder.appendingPathComponent("later.xml"), atomically: true, encoding: .utf8)
        let database = try WorkerDatabase()
        let archive = try TestPaths.makeTemporaryFolder("expiring-archive")
        defer { try? FileManager.default.removeItem(at: archive) }
        let network = cdn.server.connectToBoth(host: "slow.test").flatMap { ["--connect-to", $0] } + ["--cacert", cdn.server.caCertificate.path]
        let worker = try BinaryProcess(["mirror", "https://slow.test/images.xml", "https://slow.test/later.xml?__delay=5",
                                        "--archive", archive.path, "--catalog", database.url, "--json"] + network)

        // Once the four jobs are claimed, their leases run out, as when the worker's process (or
        // PostgreSQL) was too slow for a whole lease to renew them; nobody else takes them.
        let db = try database.connect()
        let leasedJobs = "SELECT count(*) FROM work_job WHERE state = 'pending' AND lease_owner IS NOT NULL"
        let deadline = Date().addingTimeInterval(30)
        while (try? db.execute(leasedJobs).scalar) != "4", Date() < deadline, worker.process.isRunning { usleep(20_000) }
        let expired = try db.execute("""
            UPDATE work_job SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE state = 'pending' AND lease_owner IS NOT NULL
            """).affectedRows
        #expect(expired == 4, "the four jobs were leased: \(worker.stderr)")

        #expect(worker.wait(timeout: 60) == 0, "\(worker.stderr)")
        // The worker claims its own jobs again (nothing else is claimable) but fetches none twice.
        let fetched = worker.lines.filter { $0["type"] as? String == "fetched" }.compactMap { $0["url"] as? String }
        #expect(fetched.sorted() == cdn.urls.sorted(), "\(fetched)")
        #expect(try cdn.requestsByURL().filter { cdn.urls.contains($0.key) }.mapValues(\.count) == Dictionary(uniqueKeysWithValues: cdn.urls.map { ($0, 1) }))
        #expect(worker.stderr.contains("lease on it expired before it was renewed"), "the second claim is said: \(worker.stderr)")
        let states = try db.execute("SELECT state, count(*) FROM work_job GROUP BY state").rows
        #expect(states.map { [$0[0], $0[1]] } == [["done", "4"]], "every job done: \(states)")
        #expect(try db.execute("SELECT count(*) FROM url_object").scalar == "4")
    }

    @Test func aJobQueuedByOneWorkerIsFetchedByAnotherWithThePagesRefererAndPolicy() throws {
        let cdn = try WorkerFixture(count: 1, delay: 0)
        defer { cdn.tearDown() }
        let database = try WorkerDatabase()
        let archive = try TestPaths.makeTemporaryFolder("handed-archive")
        let empty = try TestPaths.makeTemporaryFolder("handed-posts")
        defer { for folder in [archive, empty] { try? FileManager.default.removeItem(at: folder) } }
        let network = cdn.server.connectToBoth(host: "slow.test").flatMap { ["--connect-to", $0] } + ["--cacert", cdn.server.caCertificate.path]
        let worker = ["mirror", empty.path, "--archive", archive.path, "--catalog", database.url, "--json"] + network
        // A first worker with nothing to scan sets the catalog up; then a job is queued as a
        // scanning worker queues it: with the page that showed the image and its policy
        // (`unsafe-url`: the whole page URL goes to another origin, where the default sends
        // only the origin).
        let setUp = try BinaryProcess(worker)
        #expect(setUp.wait(timeout: 60) == 0, "\(setUp.stderr)")
        let page = "https://blog.example/2026/handed.html"
        try WorkQueue(connection: database.connect(), worker: "scanner").enqueue([
            WorkQueue.Job(url: cdn.urls[0], post: "handed.md", page: page, policy: "unsafe-url"),
        ])
        // Another worker, which never saw the post, claims the job and fetches it as its first
        // post would have.
        let other = try BinaryProcess(worker)
        #expect(other.wait(timeout: 60) == 0, "\(other.stderr)")
        let fetched = other.lines.filter { $0["type"] as? String == "fetched" }
        #expect(fetched.compactMap { $0["url"] as? String } == [cdn.urls[0]], "\(other.lines)")
        let requests = try cdn.requestsByURL()[cdn.urls[0]] ?? []
        #expect(requests.map(\.referer) == [page], "the image was asked for with the page as Referer: \(requests)")
    }

    @Test func aHostIntervalHoldsAcrossTwoWorkers() throws {
        let cdn = try WorkerFixture(count: 16, delay: 0)
        defer { cdn.tearDown() }
        let database = try WorkerDatabase()
        let archive = try TestPaths.makeTemporaryFolder("paced-archive")
        let config = archive.deletingLastPathComponent().appendingPathComponent("paced-\(UUID().uuidString.prefix(6)).yml")
        try "hosts:\n  slow.test: {interval: 0.25}\n".write(to: config, atomically: true, encoding: .utf8)
        defer { for file in [archive, config] { try? FileManager.default.removeItem(at: file) } }
        let arguments = cdn.mirror(archive: archive, catalog: database.url, ["--jobs", "2", "--config", config.path])
        // --jobs 2: a worker leases at most 8 jobs, so each of the two gets some of the 16.
        let workers = try (0..<2).map { _ in try BinaryProcess(arguments) }
        for worker in workers { #expect(worker.wait(timeout: 120) == 0, "\(worker.stderr)") }
        #expect(workers.allSatisfy { $0.lines.contains { $0["type"] as? String == "fetched" } }, "both workers fetched")

        let starts = try cdn.requestsByURL().values.flatMap { $0 }.map(\.started).sorted()
        #expect(starts.count == 16)
        // Each request starts at or after the time it reserved; a loaded machine can only delay
        // one, which may bring it closer to the next: 0.1 s of slack (two workers pacing only
        // themselves start requests about 0.01 s apart).
        for (earlier, later) in zip(starts, starts.dropFirst()) {
            #expect(later - earlier >= 0.15, "two requests \(later - earlier) s apart, the host's interval is 0.25 s")
        }
    }

    @Test func theCatalogGoingAwayMidRunIsAClearErrorAndARerunCompletes() throws {
        let cdn = try WorkerFixture(count: 16, delay: 0.3)
        defer { cdn.tearDown() }
        let database = try WorkerDatabase()
        let archive = try TestPaths.makeTemporaryFolder("cut-archive")
        let arguments = cdn.mirror(archive: archive, catalog: database.url, ["--jobs", "2", "--lease", "2"])
        let worker = try BinaryProcess(arguments)
        #expect(worker.waitForLine(type: "fetched", timeout: 60))
        try database.cutOff()
        let status = worker.wait(timeout: 120)
        try database.restore()
        #expect(status == 2 || status == 3, "exit \(status): \(worker.stderr)")
        #expect(worker.stderr.contains("catalog postgresql://"), "the error names the catalog: \(worker.stderr)")

        let rerun = try BinaryProcess(arguments)
        #expect(rerun.wait(timeout: 120) == 0, "\(rerun.stderr)")
        let mapped = try database.connect().execute("SELECT url FROM url_object").rows.compactMap { $0[0] }
        #expect(Set(mapped) == Set(cdn.urls), "nothing lost: every image archived after the rerun")
        try? FileManager.default.removeItem(at: archive)
    }
}
