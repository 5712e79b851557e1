/// Any command with `--json`: the fatal error that ended it (exit 2), so a script reading
/// stdout learns why without parsing stderr. Followed by the command's summary, or by
/// `FatalSummary` when the command stopped before it had one.
public struct ErrorLine: OutputLine {
    public static let types = ["error"]
    public static let about = "any command with --json, on a fatal error (exit 2): which command, the input it was working on and the operation (null when not known), the message said on stderr, the underlying code when known (errno name such as ENOENT, SQLITE_*, CURLE_*), and what to do. The command's summary line follows."
    /// The command (`mirror`, `verify`, ...).
    public var command: String
    /// The input, archive or file the command was working on.
    @Always public var input: String?
    /// What it was doing (`open the archive`, `resolve the archive address`, ...).
    @Always public var operation: String?
    /// The error as said on stderr.
    public var message: String
    /// The underlying code (errno name, SQLite or libcurl code), when the error carries one.
    public var code: String?
    /// What to do about it.
    public var hint: String?

    /// An error line; `code` and `hint` are left out when nil.
    public init(command: String, input: String?, operation: String?, message: String, code: String?, hint: String?) {
        self.command = command
        self.input = input
        self.operation = operation
        self.message = message
        self.code = code
        self.hint = hint
    }

    public static var sample: ErrorLine {
        ErrorLine(command: "mirror", input: "/srv/Archive", operation: "open the archive",
                  message: "cannot create the archive folder /srv/Archive: Permission denied (EACCES, errno 13); run as the archive's owner or pass another --archive",
                  code: "EACCES", hint: "run as the archive's owner or pass another --archive")
    }

    /// The first code-like word of `message`: an errno name as `SystemError` writes it
    /// (`(ENOENT, errno 2)`), or a SQLite or libcurl code name.
    public static func code(in message: String) -> String? {
        let words = message.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
        if let curlOrSQLite = words.first(where: { $0.hasPrefix("SQLITE_") || $0.hasPrefix("CURLE_") }) { return String(curlOrSQLite) }
        guard let errnoRange = message.range(of: ", errno ") else { return nil }
        let before = message[..<errnoRange.lowerBound]
        guard let open = before.lastIndex(of: "(") else { return nil }
        let name = before[before.index(after: open)...]
        return name.count >= 2 && name.allSatisfy({ $0.isUppercase || $0.isNumber }) && name.first == "E" ? String(name) : nil
    }

    /// The advice in a house-style message ("what failed; what to do"): the part after its last "; ".
    public static func hint(in message: String) -> String? {
        guard let range = message.range(of: "; ", options: .backwards) else { return nil }
        let advice = message[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return advice.isEmpty ? nil : advice
    }
}

/// The summary of a command that a fatal error stopped before it had its own: the last line
/// of every `--json` run, as the contract promises.
public struct FatalSummary: OutputLine {
    public static let types = ["summary"]
    public static let about = "any command stopped by a fatal error before its own summary (after the error line): the command, exit status 2, and fatal: true."
    /// The command.
    public var command: String
    /// The exit status (always 2).
    public var status: Int
    /// Always true: tells this summary from a command's own.
    public var fatal: Bool

    /// The summary of `command` that failed fatally.
    public init(command: String) {
        self.command = command
        status = Int(ExitStatus.fatal)
        fatal = true
    }

    public static var sample: FatalSummary { FatalSummary(command: "verify") }
}
