import Foundation
import MediaVault

/// Prints records to stdout (JSON Lines or text) and diagnostics to stderr, one line at a time
/// even when many tasks report at once.
final class ConsoleOutput: OutputSink, @unchecked Sendable {
    // @unchecked: all writes happen under `lock`.
    private let lock = NSLock()
    private let json: Bool

    init(json: Bool) { self.json = json }

    func emit(_ record: OutputRecord) {
        let line = json ? record.jsonLine : TextRendering.render(record)
        guard let line else { return }
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func diagnose(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data(("mediavault: " + message + "\n").utf8))
    }
}

/// The human-readable form of each record type.
enum TextRendering {
    static func render(_ r: OutputRecord) -> String? {
        func s(_ key: String) -> String { r.string(key) ?? "" }
        switch r.type {
        case "post":
            return "\(s("path"))\n  title: \(r.string("title") ?? "(none)")" + (r.string("date").map { "\n  date:  \($0)" } ?? "")
        case "image":
            var line = "  [\(value(r["index"]))] \(r.string("url") ?? "(unresolved) " + s("src"))"
            if case .bool(true) = r["cover"] { line += "  (cover)" }
            if case .bool(true) = r["placeholder"] { line += "  (placeholder)" }
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
