import Foundation
import S3Storage
import Testing
import TestSupport

/// Virtual-hosted addressing (AWS's default): the bucket in the host name, `BUCKET.localhost`.
@Suite(.testServer(.seaweedfs))
struct S3VirtualHostedTests {
    @Test func theBucketInTheHostNameIsSignedAndRoutedRight() throws {
        let pathStyle = try S3TestBucket.freshClient()
        var configuration = pathStyle.configuration
        var endpoint = try #require(URLComponents(url: configuration.endpoint, resolvingAgainstBaseURL: false))
        endpoint.host = "localhost"  // libcurl resolves BUCKET.localhost to loopback; SeaweedFS runs with -s3.domainName=localhost
        configuration.endpoint = try #require(endpoint.url)
        configuration.addressing = .virtualHosted
        let client = try S3Client(configuration)
        let data = S3TestBucket.bytes(4_000, seed: 31)
        let key = S3TestBucket.objectKey(data)
        #expect(try client.put(key: key, body: .data(data), sha256: S3TestBucket.sha256(data)) == .stored)
        #expect(try client.getData(key: key) == data)
        #expect(try client.head(key: key)?.sha256 == S3TestBucket.sha256(data))
        var keys: [String] = []
        try client.list(prefix: "archive/") { keys.append($0.key) }
        #expect(keys == [key])
        #expect(try pathStyle.getData(key: key) == data, "the same bucket, seen path-style")
    }
}
