import Foundation
@testable import S3Storage
import Testing
import TestSupport

/// Keys and query values that need encoding: what is signed must be what the server canonicalises.
struct S3KeyEncodingTests {
    @Test func queryStringsAreSortedAndEncodedTheSigV4Way() {
        var query = S3Query()
        query.add("prefix", "a b+c/ü~")
        query.add("list-type", "2")
        query.add("continuation-token", "x=y&z")
        #expect(query.encoded == "continuation-token=x%3Dy%26z&list-type=2&prefix=a%20b%2Bc%2F%C3%BC~")
    }

    @Test func listAnswersDecodeXMLEntities() {
        let xml = "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a&amp;b &lt;c&gt; &#x4E2D;.bin</Key><Size>12</Size><ETag>&quot;abc&quot;</ETag></Contents><NextContinuationToken>t&amp;1</NextContinuationToken></ListBucketResult>"
        let page = S3ListPage(xml: Substring(xml))
        #expect(page.objects == [S3ListedObject(key: "a&b <c> 中.bin", size: 12, etag: "abc")])
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "t&1")
    }

    @Test(.testServer(.seaweedfs)) func awkwardKeysRoundTripOnARealServer() throws {
        let client = try S3TestBucket.freshClient()
        for (index, key) in ["posts/été 2024/a+b=c.jpg", "x/&amp;;,$@!'()*.bin", "中文/图片 1.png"].enumerated() {
            let data = S3TestBucket.bytes(500, seed: UInt64(300 + index))
            #expect(try client.put(key: key, body: .data(data), sha256: S3TestBucket.sha256(data)) == .stored, "\(key)")
            #expect(try client.getData(key: key) == data, "\(key)")
            var listed: [String] = []
            try client.list(prefix: String(key.prefix(4))) { listed.append($0.key) }
            #expect(listed.contains(key), "\(key) in \(listed)")
        }
    }
}
