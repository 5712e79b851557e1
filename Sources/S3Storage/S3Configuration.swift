import Foundation

/// Where a bucket lives and how to sign for it: endpoint, region, credentials, addressing.
public struct S3Configuration: Sendable {
    /// How the bucket appears in request URLs.
    public enum Addressing: Sendable, Equatable {
        /// `https://BUCKET.host/KEY` (AWS's default; needs DNS for every bucket name).
        case virtualHosted
        /// `https://host/BUCKET/KEY` (MinIO, SeaweedFS, Ceph and loopback servers).
        case pathStyle
    }

    /// The access key, secret and optional session token (temporary credentials).
    public struct Credentials: Sendable {
        /// `AWS_ACCESS_KEY_ID`.
        public var accessKeyID: String
        /// `AWS_SECRET_ACCESS_KEY`.
        public var secretAccessKey: String
        /// `AWS_SESSION_TOKEN`, sent as `x-amz-security-token` when present.
        public var sessionToken: String?

        /// Credentials from their three parts.
        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// Scheme, host and port of the service, e.g. `https://s3.eu-west-1.amazonaws.com`.
    public var endpoint: URL
    /// The signing region (`us-east-1` when none is configured).
    public var region: String
    /// The bucket every request of a client goes to.
    public var bucket: String
    /// Signing credentials.
    public var credentials: Credentials
    /// Bucket in the host name or in the path.
    public var addressing: Addressing
    /// Attempts per request for transient failures (5xx, 429, connection resets); at least 1.
    public var maxAttempts: Int = 4
    /// The first backoff delay; doubled for every further attempt (with jitter).
    public var initialBackoff: Duration = .milliseconds(200)
    /// Seconds a request may take before it is abandoned (and retried).
    public var requestTimeout: Int = 120

    /// A configuration from its parts; `addressing` nil picks path-style for IP addresses,
    /// `localhost` and non-AWS endpoints, virtual-hosted for `*.amazonaws.com`.
    public init(endpoint: URL, region: String, bucket: String, credentials: Credentials, addressing: Addressing? = nil) {
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.credentials = credentials
        self.addressing = addressing ?? Self.defaultAddressing(for: endpoint)
    }

    /// The configuration the standard AWS variables describe: `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` (or `AWS_DEFAULT_REGION`),
    /// `AWS_ENDPOINT_URL_S3` (or `AWS_ENDPOINT_URL`; AWS itself when neither is set).
    public static func fromEnvironment(
        bucket: String, addressing: Addressing? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(S3Error) -> S3Configuration {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        guard let key = value("AWS_ACCESS_KEY_ID") else {
            throw S3Error(.missingConfiguration(variable: "AWS_ACCESS_KEY_ID"), operation: "configure", bucket: bucket)
        }
        guard let secret = value("AWS_SECRET_ACCESS_KEY") else {
            throw S3Error(.missingConfiguration(variable: "AWS_SECRET_ACCESS_KEY"), operation: "configure", bucket: bucket)
        }
        let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1"
        let endpointVariable = value("AWS_ENDPOINT_URL_S3") != nil ? "AWS_ENDPOINT_URL_S3" : "AWS_ENDPOINT_URL"
        let endpointText = value(endpointVariable) ?? "https://s3.\(region).amazonaws.com"
        guard let endpoint = URL(string: endpointText), let scheme = endpoint.scheme, ["http", "https"].contains(scheme),
              endpoint.host != nil else {
            throw S3Error(.invalidConfiguration(variable: endpointVariable, value: endpointText), operation: "configure", bucket: bucket)
        }
        return S3Configuration(
            endpoint: endpoint, region: region, bucket: bucket,
            credentials: Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN")),
            addressing: addressing)
    }

    /// Path-style unless the endpoint is AWS's own, where virtual-hosted is the rule.
    static func defaultAddressing(for endpoint: URL) -> Addressing {
        (endpoint.host ?? "").hasSuffix(".amazonaws.com") ? .virtualHosted : .pathStyle
    }

    /// The URL of `key` in the bucket (`key` empty for the bucket itself) with a query
    /// string whose parameters are already sorted and encoded (see ``S3Query``).
    func url(key: String, query: S3Query = S3Query()) -> String {
        var base = endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var path = ""
        switch addressing {
        case .pathStyle:
            path = "/" + S3Query.encode(bucket, keepSlash: false)
        case .virtualHosted:
            if let scheme = endpoint.scheme, let host = endpoint.host {
                base = "\(scheme)://\(bucket).\(host)" + (endpoint.port.map { ":\($0)" } ?? "")
            }
        }
        // The bucket itself is `/BUCKET` path-style (no trailing slash) and `/` virtual-hosted.
        if !key.isEmpty || addressing == .virtualHosted { path += "/" + S3Query.encode(key, keepSlash: true) }
        let queryString = query.encoded
        return base + path + (queryString.isEmpty ? "" : "?" + queryString)
    }
}
