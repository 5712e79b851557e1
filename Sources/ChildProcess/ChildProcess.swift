import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, in place of Foundation's `Process`, whose
/// `run()` on Linux (Swift 6.3.1) now and then reads past a `/proc/self/fd` entry and kills
/// the whole parent with SIGSEGV (swift-corelibs-foundation#5472).
///
/// The child gets exactly stdin, stdout and stderr (every other descriptor is closed by
/// `posix_spawn_file_actions_addclosefrom_np`, whatever other threads have open), an empty
/// signal mask and default signal dispositions (a parent that ignores SIGPIPE or blocks
/// SIGTERM in some thread does not pass that on). Status changes are read with `waitid`
/// and `waitpid`; any thread may ask `isRunning`, `wait()` or `signal(_:)`.
/// A child still running when the object goes away is killed (SIGKILL) and reaped, so no
/// zombie and no orphaned server outlives its owner.
public final class ChildProcess: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The writing end of the child's stdin when it was `.pipe`, else nil.
    public let standardInput: FileHandle?
    /// The reading end of the child's stdout when it was `.pipe`, else nil.
    public let standardOutput: FileHandle?
    /// The reading end of the child's stderr when it was `.pipe`, else nil.
    public let standardError: FileHandle?
    /// What was started (for messages).
    public let commandLine: String

    private let lock = NSLock()
    private var termination: Termination?

    /// Starts `executable` (a path, or a bare name looked up in `PATH`) with `arguments`
    /// (without argv[0]). `environment` nil inherits the parent's; `directory` nil keeps the
    /// parent's working directory.
    public init(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        directory: String? = nil,
        stdin: Redirect = .inherit,
        stdout: Redirect = .inherit,
        stderr: Redirect = .inherit
    ) throws {
        commandLine = ([executable] + arguments).joined(separator: " ")
        var setup = try SpawnSetup(commandLine: commandLine)
        defer { setup.destroy() }
        var inEnd: Int32?, outEnd: Int32?, errEnd: Int32?
        do {
            inEnd = try setup.redirect(stdin, to: 0)
            outEnd = try setup.redirect(stdout, to: 1)
            errEnd = try setup.redirect(stderr, to: 2)
            try setup.finish(directory: directory)
        } catch {
            [inEnd, outEnd, errEnd].forEach { $0.map { _ = close($0) } }
            throw error
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envStrings = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        let envp = envStrings.map { $0.map { strdup($0) } + [nil] }
        defer { envp?.forEach { free($0) } }

        var child: pid_t = 0
        let status = envp.withOptionalBuffer { env in
            executable.contains("/")
                ? posix_spawn(&child, executable, &setup.actions, &setup.attributes, argv, env ?? UnsafePointer(environ))
                : posix_spawnp(&child, executable, &setup.actions, &setup.attributes, argv, env ?? UnsafePointer(environ))
        }
        setup.closeChildEnds()
        guard status == 0 else {
            [inEnd, outEnd, errEnd].forEach { $0.map { _ = close($0) } }
            throw ChildProcessError(commandLine: commandLine, operation: "posix_spawn", code: status,
                                    hint: "check that the program exists and is executable (and the working directory exists)")
        }
        pid = child
        standardInput = inEnd.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        standardOutput = outEnd.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        standardError = errEnd.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
    }

    deinit {
        if reap(blocking: false) == nil {
            kill(pid, SIGKILL)
            _ = reap(blocking: true)
        }
    }

    /// Whether the child has not ended yet (reaps it when it has).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// Sends `signal` to the child (nothing when it has already been reaped: its pid may be reused).
    public func signal(_ signal: Int32) {
        lock.withLock {
            if termination == nil { _ = kill(pid, signal) }
        }
    }

    /// Blocks until the child ends and returns how.
    @discardableResult
    public func wait() -> Termination {
        // A blocking reap gives nil only if waitpid failed other than by EINTR (not for our own child): ask again.
        while true {
            if let ended = reap(blocking: true) { return ended }
        }
    }

    /// Waits at most `timeout` seconds; nil when the child is still running then.
    public func wait(timeout: TimeInterval) -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        var pause: UInt32 = 1_000
        while Date() < deadline {
            if let ended = reap(blocking: false) { return ended }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        return reap(blocking: false)
    }

    /// Waits for the end without reaping (`WNOWAIT`, outside the lock, so other threads can
    /// still signal), then reaps under the lock; whoever reaps first records the result.
    private func reap(blocking: Bool) -> Termination? {
        if blocking {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        }
        return lock.withLock {
            if let termination { return termination }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while result < 0 && errno == EINTR
            guard result == pid else { return nil }
            // WIFEXITED / WTERMSIG are macros Swift cannot call: the layout is Linux's.
            let signal = status & 0x7f
            termination = signal == 0 ? .exit((status >> 8) & 0xff) : .signal(signal)
            return termination
        }
    }
}

/// How a child ended.
public enum Termination: Equatable, Sendable, CustomStringConvertible {
    /// It called exit with this status.
    case exit(Int32)
    /// A signal ended it.
    case signal(Int32)

    /// The exit status, or the signal's number (what Foundation's `terminationStatus` gives).
    public var status: Int32 {
        switch self {
        case .exit(let code), .signal(let code): code
        }
    }

    /// "exit 3" or "signal 9".
    public var description: String {
        switch self {
        case .exit(let code): "exit \(code)"
        case .signal(let number): "signal \(number)"
        }
    }
}

extension Optional where Wrapped == [UnsafeMutablePointer<CChar>?] {
    /// Calls `body` with a pointer to the array's storage, or nil when there is no array.
    fileprivate func withOptionalBuffer<R>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> R) -> R {
        switch self {
        case .some(let array): array.withUnsafeBufferPointer { body($0.baseAddress) }
        case .none: body(nil)
        }
    }
}
