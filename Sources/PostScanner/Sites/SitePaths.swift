import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Path arithmetic and file tests on plain strings (URL values cost more per file than the work).
enum SitePaths {
    /// `base/relative` with `.` and `..` components folded; `..` never climbs above `/`.
    static func join(_ base: String, _ relative: String) -> String {
        normalize(relative.hasPrefix("/") ? relative : base + "/" + relative)
    }

    /// The absolute path without empty, `.` or `..` components.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder holding `path` (`/` for a top-level entry), by the last `/`, without NSString.
    static func parent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == path.utf8.startIndex ? "/" : String(path[..<slash])
    }

    /// True when `text` holds the ASCII byte `byte` (memchr on the contiguous UTF-8).
    static func contains(_ text: String, byte: UInt8) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// True when an absolute path has no `//`, `/./` or `/../` to fold (a byte scan).
    static func isClean(_ path: String) -> Bool {
        var previous: UInt8 = 0
        for byte in path.utf8 {
            if previous == UInt8(ascii: "/"), byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") { return false }
            previous = byte
        }
        return true
    }

    /// True when `path` is `folder` or inside it.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        if folder == "/" { return true }
        return path == folder || path.hasPrefix(folder + "/")
    }

    /// True when a regular file (or a link to one) exists at `path`.
    static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// True when a folder exists at `path`.
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a folder (hidden ones left out), sorted; empty when it cannot be read.
    static func names(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    /// The file in `folder` whose name equals `name` ignoring case (Hugo matches page resources
    /// that way), or nil.
    static func caseInsensitiveMatch(_ name: String, in folder: String) -> String? {
        let lower = name.lowercased()
        return names(in: folder).first { $0.lowercased() == lower }.map { folder + "/" + $0 }
    }

    /// The text of a small configuration file, or nil.
    static func read(_ path: String) -> String? {
        guard isFile(path), let data = FileManager.default.contents(atPath: path), data.count < 1 << 20 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Image file extensions, lower-cased.
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "heic", "heif", "jxl", "ico"]

    /// True when the file name ends in an image extension.
    static func isImageName(_ name: String) -> Bool {
        imageExtensions.contains((name as NSString).pathExtension.lowercased())
    }

    /// True when `path` matches the glob `pattern` in any case, as Hugo matches page resources:
    /// `*` stays within a folder unless the pattern has `**` (`fnmatch(3)`; glibc's `FNM_CASEFOLD`,
    /// 1 << 4, is a GNU extension the Glibc module does not export).
    static func globMatches(_ pattern: String, _ path: String) -> Bool {
        let caseFold: Int32 = 1 << 4
        return fnmatch(pattern, path, caseFold | (pattern.contains("**") ? 0 : FNM_PATHNAME)) == 0
    }

    /// True when a written reference (`a.png?w=400`, a URL) names an image file, its query aside.
    static func namesImage(_ value: String) -> Bool {
        isImageName(value.split(separator: "?").first.map(String.init) ?? value)
    }
}

extension SitePaths {
    /// A folder written relative to the site root (`./src/`) as the generators list them (`src`; "" for the root).
    static func relativeFolder(_ written: String) -> String {
        var folder = Substring(written)
        while folder.hasPrefix("./") { folder = folder.dropFirst(2) }
        let trimmed = folder.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return trimmed == "." ? "" : trimmed
    }

    /// The first folder of a relative path (`node_modules` for `node_modules/a/b.md`).
    static func topFolder(_ relative: String) -> String {
        relative.split(separator: "/").first.map(String.init) ?? relative
    }

    /// The first of `names` that is a file in `root`, or nil (a generator's configuration files, in its order).
    static func firstFile(_ names: [String], in root: String) -> String? {
        names.first { isFile(root + "/" + $0) }
    }

    /// `url` without trailing slashes.
    static func trimSlashes(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

extension SitePaths {
    /// The values of `attribute` (`src="…"`, `src='…'`) in template text, in order. Template
    /// actions inside a value are kept as written and may hold the value's own quote, as Go and
    /// Liquid templates allow (`src="{{ "img/" | relURL }}{{ .Get "name" }}"`).
    static func attributeValues(_ attribute: String, in text: String) -> [String] {
        let pattern = #"(?<![\w-])"# + NSRegularExpression.escapedPattern(for: attribute) + #"\s*=\s*(["'])"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
        let bytes = Array(text.utf8)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard let quoteRange = Range(match.range(at: 1), in: text) else { return nil }
            let start = text.utf8.distance(from: text.utf8.startIndex, to: quoteRange.upperBound)
            let quote = bytes[start - 1]
            var k = start
            while k < bytes.count, bytes[k] != quote {
                // Skip a template action whole: its quotes are not the attribute's.
                if bytes[k] == UInt8(ascii: "{"), k + 1 < bytes.count, bytes[k + 1] == UInt8(ascii: "{") || bytes[k + 1] == UInt8(ascii: "%") {
                    let close = bytes[k + 1] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "%")
                    var m = k + 2
                    while m + 1 < bytes.count, !(bytes[m] == close && bytes[m + 1] == UInt8(ascii: "}")) { m += 1 }
                    k = min(m + 2, bytes.count)
                    continue
                }
                k += 1
            }
            return String(decoding: bytes[start..<min(k, bytes.count)], as: UTF8.self)
        }
    }
}

/// Template files (Jekyll includes, Hugo shortcodes) read once per site: every image that goes
/// through a template asks for the same file, and a post may have hundreds.
final class TemplateTexts: @unchecked Sendable {
    // @unchecked: `texts` is only touched under `lock`.
    private let lock = NSLock()
    private var texts: [String: String?] = [:]

    /// The text of the file at `path` (nil when it cannot be read), read on first use.
    func text(at path: String) -> String? {
        lock.lock()
        if let known = texts[path] { lock.unlock(); return known }
        lock.unlock()
        let text = SitePaths.read(path)
        lock.lock()
        texts[path] = .some(text)
        lock.unlock()
        return text
    }
}
