import Foundation

/// Whether what a test needs from outside the repository (conformance data, test servers) is
/// required: with `CI=true` a missing piece fails the test, elsewhere it is reported as skipped.
public enum TestRequirement {
    /// `CI=true`: nothing a test needs may be missing.
    public static let isStrict: Bool = ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
}
