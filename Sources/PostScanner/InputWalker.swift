import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Expands the inputs a user names (files and folders) into the post files to scan, in a stable order.
public enum InputWalker {
    /// One file to scan, with the name to show for it and the input root it was found under.
    public struct Item: Sendable, Equatable {
        /// The absolute path of the file, without `.` or `..` components.
        public var path: String
        /// How the file is named in output: the input as given, or input + relative path.
        public var displayPath: String
        /// The path of the file relative to the input it came from (the file name for a file input).
        public var relativePath: String
        /// The file on disk.
        public var file: URL { URL(fileURLWithPath: path) }
        /// The input the file was found under: the folder named, or a file input's own folder.
        public var inputRoot: String {
            // Byte counts: a path with CJK names has fewer characters than bytes.
            let root = path.utf8.dropLast(relativePath.utf8.count)
            let trimmed = root.count > 1 && root.last == UInt8(ascii: "/") ? root.dropLast() : root
            return String(decoding: trimmed, as: UTF8.self)
        }
    }

    /// File extensions that can hold posts or feeds (`.qmd`, `.Rmd`, `.Rmarkdown`: Quarto and R
    /// Markdown, read as Markdown; `.adoc`: AsciiDoc; `.org`: Org). Not `.json`: folders and sites are full of
    /// JSON that is no post (data files, `package.json`); a JSON Feed or Ghost export is read
    /// when it is named as an input.
    public static let postExtensions: Set<String> = ["md", "markdown", "mdown", "mkd", "mkdn", "mkdown", "mdwn", "mdx", "qmd", "rmd", "rmarkdown", "html", "htm", "xhtml", "xml", "rst", "rss",
                                                     "atom", "feed", "adoc", "asciidoc", "org"]

    /// Lists the post files under each input (see `walk`), and the inputs that cannot be read.
    public static func expand(_ inputs: [String]) -> (items: [Item], errors: [ScanError]) {
        var items: [Item] = []
        var errors: [ScanError] = []
        walk(inputs, found: { items.append($0) }, failed: { errors.append($0) })
        return (items, errors)
    }

    /// Calls `found` for each post file of the inputs in order: a folder is walked recursively
    /// (hidden entries skipped, symbolic links to folders not followed, sorted by relative path),
    /// a file is taken as it is whatever its extension; `failed` hears of each input that cannot
    /// be read. A folder is read one directory at a time, so memory grows with the largest
    /// directory, not with the tree. Works on path strings with readdir: URL values cost more
    /// per file than scanning a small post.
    public static func walk(_ inputs: [String], found: (Item) throws -> Void, failed: (ScanError) -> Void) rethrows {
        var steps = Steps(inputs)
        while let step = steps.next() {
            switch step {
            case .found(let item): try found(item)
            case .failed(let error): failed(error)
            }
        }
    }

    /// One step of a walk: a post file found, or an input that cannot be read.
    public enum Step: Sendable, Equatable {
        /// A post file to scan.
        case found(Item)
        /// An input that cannot be read (reported, and the walk goes on).
        case failed(ScanError)
    }

    /// The walk of `walk(_:found:failed:)` pulled one step at a time, so that an async caller
    /// (`mirror`, which hands images to the fetchers while it scans) can wait between files.
    public struct Steps: Sequence, IteratorProtocol {
        private var inputs: IndexingIterator<[String]>
        private var folder: FolderWalk?

        /// A walk of `inputs`, in order.
        public init(_ inputs: [String]) { self.inputs = inputs.makeIterator() }

        /// The next post file or unreadable input; nil when the walk is over.
        public mutating func next() -> Step? {
            while true {
                if folder != nil {
                    if let item = folder?.nextItem() { return .found(item) }
                    folder = nil
                }
                guard let input = inputs.next() else { return nil }
                var info = stat()
                guard stat(input, &info) == 0 else { return .failed(ScanError(input: input, reason: "no such file or folder; check the path")) }
                let root = URL(fileURLWithPath: input).standardizedFileURL.path
                if (info.st_mode & S_IFMT) != S_IFDIR {
                    return .found(Item(path: root, displayPath: input, relativePath: (root as NSString).lastPathComponent))
                }
                guard let top = InputWalker.entries(of: root) else { return .failed(ScanError(input: input, reason: "cannot list the folder; check its permissions")) }
                folder = FolderWalk(root: root, prefix: input.hasSuffix("/") ? input : input + "/", filter: SiteWalkFilter(input: root), top: top)
            }
        }
    }

    /// The walk of one folder: depth first in path order. Sub-folders that cannot be read are
    /// skipped, as `find` would report and skip them.
    private struct FolderWalk {
        let root: String
        let prefix: String
        let filter: SiteWalkFilter
        var stack: [(folder: String, entries: [Entry], next: Int)]

        init(root: String, prefix: String, filter: SiteWalkFilter, top: [Entry]) {
            self.root = root
            self.prefix = prefix
            self.filter = filter
            stack = [("", top, 0)]
        }

        /// The next post file under the folder, or nil when it is walked.
        mutating func nextItem() -> Item? {
            while let last = stack.indices.last {
                let (folder, entries, next) = stack[last]
                guard next < entries.count else { stack.removeLast(); continue }
                stack[last].next += 1
                let entry = entries[next]
                let relative = folder.isEmpty ? entry.name : folder + "/" + entry.name
                let absolute = root == "/" ? "/" + relative : root + "/" + relative
                // Inside a static site only its content is read (no themes, layouts or built output).
                guard filter.includes(absolute, isFolder: entry.isFolder) else { continue }
                if entry.isFolder {
                    if let inner = InputWalker.entries(of: root + "/" + relative) { stack.append((relative, inner, 0)) }
                } else {
                    return Item(path: absolute, displayPath: prefix + relative, relativePath: relative)
                }
            }
            return nil
        }
    }

    /// One entry of a folder: a post file or a sub-folder.
    private struct Entry {
        var name: String
        var isFolder: Bool
        /// What entries sort by: a folder's name with `/`, so that walking sorted folders one by
        /// one gives the order of sorting all relative paths at once (`a-b.md` before `a/x.md`).
        var key: String { isFolder ? name + "/" : name }
    }

    /// The post files and sub-folders of one folder, sorted; nil when it cannot be read.
    private static func entries(of folder: String) -> [Entry]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var found: [Entry] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name.hasPrefix(".") { continue }  // hidden, and . and ..
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): found.append(Entry(name: name, isFolder: true))
            case Int32(DT_REG): if hasPostExtension(name) { found.append(Entry(name: name, isFolder: false)) }
            default:
                // A symbolic link (followed to a file, never into a folder) or a file system
                // that does not report types.
                let path = folder + "/" + name
                var info = stat()
                if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN), lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    found.append(Entry(name: name, isFolder: true))
                    continue
                }
                guard hasPostExtension(name), stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
                found.append(Entry(name: name, isFolder: false))
            }
        }
        return found.sorted { $0.key < $1.key }
    }

    private static func hasPostExtension(_ name: String) -> Bool {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return false }
        return postExtensions.contains(name[name.utf8.index(after: dot)...].lowercased())
    }
}
