import Foundation

/// When and how long to wait before trying a transfer again: exponential backoff with jitter
/// for timeouts, resets and 5xx; `Retry-After` honoured for 429 and 503.
public struct RetryPolicy: Sendable {
    /// Attempts in all for one URL and Referer (1 = no retry).
    public var maxAttempts: Int = 3
    /// Delay before the second attempt, in seconds; doubled for each later one.
    public var baseDelay: Double = 0.5
    /// Longest delay between attempts, `Retry-After` included, in seconds.
    public var maxDelay: Double = 30

    /// Creates the default policy.
    public init() {}

    /// Whether an HTTP status is worth another try.
    public func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status) && status != 501
    }

    /// Seconds to wait before attempt number `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: Int?) -> Double {
        if let retryAfter { return min(Double(retryAfter), maxDelay) }
        let exponential = baseDelay * pow(2, Double(attempt - 1))
        return min(exponential * Double.random(in: 0.5...1.5), maxDelay)  // jitter spreads retries of many images
    }
}
