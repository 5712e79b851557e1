import ArchiveStore
import Foundation

/// `mediavault forget POST|URL|SHA256`: records a tombstone so later `mirror` runs skip what it
/// names (counted as skipped, reason `forgotten`) and drops its catalog mappings; the bytes
/// stay until `mediavault prune --yes` moves what nothing references any more to `quarantine/`.
public struct ForgetJob: Sendable {
    /// The archive and its catalog.
    public var target: ArchiveTarget
    /// Only say what would be forgotten.
    public var dryRun: Bool
    /// Give up after waiting this many seconds for another process's archive lock; nil waits.
    public var lockTimeout: Double?

    /// Creates the job.
    public init(archive: URL, dryRun: Bool = false) {
        self.init(target: .local(archive), dryRun: dryRun)
    }

    /// Creates the job on an archive named on the command line (local or remote).
    public init(target: ArchiveTarget, dryRun: Bool = false) {
        self.target = target
        self.dryRun = dryRun
    }

    /// Forgets `argument`; emits one `forgotten` line (with `dry_run`) and a summary; returns 0,
    /// 1 when the argument names nothing known, 64 for an ambiguous hash prefix, 2 on errors.
    public func run(argument: String, output: some OutputSink) -> Int32 {
        guard target.requireCatalog(output: output) else { return ExitStatus.fatal }
        do {
            let lock = try target.lock(exclusive: !dryRun, timeout: lockTimeout) {
                output.diagnose("waiting for another mediavault process to finish with \(target.displayName) …")
            }
            defer { withExtendedLifetime(lock) {} }
            let catalog = try target.catalog.openForWriting()
            guard let target = try resolve(argument, catalog: catalog, output: output) else {
                output.diagnose("not found: \(argument) is no post, image URL or object of \(target.displayName); "
                                + "give a post file or its catalog path, an image URL as fetched, or 8+ hex digits of a SHA-256")
                return ExitStatus.notFound
            }
            if case .usage(let message) = target {
                output.diagnose("error: \(message)")
                return ExitStatus.usage
            }
            guard case .target(let forgetTarget) = target else { return ExitStatus.fatal }
            let effect = try catalog.forget(forgetTarget, dryRun: dryRun)
            output.emit(ForgottenLine(forgetTarget, posts: effect.posts, urls: effect.urls, dryRun: dryRun))
            output.emit(ForgetSummary(posts: effect.posts.count, urls: effect.urls.count, dryRun: dryRun))
            output.diagnose((dryRun ? "would forget" : "forgot") + " \(forgetTarget.kind) \(forgetTarget.value): "
                            + "\(effect.posts.count) post(s), \(effect.urls.count) URL mapping(s); later mirror runs skip it"
                            + (dryRun ? " (dry run: nothing written)" : "; `mediavault prune` shows what can now be removed"))
            return ExitStatus.success
        } catch {
            output.diagnose("error: forget \(argument) in \(target.displayName): \(error)")
            return ExitStatus.fatal
        }
    }

    private enum Resolution {
        case target(ForgetTarget)
        case usage(String)
    }

    /// What the argument names: a post (URL or path), an image URL, an object by (prefix of) hash.
    private func resolve(_ argument: String, catalog: any CatalogStore, output: some OutputSink) throws -> Resolution? {
        if argument.contains("://") {
            if let source = try catalog.postSources(matching: argument, absolutePath: nil).first { return .target(.post(source: source)) }
            return .target(.url(argument))  // a URL not archived yet is still never fetched
        }
        if argument.count >= 8, argument.count <= 64, argument.allSatisfy(\.isHexDigit) {
            let objects = try catalog.objects(sha256Prefix: argument)
            if objects.count > 1 { return .usage("\(argument) matches \(objects.count) objects; give more hex digits") }
            if let object = objects.first { return .target(.object(sha256: object.sha256)) }
            if argument.count == 64 { return .target(.object(sha256: argument.lowercased())) }
        }
        let absolute = URL(fileURLWithPath: argument).standardizedFileURL.path
        let sources = try catalog.postSources(matching: argument, absolutePath: absolute)
        if sources.contains(where: { $0 == absolute || $0.hasPrefix(absolute + "#") }) || FileManager.default.fileExists(atPath: absolute) {
            return .target(.post(source: absolute))  // the file: each of its posts, now and later
        }
        if let source = sources.first { return .target(.post(source: source)) }
        return nil
    }
}
