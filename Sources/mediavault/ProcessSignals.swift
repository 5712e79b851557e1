import Foundation
import MediaVault

/// The process's signal dispositions, set once before any command runs. SIGPIPE is ignored so
/// that a closed stdout shows up as EPIPE (which `ConsoleOutput` handles) instead of killing
/// the process before it writes its catalog rows. SIGINT and SIGTERM are turned into a
/// `StopRequest` that the long verbs poll between units of work (mirror, scan, verify, gallery,
/// export, prune, localize); a second one, or one reaching a command with nothing to finish
/// (caption, search, forget: short and read-mostly), exits at once with 128 + the signal (the
/// archive's write order keeps it consistent).
enum ProcessSignals {
    /// The stop request every command shares.
    static let stop = StopRequest()

    /// Dispatch sources must stay alive for the handlers to run.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Installs the dispositions; call once, first thing in `main`.
    static func install() {
        signal(SIGPIPE, SIG_IGN)
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)  // delivered to the dispatch source instead of the default action
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInitiated))
            source.setEventHandler { received(number) }
            source.resume()
            sources.append(source)
        }
    }

    private static func received(_ number: Int32) {
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        guard stop.isObserved, stop.request(signal: number) else {
            let note = stop.isObserved
                ? "mediavault: \(name) again: stopping at once; objects are committed or left in tmp/ (the next mirror cleans it)\n"
                : "mediavault: \(name): stopped\n"
            _ = note.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            _exit(128 + number)
        }
        let note = "mediavault: \(name): starting no new work; finishing what is in flight and writing what it needs (send it again to stop at once)\n"
        _ = note.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
