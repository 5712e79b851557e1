import Foundation

/// Scheme, host and port of an http(s) URL: what host rules and origin Referers need.
///
/// Every image asks for its host several times (host rule, learned strategy, per-host gate,
/// origin Referer); URLComponents parses the whole URL and runs IDNA each time. The common
/// shape, `http(s)://host[:port]/…` with a plain ASCII host, is read on bytes here; any other
/// shape (upper-case scheme, user info, IPv6, escapes, non-ASCII) goes to URLComponents, so the
/// answers are URLComponents' answers (a test holds the two together).
struct URLAuthority: Equatable {
    /// `http` or `https`, lower case.
    let scheme: String
    /// The host, lower case.
    let host: String
    /// The port as written (also when it is the scheme's default), nil when absent.
    let port: Int?

    /// Parses `url`; nil when it has no host.
    init?(_ url: String) {
        if let fast = Self.simple(url) { self = fast; return }
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              let host = parts.host?.lowercased(), !host.isEmpty else { return nil }
        self.init(scheme: scheme, host: host, port: parts.port)
    }

    /// The parts as given (already lower case).
    init(scheme: String, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// `scheme://host[:port]/` for http(s), the port left out when it is the scheme's default
    /// (as the WHATWG origin serialisation a Referer uses); nil for other schemes.
    var referrerOrigin: String? {
        guard scheme == "http" || scheme == "https" else { return nil }
        let defaultPort = scheme == "https" ? 443 : 80
        let shownPort = port.flatMap { $0 == defaultPort ? nil : ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(shownPort)/"
    }

    /// The byte-level reading of the common shape, or nil to let URLComponents decide.
    static func simple(_ url: String) -> URLAuthority? {
        let scheme: String
        var rest: Substring.UTF8View
        if url.utf8.starts(with: "https://".utf8) {
            scheme = "https"; rest = url.utf8.dropFirst(8)
        } else if url.utf8.starts(with: "http://".utf8) {
            scheme = "http"; rest = url.utf8.dropFirst(7)
        } else {
            return nil
        }
        let end = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        // The whole URL must be one URLComponents accepts as is: printable ASCII, no escapes to judge.
        guard !rest[end...].contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\\") }) else { return nil }
        var hostBytes = rest[..<end]
        var port: Int?
        if let colon = hostBytes.firstIndex(of: UInt8(ascii: ":")) {
            let digits = hostBytes[hostBytes.index(after: colon)...]
            guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            port = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard port! <= 65535 else { return nil }
            hostBytes = hostBytes[..<colon]
        }
        // Letters, digits, `-` and `.`, starting with a letter or digit: a host name or IPv4 address.
        guard let first = hostBytes.first, Self.isAlphanumeric(first),
              hostBytes.allSatisfy({ Self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else { return nil }
        let host = String(decoding: hostBytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        // URLComponents turns punycode labels into Unicode (`xn--bcher-kva` → `bücher`): left to it.
        guard !host.contains("xn--") else { return nil }
        return URLAuthority(scheme: scheme, host: host, port: port)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
