import ChildProcess
import Foundation
import PostScanner

extension Localizer {
    /// Plans and applies (or, for a dry run, prints) the change; returns the exit status:
    /// 0 done, 3 some post was not written or some image kept its remote URL, 2 fatal.
    public func run(mode: Mode, output: some OutputSink) async -> Int32 {
        stop?.observe()
        let plans: [PostPlan]
        do { plans = try await plan(mode: mode, output: output) } catch {
            output.diagnose("error: \(error)")
            return 2
        }
        return apply(plans, mode: mode, output: output)
    }

    /// Writes each planned post (placing its files first, so a written post never refers to a
    /// missing file), refusing a post whose bytes changed since `plan`. A dry run prints diffs.
    public func apply(_ plans: [PostPlan], mode: Mode, output: some OutputSink) -> Int32 {
        var refused = 0, rewritten = 0, leftRemote = 0, changedPosts = 0
        var placed: Set<String> = []
        for plan in plans {
            if stop?.shouldStop() == true { break }
            let relative = plan.file.hasPrefix(site.root + "/") ? String(plan.file.dropFirst(site.root.count + 1)) : plan.file
            for left in plan.leftRemote {
                leftRemote += 1
                output.emit(LocalizeRemoteLine(post: relative, url: left.url, reason: left.reason))
            }
            guard plan.after != plan.before else { continue }
            if mode == .dryRun {
                output.emit(LocalizeDiffLine(post: relative, diff: LocalizeDiff.unified(plan.before, plan.after, path: relative)))
                for file in plan.files where placed.insert(file.path).inserted && !FileManager.default.fileExists(atPath: file.path) {
                    output.emit(LocalizeFileLine(type: "place", path: file.path, sha256: Digest(file.sha256), rule: file.rule))
                }
                rewritten += plan.rewritten
                changedPosts += 1
                continue
            }
            do {
                for file in plan.files where placed.insert(file.path).inserted {
                    let existed = FileManager.default.fileExists(atPath: file.path)
                    try LocalizeFiles.place(file)
                    if !existed { output.emit(LocalizeFileLine(type: "placed", path: file.path, sha256: Digest(file.sha256), rule: file.rule)) }
                }
                try write(plan)
                rewritten += plan.rewritten
                changedPosts += 1
                output.emit(LocalizePostLine(type: mode == .undo ? "restored" : "localized", post: relative, references: plan.rewritten))
            } catch {
                refused += 1
                output.diagnose("\(relative): not written: \(error)")
            }
        }
        output.emit(LocalizeSummary(mode: mode == .undo ? .undo : mode == .dryRun ? .dryRun : .localize, posts: changedPosts, references: rewritten,
                                    files: placed.count, remote: leftRemote, refused: refused, interrupted: stop?.stopSignal))
        if let stop, let signal = stop.stopSignal, let status = stop.exitStatus {
            output.diagnose("stopped by \(signal.rawValue): \(changedPosts) post(s) " + (mode == .dryRun ? "shown" : "written whole")
                            + ", the others untouched; run the same command again for the rest")
            return status
        }
        return refused > 0 || (leftRemote > 0 && mode != .undo) ? 3 : 0
    }

    /// Replaces the post with its new bytes (temp file, rename) unless it changed since the plan.
    private func write(_ plan: PostPlan) throws {
        guard let now = FileManager.default.contents(atPath: plan.file) else {
            throw LocalizeError("cannot read \(plan.file) again before writing it; check that it still exists")
        }
        guard now == plan.before else {
            throw LocalizeError("\(plan.file) changed since it was read (someone edited it during the run); nothing written, run localize again")
        }
        let temporary = plan.file + ".mediavault-\(UUID().uuidString).tmp"
        let permissions = (try? FileManager.default.attributesOfItem(atPath: plan.file))?[.posixPermissions]
        do {
            try plan.after.write(to: URL(fileURLWithPath: temporary))
            if let permissions { try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary) }
            if rename(temporary, plan.file) != 0 { throw LocalizeError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw LocalizeError("cannot write \(plan.file) (\(error)); check that the folder is writable")
        }
    }
}

/// Unified diffs of a post before and after, through the system `diff -u` (diffutils, part of
/// every Debian install): the dry run's plan.
enum LocalizeDiff {
    /// `diff -u` of two versions of `path`, labelled `a/path` and `b/path`.
    static func unified(_ before: Data, _ after: Data, path: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mediavault-diff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let old = folder.appendingPathComponent("a"), new = folder.appendingPathComponent("b")
            try before.write(to: old)
            try after.write(to: new)
            // ChildProcess (posix_spawn), not Foundation's Process: see ChildProcess's doc comment.
            let output = try ChildProcess.run("/usr/bin/diff", arguments: [
                "-u", "--label", "a/" + path, "--label", "b/" + path, old.path, new.path,
            ], stderr: .inherit)
            let text = output.stdout
            return String(decoding: text, as: UTF8.self)
        } catch {
            return "(no diff for \(path): \(error))\n"
        }
    }
}
