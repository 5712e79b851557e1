@testable import ArchiveStore
import Fetcher
import Foundation
import GRDB
import Testing
@testable import MediaVault
import TestSupport

/// A fixture CDN of its own per test (so its request log shows only that test's requests),
/// serving distinct real PNGs under made-up hosts with one hotlink rule each.
struct FetchCDN {
    /// Hosts and their hotlink rule (see Scripts/fixture-server --help).
    static let hosts: [String: [String: String]] = [
        "open.test": ["hotlink": "open"],
        "guarded.test": ["hotlink": "reject-foreign", "site": "https://www.guarded.test/"],
        "needref.test": ["hotlink": "require-referer"],
        "ownsite.test": ["hotlink": "require-site", "site": "https://blog.ownsite.test/2024/"],
        "wx.test": ["hotlink": "placeholder"],
        // Real image hosts' names, for the rules that read a host's URL scheme (`--originals`).
        "wx1.sinaimg.cn": ["hotlink": "open"],
        "pic1.zhimg.com": ["hotlink": "open"],
    ]
    /// Six distinct PNGs made by the project's own encoder, served as `1.png` … `6.png` on every host.
    static var images: [URL] { get throws { try madeImages.get() } }

    /// The images, written once per test process (2 and 6 have an alpha channel).
    private static let madeImages = Result<[URL], Error> {
        let folder = try TestPaths.makeTemporaryFolder("fetch-images")
        return try (1...6).map { number in
            let width = 40 + 8 * number, height = 30 + 4 * number
            var rgba = [UInt8](repeating: 0, count: width * height * 4)
            for y in 0..<height {
                for x in 0..<width {
                    let i = (y * width + x) * 4
                    rgba[i] = UInt8((x * 255 / width + number * 40) % 256)
                    rgba[i + 1] = UInt8((y * 255 / height * number) % 256)
                    rgba[i + 2] = UInt8(((x ^ y) * number) % 256)
                    rgba[i + 3] = number % 4 == 2 ? UInt8(255 - (x * 200 / width)) : 255
                }
            }
            let file = folder.appendingPathComponent("\(number).png")
            try ImageCodec.encode(rgba: rgba, width: width, height: height, png: true).write(to: file)
            return file
        }
    }

    let server: FixtureServer
    /// The folder the server serves as `<host>/<path>`.
    let root: URL
    /// A fresh archive.
    let archive: URL
    /// A folder for posts.
    let posts: URL

    /// Starts a server and makes an empty archive and posts folder.
    init() throws {
        root = try TestPaths.makeTemporaryFolder("fetch-cdn")
        for host in Self.hosts.keys {
            let folder = root.appendingPathComponent(host)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (index, image) in try Self.images.enumerated() {
                try FileManager.default.copyItem(at: image, to: folder.appendingPathComponent("\(index + 1).png"))
            }
        }
        let hostsFile = root.appendingPathComponent("hosts.json")
        try JSONSerialization.data(withJSONObject: Self.hosts).write(to: hostsFile)
        server = try FixtureServer.start(manifests: [], hosts: hostsFile, root: root)
        archive = try TestPaths.makeTemporaryFolder("fetch-archive")
        posts = try TestPaths.makeTemporaryFolder("fetch-posts")
    }

    /// Stops the server and removes the folders.
    func tearDown() {
        server.stop()
        for folder in [root, archive, posts] { try? FileManager.default.removeItem(at: folder) }
    }

    /// Options that reach every host through the server; quick retries.
    func options() -> MirrorOptions {
        var options = MirrorOptions(archive: archive)
        options.connectTo = Self.hosts.keys.flatMap { server.connectToBoth(host: $0) }
        options.caCertificate = server.caCertificate.path
        return options
    }

    /// Writes a post showing `urls`, published at `page` (nil: a local file with no URL).
    @discardableResult
    func writePost(_ name: String, page: String?, urls: [String]) throws -> URL {
        let front = page.map { "url: \($0)\n" } ?? ""
        let body = urls.map { "<p><img src=\"\($0)\"></p>" }.joined(separator: "\n")
        let file = posts.appendingPathComponent(name)
        try "---\ntitle: \(name)\n\(front)---\n<div>\n\(body)\n</div>\n".write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Runs `mirror` on the posts folder.
    func mirror(_ options: MirrorOptions? = nil, inputs: [URL]? = nil) async -> (status: Int32, output: RecordingOutput) {
        let output = RecordingOutput()
        let status = await MirrorJob(options: options ?? self.options()).run(inputs: (inputs ?? [posts]).map(\.path), output: output)
        return (status, output)
    }

    /// The catalog, read-only.
    func catalog() throws -> Catalog { try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite")) }

    /// The `fetch` rows of one URL, oldest first: (status, referer, strategy, error).
    func fetches(_ url: String) async throws -> [(status: Int?, referer: String?, strategy: String?, error: String?)] {
        try await catalog().database.read { db in
            try Row.fetchAll(db, sql: "SELECT status, referer, strategy, error FROM fetch WHERE url = ? ORDER BY id", arguments: [url])
                .map { ($0["status"], $0["referer"], $0["strategy"], $0["error"]) }
        }
    }

    /// SHA-256 of the image served as `<n>.png`.
    static func sha256(ofImage number: Int) throws -> String { try SHA256Hasher.hash(fileAt: try images[number - 1]).sha256 }

    /// Every file in `objects/` hashes to its name, is catalogued and is not `forbidden`; `tmp/` is empty.
    func expectOnlyGoodObjects(forbidden: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let objects = archive.appendingPathComponent("objects")
        let catalogued = Set(try catalog().allObjects().map(\.sha256))
        let files = FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where !file.hasDirectoryPath {
            let (sha, _) = try SHA256Hasher.hash(fileAt: file)
            let name = file.deletingPathExtension().lastPathComponent
            #expect(sha == name, "\(file.path) does not hash to its name", sourceLocation: sourceLocation)
            #expect(catalogued.contains(sha), "\(file.path) is not in the catalog", sourceLocation: sourceLocation)
            #expect(!forbidden.contains(sha), "\(file.path) is a placeholder", sourceLocation: sourceLocation)
        }
        let tmp = try FileManager.default.contentsOfDirectory(atPath: archive.appendingPathComponent("tmp").path)
        #expect(tmp.isEmpty, "left in tmp/: \(tmp)", sourceLocation: sourceLocation)
    }

    /// The served placeholder's SHA-256.
    func placeholderSHA256() throws -> String {
        let file = root.appendingPathComponent("placeholder.png")
        try server.placeholderImage().write(to: file)
        return try SHA256Hasher.hash(fileAt: file).sha256
    }
}

extension RecordingOutput {
    /// The record of one URL of one type.
    func record(_ type: String, url: String) -> OutputRecord? { of(type).first { $0.string("url") == url } }
}
