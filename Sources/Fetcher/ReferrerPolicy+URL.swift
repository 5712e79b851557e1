import Foundation

/// An http(s) URL reduced to what the Referrer Policy algorithms need, serialised the WHATWG way.
///
/// Why not Foundation's `URL`/`URLComponents` (checked with Swift 6.3.1 on Linux): they keep
/// `HTTPS://WWW.Example.COM` and `[2001:DB8::1]` as written, keep `:443`, serialise
/// `https://a.example` without the `/` path and reject `https:\\a.example\p`; the `Referer`
/// value must be byte-exact (W3C Referrer Policy §8.4 serialises with the WHATWG URL serializer,
/// "exclude fragment"). This parser covers the special-scheme subset of the WHATWG "basic URL
/// parser" that http(s) post and image URLs use; only IDNA is delegated to Foundation.
/// Not done (documented limits): IPv4 shorthand (`127.1`, hex parts) and IPv6 compression
/// (`[0:0::1]` is not rewritten to `[::1]`); both are only lower-cased and kept as written.
struct ReferrerURL: Equatable, Sendable {
    /// `http` or `https`, lower case.
    let scheme: String
    /// Lower-cased host; IPv6 literals keep their brackets.
    let host: String
    /// The port, nil when absent or equal to the scheme's default port.
    let port: Int?
    /// The path, always starting with `/`.
    let path: String
    /// The query without `?`; nil when there was no `?`, "" for an empty query.
    let query: String?

    /// Parses an absolute http(s) URL; nil for other schemes and for invalid input.
    init?(_ input: String) {
        // WHATWG URL §4.4: strip leading/trailing C0 control or space, remove tab and newline.
        let isC0OrSpace: (Unicode.Scalar) -> Bool = { $0.value <= 0x20 }
        var scalars = Substring(input).unicodeScalars.drop(while: isC0OrSpace)
        while let last = scalars.last, isC0OrSpace(last) { scalars = scalars.dropLast() }
        var text = Substring(scalars)
        text.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = text[text.index(after: colon)...]
        // Special schemes ignore any number of slashes (and backslashes) before the authority.
        rest = rest.drop { $0 == "/" || $0 == "\\" }
        let authorityEnd = rest.firstIndex { "/\\?#".contains($0) } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var tail = rest[authorityEnd...]
        // Credentials are never part of a referrer (§8.4 step 3), so they are parsed away here.
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard let (host, port) = Self.hostAndPort(authority, scheme: scheme) else { return nil }
        // The fragment is always excluded from a referrer (§8.4 step 5).
        if let hash = tail.firstIndex(of: "#") { tail = tail[..<hash] }
        var query: String?
        if let mark = tail.firstIndex(of: "?") {
            query = Self.percentEncode(tail[tail.index(after: mark)...], keeping: Self.isQueryByte)
            tail = tail[..<mark]
        }
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = Self.normalisedPath(tail)
        self.query = query
    }

    /// The WHATWG serialisation without fragment (userinfo was never kept).
    var serialized: String {
        originSerialization.dropLast() + path + (query.map { "?" + $0 } ?? "")
    }

    /// `scheme://host[:port]/`: the origin used as a referrer, with its trailing slash (§8.3 step 4).
    var originSerialization: String {
        scheme + "://" + host + (port.map { ":\($0)" } ?? "") + "/"
    }

    /// Same origin in the HTML sense: scheme, host and port all equal.
    func isSameOrigin(as other: ReferrerURL) -> Bool {
        scheme == other.scheme && host == other.host && port == other.port
    }

    /// W3C Secure Contexts §3.1/§3.2 "potentially trustworthy": https, loopback IPs, localhost names.
    var isPotentiallyTrustworthy: Bool {
        if scheme == "https" { return true }
        if host == "[::1]" { return true }
        // let-localhost-be-localhost: mediavault resolves these names to loopback itself, like browsers.
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { UInt8($0) != nil } && octets[0] == "127"
    }

    private static func hostAndPort(_ authority: Substring, scheme: String) -> (String, Int?)? {
        var hostPart = authority
        var portText: Substring = ""
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
            guard hostPart.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        // WHATWG "forbidden host code points" make the whole URL invalid.
        guard !hostPart.isEmpty, !hostPart.unicodeScalars.contains(where: { $0.value <= 0x20 || "<>^|".unicodeScalars.contains($0) }) else { return nil }
        guard let host = hostPart.allSatisfy(\.isASCII) ? hostPart.lowercased() : idnaASCII(hostPart) else { return nil }
        var port: Int?
        if !portText.isEmpty {
            guard portText.allSatisfy(\.isASCIIDigit), let value = Int(portText), value <= 65535 else { return nil }
            port = value == defaultPort(scheme) ? nil : value
        }
        return (host, port)
    }

    /// IDNA "domain to ASCII" (`bücher.example` → `xn--bcher-kva.example`) via Foundation's URL parser, which does UTS-46 on Linux and Darwin.
    private static func idnaASCII(_ host: Substring) -> String? {
        guard let text = URL(string: "http://\(host)/")?.absoluteString, text.hasPrefix("http://"), text.hasSuffix("/") else { return nil }
        let ascii = text.dropFirst("http://".count).dropLast()
        return ascii.allSatisfy(\.isASCII) && !ascii.contains("%") ? ascii.lowercased() : nil
    }

    private static func defaultPort(_ scheme: String) -> Int { scheme == "https" ? 443 : 80 }

    /// WHATWG path parsing for special schemes: `\` is `/`, dot segments are removed.
    private static func normalisedPath(_ raw: Substring) -> String {
        var segments: [String] = []
        let parts = raw.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.dropFirst()
        for (offset, part) in parts.enumerated() {
            let isLast = offset == parts.count - 1
            switch part.lowercased() {
            case ".", "%2e":
                if isLast { segments.append("") }
            case "..", ".%2e", "%2e.", "%2e%2e":
                if !segments.isEmpty { segments.removeLast() }
                if isLast { segments.append("") }
            default:
                segments.append(percentEncode(part, keeping: isPathByte))
            }
        }
        return "/" + segments.joined(separator: "/")
    }

    /// WHATWG "path percent-encode set" complement: bytes kept as they are in a path.
    private static func isPathByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !"\"#<>?`{}".utf8.contains(byte)
    }

    /// WHATWG "special-query percent-encode set" complement.
    private static func isQueryByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !"\"#<>'".utf8.contains(byte)
    }

    /// Percent-encodes the UTF-8 bytes not kept; existing `%XX` escapes are left unchanged.
    private static func percentEncode(_ text: Substring, keeping keep: (UInt8) -> Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keep(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += byte < 0x10 ? "%0" + hex : "%" + hex
            }
        }
        return out
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
