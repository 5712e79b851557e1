import ArchiveStore
import Foundation
import PostScanner

/// `mirror SITE --rewrite-to DIR` for a detected static site: a full copy of the site under DIR
/// (everything but `.git`), localized in place by `Localizer`, so DIR builds with the site's
/// own generator and shows every archived image offline. Plain folders keep `PostRewriter`.
struct SiteCopy {
    /// The site roots among `inputs` (folders where a generator is detected).
    static func siteRoots(_ inputs: [String]) -> [String] {
        inputs.filter { Site.detect(root: URL(fileURLWithPath: $0).standardizedFileURL.path) != nil }
    }

    /// Copies `siteRoot` into `destination` and localizes the copy; false (after saying why) when it could not.
    static func write(_ siteRoot: String, to destination: URL, archive: URL, output: some OutputSink) async -> Bool {
        let source = URL(fileURLWithPath: siteRoot).standardizedFileURL.resolvingSymlinksInPath()
        let target = destination.standardizedFileURL
        let targetReal = target.resolvingSymlinksInPath().path
        guard !(targetReal + "/").hasPrefix(source.path + "/") else {
            output.diagnose("\(siteRoot): not copied: --rewrite-to \(target.path) is inside the site; choose a folder outside it")
            return false
        }
        let files = FileManager.default
        do {
            try files.createDirectory(at: target, withIntermediateDirectories: true)
            for name in try files.contentsOfDirectory(atPath: source.path) where name != ".git" {
                let to = target.appendingPathComponent(name)
                if files.fileExists(atPath: to.path) { try files.removeItem(at: to) }  // a fresh copy each run
                try files.copyItem(at: source.appendingPathComponent(name), to: to)
            }
        } catch {
            output.diagnose("\(siteRoot): cannot copy the site to \(target.path) (\(SystemError.describe(error))); check the folder's permissions and free space")
            return false
        }
        do {
            let localizer = try Localizer(siteRoot: target.path, archive: archive)
            let status = await localizer.run(mode: .write, output: WithoutSummary(inner: output))
            return status != 2
        } catch {
            output.diagnose("\(siteRoot): copied to \(target.path) but not localized: \(error)")
            return false
        }
    }
}

/// Passes every line through except `summary` (mirror ends with its own).
struct WithoutSummary<Inner: OutputSink>: OutputSink {
    /// Where the other lines go.
    let inner: Inner
    func emit(_ record: OutputRecord) { if record.type != "summary" { inner.emit(record) } }
    func diagnose(_ message: String) { inner.diagnose(message) }
}
