import CCrypto
import Foundation

/// libcrypto set up once per process, before its first use: without its exit handler (see
/// `mv_openssl_init_without_atexit`), so threads still hashing or freeing a digest while the
/// process exits cannot meet a libcrypto already torn down.
public enum OpenSSLSetup {
    /// Runs the set-up (once; later calls do nothing). The executable calls it first thing,
    /// before libcurl initialises OpenSSL itself; the hasher calls it too, for other processes.
    public static func once() { _ = done }

    private static let done: Bool = mv_openssl_init_without_atexit() == 1

    /// Fault injection for the exit test: `MEDIAVAULT_FAULT_EXIT_RACE=1` keeps two threads hashing
    /// in a loop until the process ends, as a batch commit's leader may still be doing when the
    /// last result was handed back and the command exits. Nil-effect in normal runs.
    public static func startExitRaceIfAsked() {
        guard ProcessInfo.processInfo.environment["MEDIAVAULT_FAULT_EXIT_RACE"] == "1" else { return }
        for _ in 0..<2 {
            let thread = Thread {
                let block = [UInt8](repeating: 1, count: 4096)
                while true {
                    let hasher = SHA256Hasher()
                    block.withUnsafeBytes { hasher.update($0) }
                    _ = hasher.finalizeHex()
                }
            }
            thread.start()
        }
    }
}
