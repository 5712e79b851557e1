import Foundation
import MediaVault

/// Prints records to stdout (JSON Lines or text) and diagnostics to stderr, whole lines only
/// even when many tasks report at once.
final class ConsoleOutput: OutputSink, @unchecked Sendable {
    // @unchecked: `pending` is touched only under `lock`.
    private let lock = NSLock()
    private let json: Bool
    /// When true, stdout is written in blocks of `blockSize` (and by `flush()`); otherwise each
    /// line is written as it comes, so a watcher of a long `mirror` sees every result at once.
    private let buffered: Bool
    private var pending: [UInt8] = []
    private static let blockSize = 64 << 10

    /// `buffered` output is only for commands that finish quickly (`scan` prints a line per
    /// image); it is ignored when stdout is a terminal. Call `flush()` before exiting.
    init(json: Bool, buffered: Bool = false) {
        self.json = json
        self.buffered = buffered && isatty(STDOUT_FILENO) == 0
    }

    func emit(_ record: OutputRecord) {
        lock.lock(); defer { lock.unlock() }
        if json {
            record.appendJSON(to: &pending)
        } else {
            guard let line = TextRendering.render(record) else { return }
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
        lock.lock(); defer { lock.unlock() }
        writePending()  // keeps stdout and stderr in order when both go to one terminal or file
        Self.write(Array(("mediavault: " + message + "\n").utf8), to: STDERR_FILENO)
    }

    private func writePending() {
        guard !pending.isEmpty else { return }
        Self.write(pending, to: STDOUT_FILENO)
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes` (write(2) may take fewer at a time); gives up on an error such as a
    /// closed pipe, as there is nobody left to tell.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
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
            if case .bool(true) = r["missing_file"] { line += "\n      MISSING FILE (\(s("rule")))" }
            if let caption = r.string("caption") { line += "\n      caption: \(caption)" }
            return line
        case "fetched":
            return "fetched  \(s("url"))  \(s("sha256").prefix(12))  Referer: \(r.string("referer") ?? "none")"
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
                """
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
        case "problem":
            return "\(s("kind").uppercased())  \(s("path"))  \(s("detail"))"
        case "summary":
            return "summary: " + r.fields.map { "\($0.key)=\(value($0.value))" }.joined(separator: " ")
        default:
            return r.jsonLine
        }
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
