import Foundation

/// What HEAD or GET tells about an object.
public struct S3ObjectInfo: Sendable, Equatable {
    /// The object's key.
    public let key: String
    /// Its size in bytes (`Content-Length`; for GET, the size announced before the body).
    public let size: Int64?
    /// The service's ETag, quotes removed.
    public let etag: String?
    /// The SHA-256 the service stored with the object (`x-amz-checksum-sha256`, as 64 hex
    /// digits), nil when it was stored without one or the service does not return it.
    public let sha256: String?

    /// Reads the fields from response headers (names lower-cased).
    init(key: String, headers: [String: String]) {
        self.key = key
        size = headers["content-length"].flatMap { Int64($0) }
        etag = headers["etag"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        sha256 = headers["x-amz-checksum-sha256"].flatMap { Data(base64Encoded: $0) }
            .map { $0.map { String(format: "%02x", $0) }.joined() }
    }
}

/// One key of a LIST answer.
public struct S3ListedObject: Sendable, Equatable {
    /// The full key.
    public let key: String
    /// Size in bytes.
    public let size: Int64
    /// ETag, quotes removed.
    public let etag: String
}

/// One page of ListObjectsV2.
public struct S3ListPage: Sendable {
    /// The keys on this page, in key order.
    public let objects: [S3ListedObject]
    /// Whether more keys follow.
    public let isTruncated: Bool
    /// The token that asks for the next page.
    public let nextContinuationToken: String?

    /// Reads a `ListBucketResult` document.
    init(xml: Substring) {
        objects = S3XML.blocks(of: "Contents", in: xml).map { block in
            S3ListedObject(
                key: S3XML.value(of: "Key", in: block) ?? "",
                size: S3XML.value(of: "Size", in: block).flatMap { Int64($0) } ?? 0,
                etag: (S3XML.value(of: "ETag", in: block) ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        isTruncated = S3XML.value(of: "IsTruncated", in: xml) == "true"
        nextContinuationToken = S3XML.value(of: "NextContinuationToken", in: xml)
    }
}
