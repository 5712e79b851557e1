import Foundation

/// Cookies to send with image requests: from a Netscape `cookies.txt` (what curl, wget and
/// gallery-dl read and browser extensions export) and from per-host entries in the config.
/// Only ever turned into a `Cookie:` request header for the hop being requested: cookies are
/// never part of a URL, a log line, a catalog row or an output line.
public struct CookieJar: Sendable, Equatable {
    /// One cookie.
    public struct Cookie: Sendable, Equatable {
        /// The domain, without a leading dot.
        public var domain: String
        /// Whether hosts under the domain get it too.
        public var includeSubdomains: Bool
        /// The path prefix it applies to.
        public var path: String
        /// Whether it goes over https only.
        public var secure: Bool
        /// Expiry (seconds since 1970), 0 for a session cookie.
        public var expires: Int64
        /// Name.
        public var name: String
        /// Value (a secret: never printed).
        public var value: String

        /// Creates a cookie.
        public init(domain: String, includeSubdomains: Bool, path: String = "/", secure: Bool = false, expires: Int64 = 0,
                    name: String, value: String) {
            self.domain = domain.lowercased()
            self.includeSubdomains = includeSubdomains
            self.path = path.isEmpty ? "/" : path
            self.secure = secure
            self.expires = expires
            self.name = name
            self.value = value
        }
    }

    /// Every cookie, in file order.
    public var cookies: [Cookie] = []

    /// An empty jar.
    public init() {}

    /// Reads a Netscape cookies.txt; the error names the file and line (never a value).
    public init(netscapeFile file: URL) throws {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw CookieFileError(message: "--cookies \(file.path): cannot read it (\(error.localizedDescription)); export the cookies as a Netscape cookies.txt")
        }
        self = try Self.parse(text, file: file.path)
    }

    /// Parses cookies.txt text: seven tab-separated fields per line (domain, include-subdomains,
    /// path, secure, expiry, name, value); `#HttpOnly_` before a domain is kept, other `#` lines are comments.
    public static func parse(_ text: String, file: String) throws -> CookieJar {
        var jar = CookieJar()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.hasPrefix("#HttpOnly_") { line = String(line.dropFirst("#HttpOnly_".count)) }
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 7, let expires = Int64(fields[4]) else {
                throw CookieFileError(message: "\(file):\(index + 1): not a Netscape cookie line (7 tab-separated fields: domain, TRUE/FALSE, path, TRUE/FALSE, expiry, name, value)")
            }
            let domain = fields[0].hasPrefix(".") ? String(fields[0].dropFirst()) : fields[0]
            jar.cookies.append(Cookie(domain: domain, includeSubdomains: fields[1].uppercased() == "TRUE" || fields[0].hasPrefix("."),
                                      path: fields[2], secure: fields[3].uppercased() == "TRUE", expires: expires,
                                      name: fields[5], value: fields[6...].joined(separator: "\t")))
        }
        return jar
    }

    /// The `Cookie:` header for a request to `url` at `now`, or nil when no cookie applies.
    public func header(for url: String, now: Date = Date()) -> String? {
        guard !cookies.isEmpty else { return nil }  // the usual case: no URL parsed per request
        guard let authority = URLAuthority(url) else { return nil }
        let host = authority.host.lowercased()
        let https = url.lowercased().hasPrefix("https://")
        let path = Self.path(of: url)
        let seconds = Int64(now.timeIntervalSince1970)
        let matching = cookies.filter { cookie in
            let domainMatches = host == cookie.domain || (cookie.includeSubdomains && host.hasSuffix("." + cookie.domain))
            return domainMatches && path.hasPrefix(cookie.path) && (!cookie.secure || https)
                && (cookie.expires == 0 || cookie.expires > seconds)
        }
        guard !matching.isEmpty else { return nil }
        return "Cookie: " + matching.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
    }

    /// The path of an http(s) URL (`/` when it has none), without query or fragment.
    private static func path(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "/" }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = rest[slash...].prefix { $0 != "?" && $0 != "#" }
        return path.isEmpty ? "/" : String(path)
    }
}

/// A cookies file that cannot be used; the message names the file and line, never a cookie's value.
public struct CookieFileError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and what to do.
    public var message: String
    public var description: String { message }
}
