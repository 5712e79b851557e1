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
    }

    /// File extensions that can hold posts or feeds.
    public static let postExtensions: Set<String> = ["md", "markdown", "mdown", "html", "htm", "xhtml", "xml", "rss", "atom", "feed"]

    /// Lists the post files under each input; a folder is walked recursively (hidden entries
    /// skipped, symbolic links to folders not followed, sorted by path), a file is taken as it is
    /// whatever its extension. Works on path strings with readdir: URL values cost more per
    /// file than scanning a small post.
    public static func expand(_ inputs: [String]) -> (items: [Item], errors: [ScanError]) {
        var items: [Item] = []
        var errors: [ScanError] = []
        for input in inputs {
            var info = stat()
            guard stat(input, &info) == 0 else {
                errors.append(ScanError(input: input, reason: "no such file or folder; check the path"))
                continue
            }
            let root = URL(fileURLWithPath: input).standardizedFileURL.path
            if (info.st_mode & S_IFMT) != S_IFDIR {
                items.append(Item(path: root, displayPath: input, relativePath: (root as NSString).lastPathComponent))
                continue
            }
            guard let relativePaths = postFiles(under: root) else {
                errors.append(ScanError(input: input, reason: "cannot list the folder; check its permissions"))
                continue
            }
            let prefix = input.hasSuffix("/") ? input : input + "/"
            for relative in relativePaths.sorted() {
                items.append(Item(path: root == "/" ? "/" + relative : root + "/" + relative,
                                  displayPath: prefix + relative, relativePath: relative))
            }
        }
        return (items, errors)
    }

    /// The relative paths of the post files under `root` (unsorted); nil when `root` cannot be read.
    /// Sub-folders that cannot be read are skipped, as `find` would report and skip them.
    private static func postFiles(under root: String) -> [String]? {
        var found: [String] = []
        var folders: [String] = [""]  // relative paths of folders still to read
        var first = true
        while let folder = folders.popLast() {
            let absolute = folder.isEmpty ? root : root + "/" + folder
            guard let directory = opendir(absolute) else {
                if first { return nil }
                continue
            }
            first = false
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                if name.hasPrefix(".") { continue }  // hidden, and . and ..
                let relative = folder.isEmpty ? name : folder + "/" + name
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): folders.append(relative)
                case Int32(DT_REG): if hasPostExtension(name) { found.append(relative) }
                default:
                    // A symbolic link (followed to a file, never into a folder) or a file system
                    // that does not report types.
                    let path = absolute + "/" + name
                    var info = stat()
                    if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN), lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                        folders.append(relative)
                        continue
                    }
                    guard hasPostExtension(name), stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
                    found.append(relative)
                }
            }
        }
        return found
    }

    private static func hasPostExtension(_ name: String) -> Bool {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return false }
        return postExtensions.contains(name[name.utf8.index(after: dot)...].lowercased())
    }
}
