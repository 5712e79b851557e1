import Foundation

extension S3Client {
    /// Creates the client's bucket in its region; succeeds when the bucket already exists and
    /// is ours (`BucketAlreadyOwnedByYou`), so setup scripts and tests can call it every time.
    public func createBucket() throws {
        let region = configuration.region
        // Outside us-east-1 S3 wants the region in the body; its hash is not known up front,
        // so the payload is declared unsigned (the headers and the URL are still signed).
        let body: S3Body? = region == "us-east-1" ? nil : .data(Data(
            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>\(region)</LocationConstraint></CreateBucketConfiguration>".utf8))
        let response = try send("PUT", key: "", headers: [], body: body ?? .data(Data()))
        if (200..<300).contains(response.status) { return }
        let code = S3XML.value(of: "Code", in: Substring(decoding: response.body, as: UTF8.self))
        if code == "BucketAlreadyOwnedByYou" { return }
        throw error(for: response, operation: "CREATE BUCKET", key: "")
    }
}
