import Foundation
import MediaVault

/// Prints records to stdout (JSON Lines or text) and diagnostics to stderr, whole lines only
/// even when many tasks report at once.
final class ConsoleOutput: OutputSink, @unchecked Sendable {
    // @unchecked: `pending` is touched only under `lock`.
    private let lock = NSLock()
    private let json: Bool
    private let verbosity: Verbosity
    /// When true, stdout is written in blocks of `blockSize` (and by `flush()`); otherwise each
    /// line is written as it comes, so a watcher of a long `mirror` sees every result at once.
    private let buffered: Bool
    private var pending: [UInt8] = []
    private static let blockSize = 64 << 10
    /// The errno of the first failed write to stdout; from then on nothing more is printed
    /// there, while the job goes on archiving (its exit status then says the output was cut).
    private var stdoutError: Int32?

    /// `buffered` output is only for commands that finish quickly (`scan` prints a line per
    /// image); it is ignored when stdout is a terminal. Call `flush()` before exiting.
    init(json: Bool, verbosity: Verbosity = .normal, buffered: Bool = false) {
        self.json = json
        self.verbosity = verbosity
        self.buffered = buffered && isatty(STDOUT_FILENO) == 0
    }

    /// The console a command's output options ask for.
    convenience init(_ options: OutputOptions, buffered: Bool = false) {
        self.init(json: options.json, verbosity: options.verbosity, buffered: buffered)
    }

    func emit(_ record: OutputRecord) {
        if record.type == "summary" { FatalReport.noteSummary() }
        lock.lock(); defer { lock.unlock() }
        if json {
            record.appendJSON(to: &pending)  // the stable interface: --quiet/--verbose never change it
        } else {
            guard verbosity != .quiet || Verbosity.quietTypes.contains(record.type), var line = TextRendering.render(record) else { return }
            if verbosity == .verbose, let details = TextRendering.details(record) { line += "\n" + details }
            pending.append(contentsOf: line.utf8)
        }
        pending.append(UInt8(ascii: "\n"))
        if !buffered || pending.count >= Self.blockSize { writePending() }
    }

    /// Writes what is buffered.
    func flush() {
        lock.lock(); defer { lock.unlock() }
        writePending()
    }

    func diagnose(_ message: String) {
        FatalReport.noteError(message)
        if verbosity == .quiet, !message.hasPrefix("error"), !message.hasPrefix("warning") { return }
        lock.lock(); defer { lock.unlock() }
        writePending()  // keeps stdout and stderr in order when both go to one terminal or file
        _ = Self.write(Array(("mediavault: " + message + "\n").utf8), to: STDERR_FILENO)
    }

    /// Whether a write to stdout failed during the run (a closed pipe, a full disk).
    var outputWasCut: Bool { lock.withLock { stdoutError != nil } }

    /// Flushes stdout and returns the status to exit with: `status`, or
    /// `ExitStatus.afterOutputCut(status)` when stdout could not take all of the output.
    func exitStatus(_ status: Int32) -> Int32 {
        flush()
        return outputWasCut ? ExitStatus.afterOutputCut(status) : status
    }

    private func writePending() {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        guard stdoutError == nil else { return }
        guard let code = Self.write(pending, to: STDOUT_FILENO) else { return }
        stdoutError = code
        let note = "mediavault: cannot write to stdout (\(Self.errnoName(code)): \(String(cString: strerror(code)))): "
            + "printing nothing more; the run goes on and the archive and catalog are written in full; exit status \(ExitStatus.outputCut) unless worse\n"
        _ = Self.write(Array(note.utf8), to: STDERR_FILENO)
    }

    /// Writes all of `bytes` (write(2) may take fewer at a time); returns the errno of a
    /// failed write (EPIPE for a closed pipe: SIGPIPE is ignored), nil when all was written.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written < 0 { return errno }
                if written == 0 { return EIO }
                offset += written
            }
            return nil
        }
    }

    /// The symbolic name of the errno values a closed or full output gives, for the message.
    private static func errnoName(_ code: Int32) -> String {
        switch code {
        case EPIPE: return "EPIPE"
        case ENOSPC: return "ENOSPC"
        case EIO: return "EIO"
        case EBADF: return "EBADF"
        default: return "errno \(code)"
        }
    }
}

/// The human-readable form of each record type.
enum TextRendering {
    static func render(_ r: OutputRecord) -> String? {
        func s(_ key: String) -> String { r.string(key) ?? "" }
        switch r.type {
        case "post":
            return "\(s("path"))\n  title: \(r.string("title") ?? "(none)")" + (r.string("date").map { "\n  date:  \($0)" } ?? "")
                + (r.string("generator").map { "\n  site:  \($0) at \(s("site_root"))" } ?? "")
        case "image":
            var line = "  [\(value(r["index"]))] \(r.string("url") ?? "(unresolved) " + s("src"))"
            if case .bool(true) = r["cover"] { line += "  (cover)" }
            if case .bool(true) = r["placeholder"] { line += "  (placeholder)" }
            if case .bool(true) = r["missing_file"] { line += "\n      MISSING FILE" + (s("rule").isEmpty ? "" : " (\(s("rule")))") }
            if let caption = r.string("caption") { line += "\n      caption: \(caption)" }
            return line
        case "fetched":
            let cut = r["truncated"] == .bool(true) ? "\n         TRUNCATED (kept as served): \(s("message"))" : ""
            let shown = r.string("fallback").map { "\n         that URL failed; kept the picture the post shows: \($0)" } ?? ""
            let original = r.string("original").map { "\n         the full-size original: \($0)" } ?? ""
            return "fetched  \(s("url"))  \(s("sha256").prefix(12))  Referer: \(r.string("referer") ?? "none")" + cut + shown + original
        case "skipped":
            return "skipped  \(s("url"))  (\(s("reason")))"
        case "planned":
            return "would fetch  \(s("url"))"
        case "failed":
            return "FAILED   \(s("url"))  \(s("reason")): \(s("message"))"
        case "caption":
            let distance = r["distance"].flatMap { if case .int(let d) = $0 { return "  (distance \(d))" } else { return nil } } ?? ""
            guard r.string("post") != nil else { return "\(s("sha256"))  archived, but no post shows it\(distance)" }
            return """
                \(r.string("caption") ?? "(no caption)")\(distance)
                  post:  \(r.string("title") ?? "(untitled)")  [\(r.string("post_url") ?? s("post"))]\(r.string("date").map { "  \($0)" } ?? "")
                  image: \(s("url"))
                  sha256: \(r.string("sha256") ?? "(not archived)")
                """ + earlierCaptures(r)
        case "repaired":
            return "REPAIRED \(s("kind"))  \(s("path"))  \(s("detail"))"
        case "rewritten":
            var line = "rewrote  \(s("post")) -> \(s("path"))  (\(value(r["images"])) image(s) local)"
            if case .array(let failed) = r["failed"], !failed.isEmpty { line += "\n  kept remote (not archived): " + failed.map { value($0) }.joined(separator: ", ") }
            return line
        case "gallery":
            return "gallery  \(s("path"))  \(value(r["images"])) image(s) on \(value(r["pages"])) page(s)"
        case "bag":
            return "bag      \(s("path"))  \(value(r["objects"])) object(s), \(value(r["files"])) file(s), \(value(r["bytes"])) bytes"
        case "forgotten":
            return (r["dry_run"] == .bool(true) ? "would forget " : "forgot ") + "\(s("kind")) \(s("value"))"
                + "  posts: \(value(r["posts"]))  urls: \(value(r["urls"]))"
        case "pruned":
            return (r["dry_run"] == .bool(true) ? "would remove " : "quarantined ") + "\(s("path"))  \(value(r["bytes"])) bytes"
        case "problem":
            return "\(s("kind").uppercased())  \(s("path"))  \(s("detail"))"
        case "summary":
            return "summary: " + r.fields.map { "\($0.key)=\(value($0.value))" }.joined(separator: " ")
        default:
            return r.jsonLine
        }
    }

    /// The `--verbose` line under a result: what `--json` carries beyond the text line.
    static func details(_ r: OutputRecord) -> String? {
        guard ["fetched", "skipped", "failed"].contains(r.type) else { return nil }
        let keys = ["status", "attempts", "referers_tried", "strategy", "bytes", "new", "path", "post"]
        let parts = keys.compactMap { key in r[key].flatMap { $0 == .null ? nil : "\(key)=\(value($0))" } }
        return parts.isEmpty ? nil : "         " + parts.joined(separator: " ")
    }

    /// "earlier captures" line of a `caption` record whose URL showed other images before.
    private static func earlierCaptures(_ r: OutputRecord) -> String {
        guard case .array(let earlier) = r["earlier"], !earlier.isEmpty else { return "" }
        return "\n  earlier captures of this URL: " + earlier.map { value($0) }.joined(separator: ", ")
    }

    private static func value(_ v: JSONValue?) -> String {
        switch v {
        case .string(let x): return x
        case .int(let x): return String(x)
        case .double(let x): return String(format: "%.2f", x)
        case .bool(let x): return String(x)
        case .array(let xs): return "[" + xs.map { value($0) }.joined(separator: ", ") + "]"
        case .null, nil: return "-"
        }
    }
}

/// How much the console prints for a person (`--quiet`, `--verbose`); `--json` output never changes.
enum Verbosity: Sendable {
    /// Text: failures, problems and the summary only; stderr: errors and warnings only.
    case quiet
    /// The default.
    case normal
    /// Text: each result also with its details.
    case verbose

    /// The record types `--quiet` still prints as text.
    static let quietTypes: Set<String> = ["failed", "problem", "summary"]
}
