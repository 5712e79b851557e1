import Foundation
import Synchronization

/// Names for temp files that no other file of this process or of another process has: the
/// process id and a counter. `UUID()` would do too, but on Linux it reads /dev/urandom each time
/// (open, read, close: three system calls per downloaded image).
public enum TemporaryName {
    private static let counter = Atomic<Int>(0)
    private static let prefix = "\(getpid())-\(Int(Date().timeIntervalSince1970 * 1000) % 1_000_000)-"

    /// A new name ending in `suffix`, e.g. `12345-678901-42.part`.
    public static func next(suffix: String = ".part") -> String {
        let number = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return prefix + String(number) + suffix
    }
}
