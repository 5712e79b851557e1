import CSpawn
#if canImport(Glibc)
import Glibc
#endif

/// The posix_spawn file actions and attributes of one launch, and the pipe ends the child
/// gets (closed in the parent once the child has them).
struct SpawnSetup {
    /// The file actions handed to posix_spawn.
    var actions = posix_spawn_file_actions_t()
    /// The attributes handed to posix_spawn.
    var attributes = posix_spawnattr_t()
    private var childEnds: [Int32] = []
    private let commandLine: String

    /// Initialises empty actions and attributes.
    init(commandLine: String) throws {
        self.commandLine = commandLine
        try check(posix_spawn_file_actions_init(&actions), "posix_spawn_file_actions_init")
        try check(posix_spawnattr_init(&attributes), "posix_spawnattr_init")
    }

    /// Arranges `redirect` as the child's descriptor `target` (0, 1, 2); returns the parent's
    /// end of a new pipe, if it made one.
    mutating func redirect(_ redirect: Redirect, to target: Int32) throws -> Int32? {
        switch redirect {
        case .inherit:
            return nil
        case .null:
            try check(posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0), "posix_spawn_file_actions_addopen /dev/null")
            return nil
        case .file(let path):
            let flags = target == 0 ? O_RDONLY : (O_WRONLY | O_CREAT | O_TRUNC)
            try check(posix_spawn_file_actions_addopen(&actions, target, path, flags, 0o644), "posix_spawn_file_actions_addopen \(path)")
            return nil
        case .descriptor(let fd):
            try check(posix_spawn_file_actions_adddup2(&actions, fd, target), "posix_spawn_file_actions_adddup2")
            return nil
        case .standardOutput:
            try check(posix_spawn_file_actions_adddup2(&actions, 1, target), "posix_spawn_file_actions_adddup2 1")
            return nil
        case .pipe:
            // O_CLOEXEC: a child started at the same moment by another thread must not
            // inherit this pipe (it would keep it open and nobody would see end of file).
            var ends: [Int32] = [-1, -1]
            guard cspawn_pipe_cloexec(&ends) == 0 else { throw failure("pipe2", errno) }
            let (childEnd, parentEnd) = target == 0 ? (ends[0], ends[1]) : (ends[1], ends[0])
            childEnds.append(childEnd)
            try check(posix_spawn_file_actions_adddup2(&actions, childEnd, target), "posix_spawn_file_actions_adddup2")
            return parentEnd
        }
    }

    /// Adds the working directory, the close-everything-else action and the signal settings.
    mutating func finish(directory: String?) throws {
        if let directory { try check(cspawn_addchdir(&actions, directory), "posix_spawn_file_actions_addchdir_np \(directory)") }
        try check(cspawn_addclosefrom(&actions, 3), "posix_spawn_file_actions_addclosefrom_np")
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        try check(posix_spawnattr_setsigmask(&attributes, &empty), "posix_spawnattr_setsigmask")
        try check(posix_spawnattr_setsigdefault(&attributes, &all), "posix_spawnattr_setsigdefault")
        try check(posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)), "posix_spawnattr_setflags")
    }

    /// Closes the parent's copies of the child's pipe ends (after the spawn, whatever its outcome).
    mutating func closeChildEnds() {
        childEnds.forEach { _ = close($0) }
        childEnds = []
    }

    /// Frees the actions and attributes.
    mutating func destroy() {
        closeChildEnds()
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
    }

    private func check(_ status: Int32, _ operation: String) throws {
        // These calls return the error number instead of setting errno.
        if status != 0 { throw failure(operation, status) }
    }

    private func failure(_ operation: String, _ code: Int32) -> ChildProcessError {
        ChildProcessError(commandLine: commandLine, operation: operation, code: code,
                          hint: "the system is out of descriptors or memory, or a path is wrong")
    }
}
