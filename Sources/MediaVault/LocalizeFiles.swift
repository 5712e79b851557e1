import ArchiveStore
import Foundation
import PostScanner

/// One archived object to copy into the site.
public struct PlacedFile: Sendable, Equatable {
    /// The object file in the archive.
    public var object: URL
    /// Where it goes in the site, absolute.
    public var path: String
    /// Its SHA-256.
    public var sha256: String
    /// The generator rule that chose the place.
    public var rule: String
}

/// Chooses where each archived image goes in the site and under which name: one file per object
/// and folder (deduplicated by content, also against files an earlier run placed), named
/// `<post-slug>-<n>-<sha8>.<ext>` so a person can tell which post it came from.
final class LocalizeFiles {
    /// The site.
    let site: Site
    /// The folder under the web root (`images/archived`).
    let directory: String
    private let catalog: any CatalogStore
    private let store: ObjectStore
    private var objects: [String: ObjectRecord?] = [:]
    /// The first catalog read that failed: the plan of the post is refused with it, rather
    /// than its images being left remote as "not archived".
    private(set) var lookupError: (any Error)?
    /// Folder → SHA-256 → file name, for this run and earlier ones.
    private var names: [String: [String: String]] = [:]
    /// Every file to place, by target path.
    private(set) var files: [String: PlacedFile] = [:]
    /// Target paths referenced since `beginPost` (the files one post needs).
    private(set) var touched: Set<String> = []

    /// Creates a placer for `site` with objects from `store`/`catalog`.
    init(site: Site, directory: String, catalog: any CatalogStore, store: ObjectStore) {
        self.site = site
        self.directory = directory
        self.catalog = catalog
        self.store = store
    }

    /// The archived object of a resolved URL, memoised; nil when it is not archived.
    func object(for url: String) -> ObjectRecord? {
        if let known = objects[url] { return known }
        let found: ObjectRecord?
        do { found = try catalog.object(forURL: url) } catch {
            lookupError = lookupError ?? error
            return nil
        }
        objects[url] = .some(found)
        return found
    }

    /// The reference the post at `postFile` (dated `date`) writes for `object`; `counter` numbers
    /// the post's distinct images. Nil when the generator has no place for files.
    func reference(for object: ObjectRecord, postFile: String, counter: inout [String: Int], as form: SitePlacement.Form = .body, date: String? = nil,
                   mediaSubpath: String? = nil) -> String? {
        guard let placement = site.placement(forPost: postFile, directory: directory, date: date, mediaSubpath: mediaSubpath) else { return nil }
        let folder = placement.folder
        if names[folder] == nil { names[folder] = Self.existingNames(in: folder) }
        let short = String(object.sha256.prefix(8))
        let name: String
        if let known = names[folder]?[object.sha256] ?? names[folder]?[short] {
            name = known
        } else {
            let number = counter[object.sha256] ?? (counter.count + 1)
            counter[object.sha256] = number
            name = "\(site.slug(forPost: postFile))-\(number)-\(short).\(object.ext)"
            names[folder]?[object.sha256] = name
        }
        let path = placement.path(of: name)
        touched.insert(path)
        if files[path] == nil {
            files[path] = PlacedFile(object: store.objectFile(sha256: object.sha256, fileExtension: object.ext),
                                     path: path, sha256: object.sha256, rule: placement.rule)
        }
        return placement.reference(to: name, as: form)
    }

    /// Starts collecting the files of the next post.
    func beginPost() { touched = [] }

    /// Files an earlier run placed (`*-<sha8>.<ext>`), by their short hash.
    private static func existingNames(in folder: String) -> [String: String] {
        var found: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let stem = (name as NSString).deletingPathExtension
            guard let dash = stem.lastIndex(of: "-") else { continue }
            let short = stem[stem.index(after: dash)...]
            if short.count == 8, short.allSatisfy(\.isHexDigit) { found[String(short)] = name }
        }
        return found
    }

    /// Copies one file into the site (temp file, rename); a file already there with the same
    /// size is kept (its name carries the content hash).
    static func place(_ file: PlacedFile) throws {
        let manager = FileManager.default
        if let size = (try? manager.attributesOfItem(atPath: file.path))?[.size] as? Int,
           let objectSize = (try? manager.attributesOfItem(atPath: file.object.path))?[.size] as? Int, size == objectSize { return }
        let folder = (file.path as NSString).deletingLastPathComponent
        let temporary = folder + "/.mediavault-\(UUID().uuidString).tmp"
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try manager.copyItem(atPath: file.object.path, toPath: temporary)
            // Objects are read-only in the archive; the copy in the site is the author's file.
            try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temporary)
            if rename(temporary, file.path) != 0 { throw LocalizeError("rename failed: \(String(cString: strerror(errno)))") }
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw LocalizeError("cannot place \(file.object.path) at \(file.path) (\(error)); check that the site folder is writable and run `mediavault verify` if the object is missing")
        }
    }
}

/// A localize step that cannot be done, with the input, the reason and what to do.
public struct LocalizeError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String
    /// Creates an error with its message.
    init(_ description: String) { self.description = description }
}
