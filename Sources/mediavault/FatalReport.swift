import ArgumentParser
import Foundation
import MediaVault

/// The last word of a run that a fatal error ends (exit 2): with `--json`, an `error` line
/// and a summary on stdout, so a script always gets a last line and the reason, not only the
/// message on stderr. It learns the command and `--json` once after parsing, the error from the
/// place that says it (`fail`) or from the console's error diagnostics, and whether the command
/// printed its own summary; `finish` prints what is missing.
enum FatalReport {
    /// What the run has said so far.
    private struct State {
        var command = "mediavault"
        var json = false
        var summaryPrinted = false
        var error: ErrorLine?
        var structured = false
        /// The archive the command works on: the input of an error that names no other.
        var archive: String?
    }

    nonisolated(unsafe) private static var state = State()
    private static let lock = NSLock()

    /// Records the command that runs and whether it prints JSON; call once after parsing.
    static func begin(_ command: any ParsableCommand) {
        let name = type(of: command)._commandName
        let json = (command as? PrintsOutput)?.output.json ?? false
        let archive = (command as? UsesArchive).map { $0.archive.archive ?? ArchiveLocation.resolve(nil).path }
        lock.withLock { state.command = name; state.json = json; state.archive = archive }
    }

    /// The console printed a summary line.
    static func noteSummary() { lock.withLock { state.summaryPrinted = true } }

    /// The console said an error on stderr (`error: …`); the latest one is kept as the reason
    /// (a fatal error ends the run, so it is said last), unless `fail` gave a structured one.
    static func noteError(_ diagnostic: String) {
        guard diagnostic.hasPrefix("error") else { return }
        let message = diagnostic.hasPrefix("error: ") ? String(diagnostic.dropFirst(7)) : diagnostic
        lock.withLock {
            guard !state.structured else { return }
            state.error = ErrorLine(command: state.command, input: state.archive, operation: nil, message: message,
                                    code: ErrorLine.code(in: message), hint: ErrorLine.hint(in: message))
        }
    }

    /// Says a fatal error on stderr and keeps it, with the input and operation, for the error line.
    static func fail(_ message: String, input: String?, operation: String?) {
        FileHandle.standardError.write(Data("mediavault: error: \(message)\n".utf8))
        lock.withLock {
            guard !state.structured else { return }
            state.structured = true
            state.error = ErrorLine(command: state.command, input: input, operation: operation, message: message,
                                    code: ErrorLine.code(in: message), hint: ErrorLine.hint(in: message))
        }
    }

    /// For a run ending with `status`: when it is fatal and `--json` was asked for, prints the
    /// error line (a generic one when nothing said why) and, unless the command printed its
    /// own, a summary. Nothing for other statuses or text output.
    static func finish(status: Int32) {
        let (json, command, printed, error) = lock.withLock { (state.json, state.command, state.summaryPrinted, state.error) }
        guard status == ExitStatus.fatal, json else { return }
        let line = error ?? ErrorLine(command: command, input: nil, operation: nil,
                                      message: "\(command) failed (see stderr)", code: nil, hint: nil)
        var text = OutputRecord(line).jsonLine + "\n"
        if !printed { text += OutputRecord(FatalSummary(command: command)).jsonLine + "\n" }
        // A closed stdout loses these lines only; the status still says the run failed.
        _ = text.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
    }
}

/// A verb with the shared archive options (`--archive`, `--catalog`).
protocol UsesArchive {
    /// Its archive options.
    var archive: ArchiveOptions { get }
}

extension Mirror: UsesArchive {}
extension Caption: UsesArchive {}
extension Search: UsesArchive {}
extension Verify: UsesArchive {}
extension GalleryCommand: UsesArchive {}
extension Export: UsesArchive {}
extension Forget: UsesArchive {}
extension Prune: UsesArchive {}
extension Localize: UsesArchive {}

/// A verb with the shared output options (`--json`, `--quiet`, `--verbose`).
protocol PrintsOutput {
    /// Its output options.
    var output: OutputOptions { get }
}

extension Mirror: PrintsOutput {}
extension Scan: PrintsOutput {}
extension Caption: PrintsOutput {}
extension Search: PrintsOutput {}
extension Verify: PrintsOutput {}
extension GalleryCommand: PrintsOutput {}
extension Export: PrintsOutput {}
extension Forget: PrintsOutput {}
extension Prune: PrintsOutput {}
extension Localize: PrintsOutput {}
extension Migrate: PrintsOutput {}
