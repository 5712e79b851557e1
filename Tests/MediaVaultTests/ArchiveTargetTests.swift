import Foundation
import Testing
@testable import MediaVault

/// How `--archive`, `--catalog` and the variables become one `ArchiveTarget` (no server needed).
struct ArchiveTargetTests {
    @Test func addressesAreParsedOnce() throws {
        #expect(try ArchiveAddress.parse("s3://my-bucket/news/2026/") == .s3(bucket: "my-bucket", prefix: "news/2026/"))
        #expect(try ArchiveAddress.parse("S3://my.bucket") == .s3(bucket: "my.bucket", prefix: ""))
        #expect(try ArchiveAddress.parse("/srv/archive/../Archive") == .local(URL(fileURLWithPath: "/srv/Archive")))
        for bad in ["s3://", "s3://ab/x", "s3://My_Bucket/x"] {
            #expect(throws: ArchiveAddressError.self, "\(bad)") { try ArchiveAddress.parse(bad) }
        }
        #expect(CatalogAddress.parse("postgresql://u@h:5432/db") == .postgres("postgresql://u@h:5432/db"))
        #expect(CatalogAddress.parse("postgres://u@h/db") == .postgres("postgres://u@h/db"))
        #expect(CatalogAddress.parse("/tmp/c.sqlite") == .sqlite(URL(fileURLWithPath: "/tmp/c.sqlite")))
        #expect(CatalogAddress.postgres("postgresql://u:secret@h/db").description == "postgresql://u:***@h/db")
    }

    @Test func defaultsAndVariables() throws {
        let local = try ArchiveTarget.resolve(archive: "/srv/a", catalog: nil, environment: [:])
        #expect(local.catalog == .sqlite(URL(fileURLWithPath: "/srv/a/catalog.sqlite")))
        #expect(local.selfContainedFolder == URL(fileURLWithPath: "/srv/a"))
        let fromVariables = try ArchiveTarget.resolve(archive: nil, catalog: nil, environment: [
            "MEDIAVAULT_ARCHIVE": "s3://bucket/p", "MEDIAVAULT_CATALOG": "postgresql://u@h/db", "MEDIAVAULT_S3_PATH_STYLE": "1",
        ])
        #expect(fromVariables.address == .s3(bucket: "bucket", prefix: "p/"))
        #expect(fromVariables.catalog == .postgres("postgresql://u@h/db"))
        #expect(fromVariables.s3PathStyle && fromVariables.localFolder == nil && fromVariables.selfContainedFolder == nil)
        // Options win over variables; a local archive with an outside catalog is not self-contained.
        let outside = try ArchiveTarget.resolve(archive: "/srv/a", catalog: "/srv/c.sqlite", environment: ["MEDIAVAULT_ARCHIVE": "/other"])
        #expect(outside.localFolder == URL(fileURLWithPath: "/srv/a") && outside.selfContainedFolder == nil)
        #expect(throws: ArchiveAddressError.self) { try ArchiveTarget.resolve(archive: "s3://bucket/p", catalog: nil, environment: [:]) }
    }
}
