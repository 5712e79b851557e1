/// A failed S3 request, with what was asked (operation, bucket, key, endpoint), what came back
/// (HTTP status, the S3 error code and message, or libcurl's code and error text) and, in
/// ``description``, what to change.
public struct S3Error: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// A required setting is absent (the variable to set).
        case missingConfiguration(variable: String)
        /// A setting cannot be used (the variable and its value).
        case invalidConfiguration(variable: String, value: String)
        /// The server rejected the credentials; `variable` is the one most likely wrong.
        case invalidCredentials(code: String, variable: String)
        /// The credentials are valid but not allowed to do this.
        case accessDenied(code: String)
        /// The bucket does not exist at this endpoint.
        case noSuchBucket
        /// The server computed another SHA-256 than the one sent: the bytes were damaged.
        case checksumMismatch(code: String)
        /// Any other HTTP error answer (status, S3 error code, message; code empty without a body).
        case http(status: Int, code: String, message: String)
        /// The request did not complete (libcurl's code and error text).
        case transport(curlCode: Int, message: String)
    }

    /// What went wrong.
    public let kind: Kind
    /// The request: `PUT`, `GET`, `HEAD`, `LIST`, `DELETE`, or `configure`.
    public let operation: String
    /// The bucket asked for.
    public let bucket: String
    /// The object key, when the request was about one object.
    public let key: String?
    /// The endpoint the request went to (nil before one is known).
    public let endpoint: String?
    /// How many attempts were made (retries for transient failures included).
    public var attempts: Int = 1

    /// An error for `operation` on `bucket` (and `key`) at `endpoint`.
    public init(_ kind: Kind, operation: String, bucket: String, key: String? = nil, endpoint: String? = nil) {
        self.kind = kind
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.endpoint = endpoint
    }

    /// Whether another attempt may succeed: server errors, throttling, broken connections.
    public var isTransient: Bool {
        switch kind {
        case .http(let status, let code, _):
            return status >= 500 || status == 429 || code == "SlowDown" || code == "RequestTimeout"
        case .transport(let curlCode, _):
            return Self.transientCurlCodes.contains(curlCode)
        default:
            return false
        }
    }

    /// libcurl codes worth a retry: could not connect (7), partial file (18), timeout (28),
    /// send/receive errors (55, 56), empty reply (52), HTTP/2 stream errors (16, 92).
    static let transientCurlCodes: Set<Int> = [7, 16, 18, 28, 52, 55, 56, 92]

    /// One sentence for a person: the request, the answer, and what to do.
    public var description: String {
        let target = "s3://\(bucket)" + (key.map { "/\($0)" } ?? "") + (endpoint.map { " at \($0)" } ?? "")
        let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
        switch kind {
        case .missingConfiguration(let variable):
            return "S3 \(target): \(variable) is not set; set it to use an S3 archive"
        case .invalidConfiguration(let variable, let value):
            return "S3 \(target): \(variable)=\(value) is not an http(s) URL; set it to the service's endpoint, e.g. https://s3.eu-west-1.amazonaws.com"
        case .invalidCredentials(let code, let variable):
            return "S3 \(operation) \(target) was refused (\(code)): the credentials are wrong; check \(variable)"
                + (variable == "AWS_SECRET_ACCESS_KEY" ? " (and AWS_REGION, which is part of the signature)" : "")
        case .accessDenied(let code):
            return "S3 \(operation) \(target) was refused (\(code)): the key in AWS_ACCESS_KEY_ID may not \(operation) in this bucket; grant it s3:GetObject, s3:PutObject, s3:ListBucket and s3:DeleteObject"
        case .noSuchBucket:
            return "S3 \(operation) \(target): bucket \"\(bucket)\" does not exist at this endpoint; create it, or fix the bucket in --archive s3://BUCKET/PREFIX or the endpoint in AWS_ENDPOINT_URL_S3"
        case .checksumMismatch(let code):
            return "S3 \(operation) \(target) was rejected (\(code)): the bytes sent do not have the SHA-256 they were sent with; the local copy is damaged or changed while uploading"
        case .http(let status, let code, let message):
            let detail = code.isEmpty ? "" : " \(code)" + (message.isEmpty ? "" : ": \(message)")
            return "S3 \(operation) \(target) failed with HTTP \(status)\(detail)\(tries)"
                + (isTransient ? "; the service is failing or throttling, try again later" : "")
        case .transport(let curlCode, let message):
            return "S3 \(operation) \(target) failed: \(message) (libcurl error \(curlCode))\(tries); check that the endpoint in AWS_ENDPOINT_URL_S3 is reachable"
        }
    }

    /// The error an S3 error answer stands for.
    static func fromResponse(status: Int, code: String, message: String, operation: String, bucket: String, key: String?, endpoint: String) -> S3Error {
        let kind: Kind
        switch code {
        case "InvalidAccessKeyId": kind = .invalidCredentials(code: code, variable: "AWS_ACCESS_KEY_ID")
        case "SignatureDoesNotMatch", "AuthorizationHeaderMalformed":
            kind = .invalidCredentials(code: code, variable: "AWS_SECRET_ACCESS_KEY")
        case "ExpiredToken", "InvalidToken", "TokenRefreshRequired":
            kind = .invalidCredentials(code: code, variable: "AWS_SESSION_TOKEN")
        case "AccessDenied", "AllAccessDisabled": kind = .accessDenied(code: code)
        case "NoSuchBucket": kind = .noSuchBucket
        case "BadDigest", "XAmzContentSHA256Mismatch", "InvalidDigest": kind = .checksumMismatch(code: code)
        default:
            // Checksum failures come back as InvalidRequest/400 from some servers; the message says so.
            if status == 400, message.lowercased().contains("checksum") || message.lowercased().contains("sha256") {
                kind = .checksumMismatch(code: code)
            } else if status == 403, code.isEmpty {
                // A HEAD answer has no body to name the cause: 403 there is almost always the key pair.
                kind = .invalidCredentials(code: "HTTP 403", variable: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            } else {
                kind = .http(status: status, code: code, message: message)
            }
        }
        return S3Error(kind, operation: operation, bucket: bucket, key: key, endpoint: endpoint)
    }
}
