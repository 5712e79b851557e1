import ArchiveStore
import Fetcher
import Foundation
import Yams

extension MirrorConfig {
    /// Reads a YAML configuration file; every mistake is reported with the file, line and key.
    public static func load(file: URL) throws -> MirrorConfig {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw ConfigError(file: file.path, line: nil, key: nil, problem: "cannot read the configuration: \(SystemError.describe(error))")
        }
        return try parse(text, file: file.path)
    }

    /// Parses configuration text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> MirrorConfig {
        let root: Node?
        // The basic resolver: every value is read from its text below, so the default one's
        // type-guessing regular expressions (compiled at first use, ~1.6 ms of each start) are not needed.
        do { root = try Yams.compose(yaml: text, .basic) } catch let error as YamlError {
            throw ConfigError(file: file, line: Self.line(of: error), key: nil, problem: "not valid YAML: \(Self.problem(of: error))")
        }
        var config = MirrorConfig()
        guard let root else { return config }  // an empty file is an empty configuration
        let reader = NodeReader(file: file)
        for (key, value, name) in try reader.pairs(root, path: nil) {
            switch name {
            case "hosts":
                for (hostKey, hostValue, pattern) in try reader.pairs(value, path: "hosts") {
                    config.hostRules.rules.append(try reader.hostRule(hostValue, pattern: pattern, at: hostKey))
                }
            case "default_referrer_policy":
                let text = try reader.string(value, key: name)
                guard let policy = ReferrerPolicy.parse(text) else {
                    throw reader.error(value, name, "\(text) is not a Referrer Policy (\(ReferrerPolicy.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                config.defaultPolicy = policy
            case "user_agent": config.userAgent = try reader.string(value, key: name)
            case "max_bytes": config.maxBytes = Int64(try reader.integer(value, key: name, atLeast: 1))
            case "connections_per_host": config.connectionsPerHost = try reader.integer(value, key: name, atLeast: 1)
            case "s3_path_style": config.s3PathStyle = try reader.bool(value, key: name)
            case "originals": config.originals = try reader.bool(value, key: name)
            case "timeouts":
                for (_, timeout, which) in try reader.pairs(value, path: "timeouts") {
                    let seconds = try reader.integer(timeout, key: "timeouts.\(which)", atLeast: 1)
                    switch which {
                    case "connect": config.connectTimeout = seconds
                    case "stall": config.stallTimeout = seconds
                    case "total": config.totalTimeout = seconds
                    default: throw reader.error(timeout, "timeouts.\(which)", "unknown timeout (connect, stall, total)")
                    }
                }
            default:
                throw reader.error(key, name, "unknown key (hosts, default_referrer_policy, user_agent, max_bytes, connections_per_host, timeouts, s3_path_style, originals)")
            }
        }
        return config
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}

/// Typed access to a composed YAML tree that throws `ConfigError`s carrying the node's line.
private struct NodeReader {
    let file: String

    func error(_ node: Node, _ key: String?, _ problem: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, key: key, problem: problem)
    }

    /// The pairs of a mapping with their keys as strings.
    func pairs(_ node: Node, path: String?) throws -> [(Node, Node, String)] {
        guard let mapping = node.mapping else {
            throw error(node, path, "expected a mapping of `key: value` lines")
        }
        return try mapping.map { key, value in
            guard let name = key.string else { throw error(key, path, "a key must be a plain string") }
            return (key, value, name)
        }
    }

    func string(_ node: Node, key: String) throws -> String {
        guard let text = node.scalar?.string else { throw error(node, key, "expected a single value") }
        return text
    }

    func integer(_ node: Node, key: String, atLeast minimum: Int) throws -> Int {
        guard let value = Int(try string(node, key: key)), value >= minimum else {
            throw error(node, key, "expected a whole number ≥ \(minimum)")
        }
        return value
    }

    /// A YAML boolean (true/false, yes/no, on/off in any case).
    func bool(_ node: Node, key: String) throws -> Bool {
        switch try string(node, key: key).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw error(node, key, "\(other) is not true or false")
        }
    }

    func number(_ node: Node, key: String) throws -> Double {
        guard let value = Double(try string(node, key: key)), value >= 0, value.isFinite else {
            throw error(node, key, "expected a number of seconds ≥ 0")
        }
        return value
    }

    func hostRule(_ node: Node, pattern: String, at keyNode: Node) throws -> HostRule {
        let valid = pattern.range(of: #"^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$"#, options: .regularExpression) != nil
        guard valid else { throw error(keyNode, "hosts.\(pattern)", "not a host pattern (write `img.host` or `*.domain`)") }
        var rule = HostRule(pattern: pattern)
        for (key, value, name) in try pairs(node, path: "hosts.\(pattern)") {
            let path = "hosts.\(pattern).\(name)"
            switch name {
            case "referer":
                let text = try string(value, key: path)
                guard let choice = RefererChoice.parse(text) else {
                    throw error(value, path, "\(text) is not none, origin, page, site or an http(s) URL")
                }
                rule.referer = choice
            case "headers":
                for (_, headerValue, header) in try pairs(value, path: path) {
                    guard header.range(of: #"^[A-Za-z0-9-]+$"#, options: .regularExpression) != nil else {
                        throw error(value, "\(path).\(header)", "not an HTTP header name")
                    }
                    rule.headers.append("\(header): \(try string(headerValue, key: "\(path).\(header)"))")
                }
            case "cookies":
                for (_, cookieValue, name) in try pairs(value, path: path) {
                    guard name.range(of: #"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"#, options: .regularExpression) != nil else {
                        throw error(value, "\(path).\(name)", "not a cookie name")
                    }
                    rule.cookies.append(CookiePair(name: name, value: try string(cookieValue, key: "\(path).\(name)")))
                }
            case "concurrency": rule.concurrency = try integer(value, key: path, atLeast: 1)
            case "interval": rule.interval = try number(value, key: path)
            case "placeholders":
                guard let items = value.sequence else { throw error(value, path, "expected a list of SHA-256 digests") }
                for item in items {
                    let digest = try string(item, key: path).lowercased()
                    guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else {
                        throw error(item, path, "\(digest) is not a SHA-256 digest (64 hex digits; `sha256sum FILE` prints it)")
                    }
                    rule.placeholders.insert(digest)
                }
            default:
                throw error(key, path, "unknown key (referer, headers, cookies, concurrency, interval, placeholders)")
            }
        }
        return rule
    }
}
