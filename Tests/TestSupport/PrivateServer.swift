import Foundation
import Testing

/// A PostgreSQL cluster or SeaweedFS server of one test's own, in a folder of its own on ports of
/// its own, which the test may crash and bring back (the shared servers of `Scripts/test-servers
/// start` are never touched: other tests use them at the same time).
///
/// The commands are `Scripts/test-servers start-one|kill-one|stop-one KIND DIR`, so this and the
/// shared servers start the same way; the folder keeps the data, ports and credentials, so
/// ``start()`` after ``crash()`` brings back the same server with what it had durably stored.
/// The script is run through the caller's `runner` (the test target's own process launcher).
public final class PrivateServer: @unchecked Sendable {
    /// Which server.
    public enum Kind: String, Sendable {
        /// A PostgreSQL 15 cluster (`initdb` as the postgres user when root); crashed with `pg_ctl stop -m immediate`.
        case postgres
        /// `weed mini` from the test venv; crashed with `kill -9`.
        case seaweedfs

        /// The program the server needs, for the skip reason.
        var program: String {
            switch self {
            case .postgres: "PostgreSQL 15 (/usr/lib/postgresql/15/bin/initdb)"
            case .seaweedfs: "weed (.build/servers-venv/bin/weed, installed by Scripts/test-servers start)"
            }
        }

        /// Whether the server's binaries are installed.
        public var isInstalled: Bool {
            switch self {
            case .postgres:
                let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
                return versions.contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
            case .seaweedfs:
                return FileManager.default.isExecutableFile(atPath: TestPaths.repositoryRoot.appendingPathComponent(".build/servers-venv/bin/weed").path)
            }
        }

        /// The line a skipped test shows.
        public var skipReason: String { "needs \(program) for a private \(rawValue) server: run Scripts/setup and Scripts/test-servers start once" }
    }

    /// What running the script gave.
    public struct ScriptRun: Sendable {
        /// The exit status.
        public var status: Int32
        /// Its stdout (`export NAME='value'` lines for `start-one`).
        public var stdout: String
        /// Its stderr.
        public var stderr: String

        /// A run's outcome from its parts.
        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Runs `executable` with `arguments` to its end.
    public typealias Runner = @Sendable (_ executable: URL, _ arguments: [String]) throws -> ScriptRun

    /// Which server this is.
    public let kind: Kind
    /// Its folder (data, ports, credentials, log).
    public let folder: URL
    /// The variables that reach it, as the shared server's (`MEDIAVAULT_TEST_POSTGRES` or
    /// `MEDIAVAULT_TEST_S3_ENDPOINT`, `_ACCESS_KEY`, `_SECRET_KEY`, `_REGION`, `_LOG`).
    public private(set) var variables: [String: String] = [:]
    private let runner: Runner

    /// Creates the folder and starts the server in it.
    public init(_ kind: Kind, runner: @escaping Runner) throws {
        self.kind = kind
        self.runner = runner
        folder = try TestPaths.makeTemporaryFolder("private-\(kind.rawValue)")
        try start()
    }

    /// Starts the server (again, after ``crash()``: same folder, same ports, same credentials).
    public func start() throws {
        let run = try script("start-one")
        var found: [String: String] = [:]
        for line in run.stdout.split(separator: "\n") where line.hasPrefix("export ") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = String(line[line.index(line.startIndex, offsetBy: 7)..<equals])
            found[name] = String(line[line.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        guard !found.isEmpty else { throw PrivateServerError(kind: kind, operation: "start-one", detail: "no variables printed: \(run.stdout)") }
        variables = found
    }

    /// Crashes the server: `kill -9` for SeaweedFS, `pg_ctl stop -m immediate` for PostgreSQL.
    public func crash() throws { _ = try script("kill-one") }

    /// Stops the server and deletes its folder (for `defer`: failures are ignored, the folder is
    /// under the temporary directory anyway).
    public func stop() { _ = try? script("stop-one") }

    /// The value of one of ``variables``, or an error naming it.
    public func require(_ name: String) throws -> String {
        guard let value = variables[name] else { throw PrivateServerError(kind: kind, operation: "start-one", detail: "\(name) was not printed") }
        return value
    }

    /// Runs `Scripts/test-servers VERB KIND FOLDER`; throws with its stderr when it fails.
    private func script(_ verb: String) throws -> ScriptRun {
        let path = TestPaths.repositoryRoot.appendingPathComponent("Scripts/test-servers")
        let run = try runner(path, [verb, kind.rawValue, folder.path])
        guard run.status == 0 else {
            throw PrivateServerError(kind: kind, operation: verb, detail: "exit \(run.status): \(run.stderr)")
        }
        return run
    }
}

/// `Scripts/test-servers` could not start, crash or stop a private server.
public struct PrivateServerError: Error, CustomStringConvertible {
    /// Which server.
    public var kind: PrivateServer.Kind
    /// The script's verb.
    public var operation: String
    /// What it said.
    public var detail: String
    public var description: String {
        "Scripts/test-servers \(operation) \(kind.rawValue) failed (\(detail)); its folder's log says why"
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where the private server's binaries are installed (always with
    /// `CI=true`, where their absence then fails the test); otherwise reports it skipped.
    public static func privateServer(_ kinds: PrivateServer.Kind...) -> Self {
        let missing = kinds.first { !$0.isInstalled }
        return .enabled(if: TestRequirement.isStrict || missing == nil, Comment(rawValue: missing?.skipReason ?? "private servers installed"))
    }
}
