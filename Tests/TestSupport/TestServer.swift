import Foundation
import Testing

/// The throwaway servers `Scripts/test-servers start` runs on loopback (PostgreSQL, SeaweedFS,
/// moto), found through the variables it exports.
///
/// A test that needs one carries the `.testServer(...)` trait: when the variables are absent
/// the test is reported as skipped with the reason, except with `CI=true`, where it runs and
/// fails on the missing server (CI never goes green without them).
public enum TestServer: String, Sendable, CaseIterable {
    /// PostgreSQL 15: `MEDIAVAULT_TEST_POSTGRES` (a `postgresql://` URL).
    case postgres
    /// SeaweedFS's S3 API with signature checks: `MEDIAVAULT_TEST_S3_ENDPOINT`, `_ACCESS_KEY`, `_SECRET_KEY`, `_REGION`.
    case seaweedfs
    /// moto's S3 with authentication on: `MEDIAVAULT_TEST_MOTO_ENDPOINT`, `_ACCESS_KEY`, `_SECRET_KEY`.
    case moto

    /// The variables this server's tests need.
    public var variables: [String] {
        switch self {
        case .postgres: ["MEDIAVAULT_TEST_POSTGRES"]
        case .seaweedfs: ["MEDIAVAULT_TEST_S3_ENDPOINT", "MEDIAVAULT_TEST_S3_ACCESS_KEY", "MEDIAVAULT_TEST_S3_SECRET_KEY"]
        case .moto: ["MEDIAVAULT_TEST_MOTO_ENDPOINT", "MEDIAVAULT_TEST_MOTO_ACCESS_KEY", "MEDIAVAULT_TEST_MOTO_SECRET_KEY"]
        }
    }

    /// Whether every variable is set.
    public var isAvailable: Bool { variables.allSatisfy { Self.value($0) != nil } }


    /// The value of `name`, or throws ``Missing`` naming it and how to start the servers.
    public static func require(_ name: String) throws -> String {
        guard let value = value(name) else { throw Missing(variable: name) }
        return value
    }

    /// The value of `name` when set and not empty.
    public static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The line a skipped test shows.
    public var skipReason: String {
        "needs the \(rawValue) test server (\(variables.joined(separator: ", ")) unset): "
            + "run `eval \"$(Scripts/test-servers start)\"` first, or Scripts/test, which does"
    }

    /// A test server's variable is not set.
    public struct Missing: Error, CustomStringConvertible {
        /// The variable asked for.
        public let variable: String
        public var description: String {
            "\(variable) is not set: start the test servers with `eval \"$(Scripts/test-servers start)\"` (Scripts/test does)"
                + (TestRequirement.isStrict ? "; CI=true requires them" : "")
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where the servers' variables are set (always with `CI=true`, where
    /// a missing server then fails the test); otherwise reports it skipped with the reason.
    public static func testServer(_ servers: TestServer...) -> Self {
        let missing = servers.first { !$0.isAvailable }
        return .enabled(if: TestRequirement.isStrict || missing == nil, Comment(rawValue: missing?.skipReason ?? "test servers present"))
    }
}
