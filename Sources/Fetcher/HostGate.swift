import Foundation

/// Where a request waits for its host's politeness rules before it starts. `HostGate` keeps
/// them within this process; the pipeline may give the downloader one that keeps them across
/// every worker sharing a job.
public protocol RequestGate: Sendable {
    /// Waits until a request to `host` may start; pair every call with `leave(host)`.
    func enter(_ host: String) async
    /// Ends a request to `host` started after `enter(host)`.
    func leave(_ host: String) async
}

/// Politeness per host: at most `concurrency` requests in flight and at least `interval`
/// seconds between the starts of two requests. Requests wait here, not inside libcurl, so a
/// slow host never holds a transfer slot that another host could use.
public actor HostGate: RequestGate {
    /// The limits of one host; nil means no limit.
    public typealias Limits = @Sendable (_ host: String) -> (concurrency: Int?, interval: Double?)

    private let limits: Limits
    private var active: [String: Int] = [:]
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    private var nextStart: [String: ContinuousClock.Instant] = [:]

    /// Creates a gate that asks `limits` for each host's limits.
    public init(limits: @escaping Limits) { self.limits = limits }

    /// Waits until a request to `host` may start; pair every call with `leave(host)`.
    public func enter(_ host: String) async {
        let (concurrency, interval) = limits(host)
        if let concurrency {
            if active[host, default: 0] >= max(concurrency, 1) {
                // `leave` hands its slot straight to the first waiter, so no newcomer can overtake it.
                await withCheckedContinuation { waiters[host, default: []].append($0) }
            } else {
                active[host, default: 0] += 1
            }
        }
        if let interval, interval > 0 {
            // Reserve the start time before sleeping: requests entering meanwhile queue behind it.
            let now = ContinuousClock.now
            let start = max(now, nextStart[host] ?? now)
            nextStart[host] = start.advanced(by: .milliseconds(Int64(interval * 1000)))
            if start > now { try? await Task.sleep(until: start, clock: .continuous) }
        }
    }

    /// Ends a request to `host` started after `enter(host)`.
    public func leave(_ host: String) {
        guard limits(host).concurrency != nil else { return }
        if var queue = waiters[host], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[host] = queue
            next.resume()
        } else {
            active[host, default: 1] -= 1
        }
    }
}
