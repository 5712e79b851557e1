import CSignals
import Foundation
import MediaVault

/// The process's signal dispositions, set once before any command runs. SIGPIPE is ignored so
/// that a closed stdout shows up as EPIPE (which `ConsoleOutput` handles) instead of killing
/// the process before it writes its catalog rows. SIGINT and SIGTERM are turned into a
/// `StopRequest` that the long verbs poll between units of work (mirror, scan, verify, gallery,
/// export, prune, localize); a second one, or one reaching a command with nothing to finish
/// (caption, search, forget: short and read-mostly), exits at once with 128 + the signal (the
/// archive's write order keeps it consistent). Every notice names the sender (see `SignalSender`).
enum ProcessSignals {
    /// The stop request every command shares.
    static let stop = StopRequest()

    /// Installs the dispositions; call once, first thing in `main`, before other threads start
    /// (they inherit the block that leaves the signals to the reader thread).
    static func install() {
        signal(SIGPIPE, SIG_IGN)
        // A SA_SIGINFO handler in C writes each signal and its sender into a pipe; this thread
        // reads them. A DispatchSource signal source does not tell who sent the signal.
        let numbers = [SIGINT, SIGTERM]
        let pipe = numbers.withUnsafeBufferPointer { csignals_install($0.baseAddress, Int32($0.count)) }
        guard pipe >= 0 else {
            // Nothing was changed: the signals keep their default action, ending the run at once.
            note("mediavault: cannot install the SIGINT/SIGTERM handler (\(String(cString: strerror(errno)))): a signal ends the run at once\n")
            return
        }
        let reader = Thread { readSignals(from: pipe) }
        reader.name = "mediavault signals"
        reader.start()
    }

    /// The reader thread's loop: the only thread the signals are delivered to.
    private static func readSignals(from pipe: Int32) {
        let unblocked = csignals_unblock()
        if unblocked != 0 {
            note("mediavault: cannot unblock SIGINT/SIGTERM for the signal thread (\(String(cString: strerror(unblocked)))): they stay pending\n")
        }
        var record = csignals_record()
        while csignals_next(pipe, &record) == 0 {
            received(record.signal, from: SignalSender(record))
        }
        // Unreachable in practice (the writing end is never closed). Without a reader the signals
        // would do nothing: give them their default action and stay the thread they reach.
        note("mediavault: cannot read the signal pipe (\(String(cString: strerror(errno)))): SIGINT/SIGTERM now end the run at once\n")
        if csignals_restore_defaults() != 0 {
            note("mediavault: cannot restore the default SIGINT/SIGTERM action (\(String(cString: strerror(errno))))\n")
        }
        while true { pause() }
    }

    /// Today's stop logic for one signal: the first stops gracefully, a second or an unobserved one exits.
    private static func received(_ number: Int32, from sender: SignalSender) {
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        guard stop.isObserved, stop.request(signal: number) else {
            note(stop.isObserved
                ? "mediavault: \(name) again \(sender.from(signal: number)): stopping at once; objects are committed or left in tmp/ (the next mirror cleans it)\n"
                : "mediavault: \(name) \(sender.from(signal: number)): stopped\n")
            _exit(128 + number)
        }
        note("mediavault: \(name) \(sender.from(signal: number)): starting no new work; finishing what is in flight and writing what it needs (send it again to stop at once)\n")
    }

    /// Writes `text` to stderr in one write(2), unbuffered: the process may `_exit` right after.
    private static func note(_ text: String) {
        _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
