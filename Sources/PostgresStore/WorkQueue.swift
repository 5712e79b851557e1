import Foundation

/// The shared list of image URLs that several `mirror` workers, on one machine or many, divide
/// between them (table `work_job`, migration v4 of ``PostgresCatalogSchema``).
///
/// The rules, which every caller relies on:
/// - Enqueueing is idempotent: one job per URL, whoever enqueues it first (`ON CONFLICT DO NOTHING`).
/// - A worker claims a small batch with `FOR UPDATE SKIP LOCKED` in one short statement: two
///   workers never get the same job, and no transaction stays open while the images download.
/// - A claim is a **lease**: an owner, a token unique to this claim, and an expiry. The worker
///   renews it by ``heartbeat(_:extendBy:)``; when a worker dies its leases expire and the jobs
///   are claimed again by the others.
/// - A job is completed only by the claim that still holds it (same token), in the same
///   transaction as the caller's catalog rows: when the lease has moved to another worker the
///   whole transaction is rolled back and the caller learns the job is no longer its own.
///   An expired lease that nobody has taken yet still completes: the work is done and no one
///   else is doing it.
public final class WorkQueue {
    /// A job to enqueue: the URL and what any worker needs to fetch it as its first post would.
    public struct Job: Sendable, Hashable {
        /// The image URL.
        public let url: String
        /// The post that referenced it first (for reports), if given.
        public let post: String?
        /// The page that showed it (the Referer's source), if known.
        public let page: String?
        /// Its Referrer Policy's name (as written in HTML), if not the default.
        public let policy: String?
        /// The picture as the post shows it, fetched when `url` fails, if it differs.
        public let fallback: String?
        /// The full-size original behind `url`, asked for first (`--originals`).
        public let original: String?

        /// A job from its parts.
        public init(url: String, post: String?, page: String? = nil, policy: String? = nil, fallback: String? = nil, original: String? = nil) {
            self.url = url
            self.post = post
            self.page = page
            self.policy = policy
            self.fallback = fallback
            self.original = original
        }
    }

    /// A claimed job: the URL to fetch and the claim that may complete it.
    public struct Lease: Sendable, Hashable {
        /// The image URL.
        public let url: String
        /// The post that referenced it first (for reports), if given.
        public let post: String?
        /// Unique to this claim: a later claim of the same URL gets a new token.
        public let token: Int64
        /// How many times the job has been claimed, this claim included.
        public let attempt: Int
        /// The page that showed it, as enqueued (nil for jobs queued before pages were kept).
        public var page: String? = nil
        /// Its Referrer Policy's name, as enqueued.
        public var policy: String? = nil
        /// Its fallback URL, as enqueued (nil for jobs queued before fallbacks were kept).
        public var fallback: String? = nil
        /// Its original's URL, as enqueued.
        public var original: String? = nil
    }

    /// Jobs per state, for progress across all workers.
    public struct Counts: Sendable, Equatable {
        /// Waiting to be claimed (never claimed, or its lease expired).
        public var pending = 0
        /// Claimed under a lease that has not expired.
        public var leased = 0
        /// Completed.
        public var done = 0
        /// Given up on.
        public var failed = 0

        /// Counts from their parts.
        public init(pending: Int = 0, leased: Int = 0, done: Int = 0, failed: Int = 0) {
            self.pending = pending
            self.leased = leased
            self.done = done
            self.failed = failed
        }
    }

    /// The connection the queue's statements run on (the caller's catalog writes share it).
    public let connection: PGConnection
    /// This worker's name in `lease_owner` (host and process, for people reading the table).
    public let worker: String

    /// A queue over `connection` (migrated with ``PostgresCatalogSchema/migrator``) for `worker`.
    public init(connection: PGConnection, worker: String = WorkQueue.defaultWorkerName) {
        self.connection = connection
        self.worker = worker
    }

    /// `host:pid`, unique among the processes sharing a queue.
    public static var defaultWorkerName: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Adds one job per URL not already in the queue (done, failed or pending alike); returns
    /// how many were new. `jobs` pairs each URL with its post.
    @discardableResult
    public func enqueue(_ jobs: [(url: String, post: String?)]) throws -> Int {
        try enqueue(jobs.map { Job(url: $0.url, post: $0.post) })
    }

    /// Adds one job per URL not already in the queue (done, failed or pending alike), with its
    /// post, page and policy; returns how many were new.
    @discardableResult
    public func enqueue(_ jobs: [Job]) throws -> Int {
        var added = 0
        // Bounded batches keep each statement's array parameter small.
        for start in stride(from: 0, to: jobs.count, by: 1000) {
            let batch = jobs[start..<min(start + 1000, jobs.count)]
            added += try connection.execute("""
                INSERT INTO work_job (url, post, page, policy, fallback, original)
                SELECT url, post, page, policy, fallback, original
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS job(url, post, page, policy, fallback, original)
                ON CONFLICT (url) DO NOTHING
                """, [PGTextArray(batch.map(\.url)), PGTextArray(batch.map(\.post)), PGTextArray(batch.map(\.page)),
                      PGTextArray(batch.map(\.policy)), PGTextArray(batch.map(\.fallback)),
                      PGTextArray(batch.map(\.original))]).affectedRows
        }
        return added
    }

    /// Claims up to `limit` pending jobs whose lease is absent or expired, leased to this
    /// worker for `lease` from now; oldest jobs first. Returns at once (an empty array when
    /// nothing is claimable): rows another worker is claiming right now are skipped, not waited for.
    public func claim(limit: Int, lease: Duration) throws -> [Lease] {
        let rows = try connection.execute("""
            WITH claimable AS (
                SELECT url FROM work_job
                WHERE state = 'pending' AND (lease_expires_at IS NULL OR lease_expires_at <= clock_timestamp())
                ORDER BY enqueued_at, url
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            UPDATE work_job SET lease_owner = $1, lease_token = nextval('work_lease_token'),
                   lease_expires_at = clock_timestamp() + make_interval(secs => $3::double precision),
                   attempts = work_job.attempts + 1
            FROM claimable WHERE work_job.url = claimable.url
            RETURNING work_job.url, work_job.post, work_job.page, work_job.policy, work_job.fallback, work_job.original, work_job.lease_token, work_job.attempts
            """, [worker, limit, Self.seconds(lease)])
        return (0..<rows.count).map { row in
            Lease(url: rows.string(row, "url") ?? "", post: rows.string(row, "post"),
                  token: Int64(rows.string(row, "lease_token") ?? "") ?? 0, attempt: rows.int(row, "attempts") ?? 0,
                  page: rows.string(row, "page"), policy: rows.string(row, "policy"), fallback: rows.string(row, "fallback"),
                  original: rows.string(row, "original"))
        }
    }

    /// Extends the leases still held by their claims to `extendBy` from now; returns the ones
    /// renewed. A lease missing from the answer was taken over (or finished): stop working on it.
    @discardableResult
    public func heartbeat(_ leases: [Lease], extendBy: Duration) throws -> Set<Lease> {
        guard !leases.isEmpty else { return [] }
        let rows = try connection.execute("""
            UPDATE work_job SET lease_expires_at = clock_timestamp() + make_interval(secs => $2::double precision)
            WHERE lease_token = ANY($1::bigint[]) AND state = 'pending'
            RETURNING lease_token
            """, [PGTextArray(leases.map { String($0.token) }), Self.seconds(extendBy)])
        let renewed = Set(rows.rows.compactMap { $0[0].flatMap { Int64($0) } })
        return Set(leases.filter { renewed.contains($0.token) })
    }

    /// In one transaction: marks the jobs of `leases` that are still held by their claims as
    /// done, then runs `body` with those (to write their catalog rows); commits both or neither.
    /// Returns the leases completed; the others had been taken over and are left to their new owner.
    @discardableResult
    public func complete(_ leases: [Lease], body: ([Lease]) throws -> Void = { _ in }) throws -> [Lease] {
        guard !leases.isEmpty else { return [] }
        return try connection.transaction {
            // The UPDATE locks the rows it marks: a worker claiming them now skips them, and
            // one whose claim committed first changed the token, so they do not match here.
            let rows = try connection.execute("""
                UPDATE work_job SET state = 'done', finished_at = clock_timestamp(), lease_expires_at = NULL, error = NULL
                WHERE lease_token = ANY($1::bigint[]) AND state = 'pending'
                RETURNING lease_token
                """, [PGTextArray(leases.map { String($0.token) })])
            let held = Set(rows.rows.compactMap { $0[0].flatMap { Int64($0) } })
            let completed = leases.filter { held.contains($0.token) }
            try body(completed)
            return completed
        }
    }

    /// Gives a job up for good (`failed`, with `reason`) if this claim still holds it; returns
    /// whether it did. Failed jobs are not claimed again.
    @discardableResult
    public func fail(_ lease: Lease, reason: String) throws -> Bool {
        try connection.execute("""
            UPDATE work_job SET state = 'failed', finished_at = clock_timestamp(), lease_expires_at = NULL, error = $2
            WHERE lease_token = $1 AND state = 'pending'
            """, [lease.token, reason]).affectedRows == 1
    }

    /// Makes the failed jobs among `urls` that failed before `date` pending again (a new run
    /// retries what an earlier run gave up on, as a local mirror does); returns how many. Jobs
    /// that failed after `date` were given up on by a worker of this same run and stay failed.
    @discardableResult
    public func retryFailed(_ urls: [String], failedBefore date: Date) throws -> Int {
        var reopened = 0
        for start in stride(from: 0, to: urls.count, by: 1000) {
            reopened += try connection.execute("""
                UPDATE work_job SET state = 'pending', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                       finished_at = NULL
                WHERE state = 'failed' AND url = ANY($1::text[]) AND finished_at < to_timestamp($2::double precision)
                """, [PGTextArray(Array(urls[start..<min(start + 1000, urls.count)])), date.timeIntervalSince1970]).affectedRows
        }
        return reopened
    }

    /// The server's clock now: times compared with the queue's own (`finished_at`) must come
    /// from it, not from this machine's clock, which may be off on another machine.
    public func serverNow() throws -> Date {
        let seconds = try connection.execute("SELECT extract(epoch FROM clock_timestamp())::double precision").scalar
        guard let seconds, let value = Double(seconds) else {
            throw PGError(sqlState: "", message: "the server sent no time", operation: "query")
        }
        return Date(timeIntervalSince1970: value)
    }

    /// Hands leases back unfinished (a worker shutting down): claimable again at once.
    public func release(_ leases: [Lease]) throws {
        guard !leases.isEmpty else { return }
        try connection.execute("""
            UPDATE work_job SET lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
            WHERE lease_token = ANY($1::bigint[]) AND state = 'pending'
            """, [PGTextArray(leases.map { String($0.token) })])
    }

    /// How many jobs are in each state right now, across every worker.
    public func counts() throws -> Counts {
        let rows = try connection.execute("""
            SELECT count(*) FILTER (WHERE state = 'pending' AND (lease_expires_at IS NULL OR lease_expires_at <= clock_timestamp())) AS pending,
                   count(*) FILTER (WHERE state = 'pending' AND lease_expires_at > clock_timestamp()) AS leased,
                   count(*) FILTER (WHERE state = 'done') AS done,
                   count(*) FILTER (WHERE state = 'failed') AS failed
            FROM work_job
            """)
        return Counts(pending: rows.int(0, "pending") ?? 0, leased: rows.int(0, "leased") ?? 0,
                      done: rows.int(0, "done") ?? 0, failed: rows.int(0, "failed") ?? 0)
    }

    /// `duration` in seconds, for `make_interval`.
    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
