import Foundation
import S3Storage
import Testing
import TestSupport
@testable import MediaVault

/// `s3_path_style` in the configuration file, after `--s3-path-style` and
/// `$MEDIAVAULT_S3_PATH_STYLE` (no server needed: the addressing is read off the S3 configuration).
struct PathStyleConfigTests {
    /// AWS's own endpoint, which is virtual-hosted unless path-style is chosen.
    static let aws = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "eu-west-1"]

    /// The addressing the target's S3 client would use.
    static func addressing(_ target: ArchiveTarget) throws -> S3Configuration.Addressing {
        try target.s3Configuration(bucket: "news-archive").addressing
    }

    @Test func theKeyIsParsedAndAMistakeNamesIt() throws {
        #expect(try MirrorConfig.parse("s3_path_style: true\n", file: "c.yml").s3PathStyle == true)
        #expect(try MirrorConfig.parse("s3_path_style: no\n", file: "c.yml").s3PathStyle == false)
        #expect(try MirrorConfig.parse("user_agent: x\n", file: "c.yml").s3PathStyle == nil)
        let error = try #require(throws: ConfigError.self) { try MirrorConfig.parse("user_agent: x\ns3_path_style: maybe\n", file: "c.yml") }
        #expect(error.key == "s3_path_style" && error.line == 2 && error.description.contains("maybe is not true or false"), "\(error)")
    }

    @Test func optionThenVariableThenFileThenTheEndpointsDefault() throws {
        let config = try MirrorConfig.parse("s3_path_style: true\n", file: "c.yml")
        func target(flag: Bool = false, variable: String? = nil) throws -> ArchiveTarget {
            var environment = Self.aws
            environment["MEDIAVAULT_S3_PATH_STYLE"] = variable
            return try ArchiveTarget.resolve(archive: "s3://news-archive/p", catalog: "/tmp/c.sqlite", s3PathStyle: flag, environment: environment)
        }
        // Nothing said: AWS's endpoint is virtual-hosted; the file's key makes it path-style.
        #expect(try Self.addressing(target()) == .virtualHosted)
        #expect(try Self.addressing(target().configured(by: config)) == .pathStyle)
        // A variable saying no wins over the file; one saying yes needs no file.
        #expect(try Self.addressing(target(variable: "0").configured(by: config)) == .virtualHosted)
        #expect(try Self.addressing(target(variable: "true")) == .pathStyle)
        // The option wins over a variable saying no.
        #expect(try Self.addressing(target(flag: true, variable: "no")) == .pathStyle)
        // The file saying false leaves the endpoint's default.
        #expect(try Self.addressing(target().configured(by: MirrorConfig.parse("s3_path_style: false\n", file: "c.yml"))) == .virtualHosted)
    }

    @Test func verbsWithoutConfigReadTheDefaultFileForAnS3ArchiveOnly() throws {
        let folder = try TestPaths.makeTemporaryFolder("path-style")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("config.yml")
        try "s3_path_style: true\n".write(to: file, atomically: true, encoding: .utf8)
        var environment = Self.aws
        environment["MEDIAVAULT_CONFIG"] = file.path
        let remote = try ArchiveTarget.resolve(archive: "s3://news-archive/p", catalog: "/tmp/c.sqlite", environment: environment)
        #expect(try Self.addressing(remote.configuredByDefaultFile()) == .pathStyle)
        // XDG_CONFIG_HOME's mediavault/config.yml is the other default.
        let home = folder.appendingPathComponent("xdg/mediavault")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: file, to: home.appendingPathComponent("config.yml"))
        let xdg = try ArchiveTarget.resolve(archive: "s3://news-archive/p", catalog: "/tmp/c.sqlite",
                                            environment: Self.aws.merging(["XDG_CONFIG_HOME": folder.appendingPathComponent("xdg").path]) { $1 })
        #expect(try Self.addressing(xdg.configuredByDefaultFile()) == .pathStyle)
        // A broken file is an error for an S3 archive (its addressing depends on it), never read for a local one.
        try "s3_path_style: [1]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { try remote.configuredByDefaultFile() }
        let local = try ArchiveTarget.resolve(archive: folder.path, catalog: nil, environment: environment)
        #expect(try local.configuredByDefaultFile().pathStyleChoice == nil)
    }
}
