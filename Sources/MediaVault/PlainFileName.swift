import Foundation
import PostScanner

/// Where `mirror --download-only DIR` saves an image: `<host>/<path>` under DIR, as `wget -x`
/// does, readable (percent-escapes decoded) and safe (no `..`, no absolute paths, no `/` or NUL
/// inside a name, names cut to what file systems allow).
enum PlainFileName {
    /// Longest name of one path component, in bytes (ext4 allows 255; room is left for `.part`).
    static let maxComponentBytes = 240

    /// The relative path for an image URL: `host[:port]/dir/name[?query]`; `local/<path>` for a
    /// `file://` image; nil when the URL has neither a host nor a path.
    static func relativePath(for url: String) -> String? {
        simplePath(for: url) ?? componentsPath(for: url)
    }

    /// `relativePath(for:)` through URLComponents, for every URL shape.
    static func componentsPath(for url: String) -> String? {
        guard let parts = URLComponents(string: url) else { return nil }
        var components: [String] = []
        if parts.scheme?.lowercased() == "file" {
            components.append("local")
        } else {
            guard let host = parts.host?.lowercased(), !host.isEmpty else { return nil }
            components.append(safe(parts.port.map { "\(host):\($0)" } ?? host))
        }
        let segments = parts.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let decoded = String(segment).removingPercentEncoding ?? String(segment)
            let isLast = index == segments.count - 1
            if decoded.isEmpty || decoded == "." || decoded == ".." {
                if isLast { components.append("index") }  // a path ending in `/` names a folder's page
                continue
            }
            components.append(safe(decoded))
        }
        if components.count == 1 { components.append("index") }
        if let query = parts.percentEncodedQuery, !query.isEmpty {
            // The query is part of the image's identity (`a.jpg?w=640` is another picture).
            components[components.count - 1] = safe(components[components.count - 1] + "?" + query)
        }
        return components.joined(separator: "/")
    }

    /// The same answer as `relativePath(for:)` for the common shape, `http(s)://host[:port]/path[?query]`
    /// with no percent-escapes, user info, dot segments or empty segments, worked out on bytes;
    /// nil for anything else (then URLComponents decides). Saving 2,000 images called URLComponents
    /// and percent-decoding 2,000 times for names that need neither.
    static func simplePath(for url: String) -> String? {
        var rest: Substring
        if url.hasPrefix("https://") { rest = url.dropFirst(8) } else if url.hasPrefix("http://") { rest = url.dropFirst(7) } else { return nil }
        guard !rest.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "#")
                                             || $0 == UInt8(ascii: "\\") || $0 <= 0x20 || $0 >= 0x7F }) else { return nil }
        var query: Substring? = nil
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let segments = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 2, let authority = segments.first, !authority.isEmpty,
              segments.dropFirst().allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        var host = authority.lowercased()
        if let colon = host.firstIndex(of: ":") {
            // A port: digits only, kept as written (as URLComponents reports it).
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else { return nil }
            host = String(host[..<colon]) + ":" + port
        }
        var components = [safe(host)] + segments.dropFirst().map { safe(String($0)) }
        if let query, !query.isEmpty { components[components.count - 1] = safe(components[components.count - 1] + "?" + query) }
        return components.joined(separator: "/")
    }

    /// A name without `/` or NUL, and no longer than `maxComponentBytes` (cut at a character
    /// boundary, with a short digest of the whole name so two long names stay apart).
    static func safe(_ name: String) -> String {
        var name = name
        if name.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == 0 }) {
            name = name.replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: "\0", with: "%00")
        }
        if name.utf8.count > maxComponentBytes {
            let tag = "~" + String(UInt32(truncatingIfNeeded: StableHash.fnv1a(name)), radix: 16)
            var cut = ""
            for character in name {
                if cut.utf8.count + character.utf8.count + tag.utf8.count > maxComponentBytes { break }
                cut.append(character)
            }
            name = cut + tag
        }
        return name
    }
}
