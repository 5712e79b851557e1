import Foundation

/// A one-line progress report on a terminal's stderr (done, failed, bytes, rate), redrawn in
/// place with `\r` at most ten times a second. Never used when stderr is not a terminal.
final class ProgressLine: @unchecked Sendable {
    // @unchecked: the counters are guarded by `lock`; the redraw task only reads them through it.
    private let lock = NSLock()
    private var done = 0
    private var failed = 0
    private var bytes: Int64 = 0
    private var total = 0
    private let started = ContinuousClock.now
    private var task: Task<Void, Never>?
    private let write: @Sendable (String) -> Void

    /// Starts redrawing every 100 ms through `write` (stderr by default).
    init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.write = write
        task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                self?.draw()
            }
        }
    }

    /// Sets how many images the run will handle.
    func expect(_ count: Int) { lock.withLock { total = count } }

    /// Counts one finished image.
    func count(failed isFailure: Bool, bytes added: Int64) {
        lock.withLock {
            done += 1
            if isFailure { failed += 1 }
            bytes += added
        }
    }

    /// Draws the final state and ends the line so later stderr text starts on its own line.
    func finish() {
        task?.cancel()
        draw()
        write("\n")
    }

    private func draw() {
        let elapsed = (ContinuousClock.now - started).components
        let seconds = max(Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18, 0.001)
        let line = lock.withLock {
            "\r\(done)/\(total) done, \(failed) failed, \(Self.size(bytes)), \(Self.size(Int64(Double(bytes) / seconds)))/s   "
        }
        write(line)
    }

    /// `12.3 MB` style sizes.
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f ", value) + units[unit]
    }
}
