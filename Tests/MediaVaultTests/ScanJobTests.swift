import Foundation
import Testing
@testable import MediaVault
import PostScanner
import TestSupport

/// `mediavault scan` over a folder of good and bad posts: every bad one gets a message naming it,
/// the good ones are all listed, and the status is 3.
@Suite struct ScanJobTests {
    @Test func badInputsAreReportedAndTheOthersGoOn() async throws {
        let folder = try TestPaths.makeTemporaryFolder("scanjob")
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ data: Data) throws { try data.write(to: folder.appendingPathComponent(name)) }
        try write("a-good.md", Data("---\ntitle: good\n---\n![one](https://a.example/1.jpg \"first\")\n".utf8))
        try write("b-binary.md", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02]))
        try write("c-frontmatter.md", Data("---\ntitle: [x\n---\nbody\n".utf8))
        try write("d-cut.html", Data("<p><img src=\"https://a.example/2.jpg\"></p><img src=\"https://a.example/3.jpg".utf8))
        try write("e-charset.html", Data(Array("<meta charset=\"x-none\">".utf8) + [0xFF, 0xFE, 0xC3]))
        try write("f-big.md", Data(repeating: UInt8(ascii: "a"), count: PostScanner.defaultMaxDocumentBytes + 1))
        try write("z-good.html", Data("<figure><img src=\"https://a.example/4.jpg\"><figcaption>last</figcaption></figure>".utf8))

        let output = RecordingOutput()
        let status = await ScanJob().run(inputs: [folder.path], output: output)
        #expect(status == ExitStatus.partialFailure)
        #expect(output.of("post").compactMap { $0.string("path") }.map { ($0 as NSString).lastPathComponent }
                == ["a-good.md", "d-cut.html", "z-good.html"])
        #expect(output.of("image").compactMap { $0.string("caption") } == ["first", "last"])
        for name in ["b-binary.md", "c-frontmatter.md", "d-cut.html", "e-charset.html", "f-big.md"] {
            #expect(output.diagnostics.filter { $0.contains(name) }.count == 1, "\(name): \(output.diagnostics)")
        }
        let summary = try #require(output.of("summary").first)
        #expect(summary["failed_inputs"] == .int(4))
        #expect(summary["warnings"] == .int(1))
    }

    @Test(arguments: [("4194304", 4_194_304), ("512k", 524_288), ("8M", 8 << 20), ("8MiB", 8 << 20), ("1g", 1 << 30), ("100b", 100)])
    func sizesParse(_ text: String, _ bytes: Int) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "k", "12x", "-1", "1.5M", "99999999999999999999", "9223372036854775807k"])
    func nonSizesAreRejected(_ text: String) {
        #expect(ByteSize.parse(text) == nil)
    }
}
