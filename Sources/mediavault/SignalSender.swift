import CSignals
import Foundation

/// Who sent a signal, from the handler's siginfo_t: for the stop notice, so that a stop nobody
/// remembers asking for can be traced to the process that sent it.
struct SignalSender {
    /// The sender's process id (si_pid); 0 from the kernel or from outside this pid namespace.
    let pid: pid_t
    /// The sender's real user id (si_uid).
    let uid: uid_t
    /// Whether the kernel sent it (si_code > 0, SI_KERNEL: a terminal's ^C) rather than a process.
    let byKernel: Bool

    /// The sender a handler recorded.
    init(_ record: csignals_record) {
        pid = record.pid
        uid = record.uid
        byKernel = record.code > 0
    }

    /// "from pid 1234 (pkill)"; "(pkill, uid 0)" for another user's; just the pid when the
    /// process is gone (its name is read now, from /proc); "from the terminal" for a ^C.
    func from(signal number: Int32) -> String {
        if byKernel { return number == SIGINT ? "from the terminal" : "from the kernel" }
        let user = uid == getuid() ? nil : "uid \(uid)"
        // A process in an outer pid namespace (e.g. the host of a container) has no pid here.
        guard pid > 0 else { return "from outside this pid namespace" + (user.map { " (\($0))" } ?? "") }
        let details = [Self.name(of: pid), user].compactMap { $0 }
        return "from pid \(pid)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
    }

    /// The command name the kernel keeps for `pid` (15 characters at most), if it still exists.
    private static func name(of pid: pid_t) -> String? {
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return nil }
        let name = comm.trimmingCharacters(in: .newlines)
        return name.isEmpty ? nil : name
    }
}
