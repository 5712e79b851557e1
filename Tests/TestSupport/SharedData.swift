import Foundation
import Testing

/// Third-party conformance suites and the real-post corpus, which live outside the repository.
///
/// Found at `$MEDIAVAULT_TESTDATA` (or the older `$MEDIAVAULT_SHARED`) when set, else `../shared`
/// beside the repository, else `../shared` beside the repository this clone came from. A test
/// that needs a folder of it carries the `.sharedData(...)` trait: without the folder the test
/// is reported as skipped with one line that names the folder and how to provide it, except
/// with `CI=true`, where the test runs and fails on the missing folder (CI never goes green
/// without the suites). Core tests never read it.
public enum SharedData {
    /// The folder looked for: the first candidate that exists, else the first candidate.
    public static let root: URL = candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]


    /// Where the data is looked for, in order.
    static var candidates: [URL] {
        // A folder named in the environment is the only candidate: explicit beats guessed.
        let environment = ProcessInfo.processInfo.environment
        for name in ["MEDIAVAULT_TESTDATA", "MEDIAVAULT_SHARED"] {
            if let path = environment[name], !path.isEmpty { return [URL(fileURLWithPath: path)] }
        }
        var list: [URL] = []
        if let repository = TestPaths.repositoryRootIfFound {
            list.append(repository.deletingLastPathComponent().appendingPathComponent("shared"))
            if let origin = TestPaths.originRepository {
                list.append(origin.deletingLastPathComponent().appendingPathComponent("shared"))
            }
        }
        if list.isEmpty { list.append(URL(fileURLWithPath: "../shared")) }
        return list
    }

    /// Whether `relative` (for example `corpus/posts`) exists under the data folder.
    public static func isAvailable(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path)
    }

    /// The line a skipped test shows: the folder looked for and how to provide it.
    public static func skipReason(_ relative: String) -> String {
        "needs \(root.appendingPathComponent(relative).path) (third-party conformance data, not in the repository): "
            + "set MEDIAVAULT_TESTDATA to the folder holding corpus/ and testsuites/, or put it at ../shared beside the clone"
    }

    /// The URL of `relative` under the data folder; throws `Missing` when it is not there.
    public static func url(_ relative: String) throws -> URL {
        let url = root.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(relative: relative, looked: url) }
        return url
    }

    /// A shared-data folder or file that a test needs is not there.
    public struct Missing: Error, CustomStringConvertible {
        /// The path asked for, relative to the data folder.
        public let relative: String
        /// The full path that was looked at.
        public let looked: URL
        public var description: String {
            "shared test data missing: \(looked.path) (\(TestRequirement.isStrict ? "CI=true requires every conformance suite" : "set MEDIAVAULT_TESTDATA")); "
                + "the corpus and third-party suites are provided beside the repository as ../shared"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where every named shared-data folder exists (always with `CI=true`,
    /// where a missing folder then fails the test); otherwise reports it skipped with the reason.
    public static func sharedData(_ relatives: String...) -> Self {
        let missing = relatives.first { !SharedData.isAvailable($0) }
        return .enabled(if: TestRequirement.isStrict || missing == nil, Comment(rawValue: missing.map(SharedData.skipReason) ?? "shared data present"))
    }
}
