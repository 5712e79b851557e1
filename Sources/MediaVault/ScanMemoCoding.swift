import Foundation
import PostScanner

/// The text a `ScanMemo` keeps per post file: every field of its scanned posts, each string
/// length-prefixed (`<UTF-8 bytes>:<text>`, `~` for nil), so decoding is a walk over bytes with
/// no escaping and no parser (a re-run decodes one per unchanged file: it must cost far less
/// than the parse it replaces; JSON through Foundation cost about as much).
enum ScanMemoCoding {
    /// Names the layout; a memo written by another layout is ignored (the file is parsed).
    /// Change it whenever a field of `ScannedPost` or `ImageRef` is added or changes meaning.
    static let format = "mv-scan-4"
    /// The build whose scanning rules made the posts: another build (an upgrade, with rules that
    /// may read the same file differently) parses the file again.
    static let scanner = BuildIdentity.current ?? "unknown build"

    /// The text for `posts` read by `scanner` from a file named `displayPath` in a site whose
    /// settings had the fingerprint `settings` (nil outside a site); nil when it cannot be kept as
    /// text in every catalog (a NUL byte in some field).
    static func encode(_ posts: [ScannedPost], displayPath: String, settings: String? = nil, scanner: String = scanner) -> String? {
        var out = Writer()
        out.put(format)
        out.put(scanner)
        out.put(displayPath)
        out.put(settings)
        out.put(posts.count)
        for post in posts {
            out.put(post.path); out.put(post.title); out.put(post.date); out.put(post.url); out.put(post.cover)
            out.put(post.coverIsPlaceholder); out.put(post.metaReferrerPolicy); out.put(post.guid)
            out.put(post.warnings); out.put(post.siteRoot); out.put(post.generator)
            out.put(post.images.count)
            for image in post.images {
                out.put(image.index); out.put(image.url); out.put(image.src); out.put(image.variants)
                out.put(image.innerURL); out.put(image.caption); out.put(image.alt); out.put(image.referrerPolicy)
                out.put(image.isCover); out.put(image.isPlaceholder); out.put(image.occurrences)
                out.put(image.rule); out.put(image.missingFile); out.put(image.fallback); out.put(image.linked)
            }
        }
        guard !out.bytes.contains(0) else { return nil }
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The posts kept in `text`, when it was written by this layout and this build's `scanner`
    /// for the same `displayPath` and the same site `settings`.
    static func decode(_ text: String, displayPath: String, settings: String? = nil, scanner: String = scanner) throws(Malformed) -> [ScannedPost]? {
        var input = Reader(bytes: Array(text.utf8))
        guard try input.string() == format, try input.string() == scanner, try input.string() == displayPath,
              try input.string() == settings else { return nil }
        return try (0..<input.count()).map { _ throws(Malformed) in
            var post = ScannedPost(path: try input.required(), title: try input.string(), date: try input.string(),
                                   url: try input.string(), cover: try input.string(), coverIsPlaceholder: try input.bool(),
                                   metaReferrerPolicy: try input.string())
            post.guid = try input.string()
            post.warnings = try input.strings()
            post.siteRoot = try input.string()
            post.generator = try input.string()
            post.images = try (0..<input.count()).map { _ throws(Malformed) in
                var image = ImageRef(index: try input.int(), url: try input.string(), src: try input.required(),
                                     variants: try input.strings(), innerURL: try input.string(), caption: try input.string(),
                                     alt: try input.string(), referrerPolicy: try input.string(), isCover: try input.bool(),
                                     isPlaceholder: try input.bool(), occurrences: try input.int())
                image.rule = try input.string()
                image.missingFile = try input.bool()
                image.fallback = try input.string()
                image.linked = try input.string()
                return image
            }
            return post
        }
    }

    /// The text is not what `encode` writes (damaged, or cut short).
    struct Malformed: Error {}

    private struct Writer {
        var bytes: [UInt8] = []
        mutating func put(_ text: String?) {
            guard let text else { bytes.append(UInt8(ascii: "~")); return }
            bytes.append(contentsOf: String(text.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: text.utf8)
        }
        mutating func put(_ number: Int) { put(String(number)) }
        mutating func put(_ flag: Bool) { put(flag ? "1" : "0") }
        mutating func put(_ list: [String]) {
            put(list.count)
            for text in list { put(text) }
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0
        mutating func string() throws(Malformed) -> String? {
            guard at < bytes.count else { throw Malformed() }
            if bytes[at] == UInt8(ascii: "~") { at += 1; return nil }
            var length = 0
            while at < bytes.count, bytes[at] != UInt8(ascii: ":") {
                let digit = Int(bytes[at]) - Int(UInt8(ascii: "0"))
                guard (0...9).contains(digit), length < Int.max / 10 - 9 else { throw Malformed() }
                length = length * 10 + digit
                at += 1
            }
            at += 1
            guard at + length <= bytes.count else { throw Malformed() }
            defer { at += length }
            return String(decoding: bytes[at..<at + length], as: UTF8.self)
        }
        mutating func required() throws(Malformed) -> String {
            guard let text = try string() else { throw Malformed() }
            return text
        }
        mutating func int() throws(Malformed) -> Int {
            guard let number = Int(try required()) else { throw Malformed() }
            return number
        }
        /// A list's length: never negative (a range from a negative number would trap).
        mutating func count() throws(Malformed) -> Int {
            let number = try int()
            guard number >= 0 else { throw Malformed() }
            return number
        }
        mutating func bool() throws(Malformed) -> Bool { try int() != 0 }
        mutating func strings() throws(Malformed) -> [String] {
            try (0..<count()).map { _ throws(Malformed) in try required() }
        }
    }
}
