import Foundation
@testable import MediaVault

/// Collects what a job emits, for assertions.
final class RecordingOutput: OutputSink, @unchecked Sendable {
    // @unchecked: both arrays are guarded by `lock`.
    private let lock = NSLock()
    private var _records: [OutputRecord] = []
    private var _diagnostics: [String] = []

    func emit(_ record: OutputRecord) { lock.lock(); _records.append(record); lock.unlock() }
    func diagnose(_ message: String) { lock.lock(); _diagnostics.append(message); lock.unlock() }

    var records: [OutputRecord] { lock.lock(); defer { lock.unlock() }; return _records }
    var diagnostics: [String] { lock.lock(); defer { lock.unlock() }; return _diagnostics }

    /// Records of one type.
    func of(_ type: String) -> [OutputRecord] { records.filter { $0.type == type } }
}
