import Foundation

/// Expands the inputs a user names (files and folders) into the post files to scan, in a stable order.
public enum InputWalker {
    /// One file to scan, with the name to show for it and the input root it was found under.
    public struct Item: Sendable, Equatable {
        /// The file on disk.
        public var file: URL
        /// How the file is named in output: the input as given, or input + relative path.
        public var displayPath: String
        /// The path of the file relative to the input it came from (the file name for a file input).
        public var relativePath: String
    }

    /// File extensions that can hold posts or feeds.
    public static let postExtensions: Set<String> = ["md", "markdown", "mdown", "html", "htm", "xhtml", "xml", "rss", "atom", "feed"]

    /// Lists the post files under each input; a folder is walked recursively (hidden entries
    /// skipped, sorted by path), a file is taken as it is whatever its extension.
    public static func expand(_ inputs: [String]) -> (items: [Item], errors: [ScanError]) {
        var items: [Item] = []
        var errors: [ScanError] = []
        let fm = FileManager.default
        for input in inputs {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: input, isDirectory: &isDir) else {
                errors.append(ScanError(input: input, reason: "no such file or folder; check the path"))
                continue
            }
            let root = URL(fileURLWithPath: input)
            if !isDir.boolValue {
                items.append(Item(file: root, displayPath: input, relativePath: root.lastPathComponent))
                continue
            }
            guard let walker = fm.enumerator(at: root, includingPropertiesForKeys: [],
                                             options: [.skipsHiddenFiles]) else {
                errors.append(ScanError(input: input, reason: "cannot list the folder; check its permissions"))
                continue
            }
            var found: [Item] = []
            let rootPath = root.standardizedFileURL.path
            for case let file as URL in walker {
                guard postExtensions.contains(file.pathExtension.lowercased()),
                      FileBytes.isRegularFile(file.path) else { continue }
                let absolute = file.standardizedFileURL.path
                var relative = absolute
                if relative.hasPrefix(rootPath + "/") { relative.removeFirst(rootPath.count + 1) }
                let shown = input.hasSuffix("/") ? input + relative : input + "/" + relative
                found.append(Item(file: file, displayPath: shown, relativePath: relative))
            }
            items.append(contentsOf: found.sorted { $0.relativePath < $1.relativePath })
        }
        return (items, errors)
    }
}
