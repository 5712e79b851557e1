import Foundation

/// Finds the site a path belongs to, remembering each folder's answer: every post of a walk asks,
/// and looking for marker files costs a dozen `stat` calls per folder.
public final class SiteIndex: @unchecked Sendable {
    // @unchecked: the caches are only touched under `lock`.
    private let lock = NSLock()
    private var rootAt: [String: Site?] = [:]
    private var enclosing: [String: Site?] = [:]
    private var stamps: [String: String] = [:]
    /// The last folder asked about and its answer: a walk asks for every file of a folder in a row.
    private var last: (folder: String, site: Site?)?

    /// Creates an empty index.
    public init() {}

    /// The site whose root is exactly `folder`, or nil.
    public func site(at folder: String) -> Site? {
        let folder = SitePaths.normalize(folder)
        lock.lock()
        if let known = rootAt[folder] { lock.unlock(); return known }
        lock.unlock()
        let found = Site.detect(root: folder)
        lock.lock()
        rootAt[folder] = .some(found)
        lock.unlock()
        return found
    }

    /// The innermost site holding `folder` (the folder itself or an ancestor), or nil.
    public func site(containing given: String) -> Site? {
        lock.lock()
        if let last, last.folder == given { lock.unlock(); return last.site }
        if let known = enclosing[given] { last = (given, known); lock.unlock(); return known }  // walks pass clean paths
        lock.unlock()
        let folder = SitePaths.normalize(given)
        let found = site(at: folder) ?? (folder == "/" ? nil : site(containing: (folder as NSString).deletingLastPathComponent))
        lock.lock()
        enclosing[folder] = .some(found)
        enclosing[given] = .some(found)
        lock.unlock()
        return found
    }

    /// The site of the post file at `path`, or nil.
    public func site(forPost path: String) -> Site? {
        site(containing: SitePaths.parent(path))
    }

    /// The settings fingerprint (`Site.settingsStamp`) of the site of the post file at `path`,
    /// taken once per site and run; nil for a post in no site.
    public func settingsStamp(forPost path: String) -> String? {
        guard let site = site(forPost: path) else { return nil }
        if let known = lock.withLock({ stamps[site.root] }) { return known }
        let stamp = site.settingsStamp()
        lock.withLock { stamps[site.root] = stamp }
        return stamp
    }
}
