import Foundation
import Testing
import TestSupport
import ChildProcess
@testable import Fetcher

/// The first `count` bytes of a file of the shared test suites (tests using it carry `.sharedData`).
private func head(_ relativePath: String, _ count: Int = 64) throws -> [UInt8] {
    let url = try SharedData.url("testsuites/\(relativePath)")
    return Array(try Data(contentsOf: url).prefix(count))
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite("ContentSniffer")
struct ContentSnifferTests {
    @Test(.sharedData("testsuites/pngsuite"), arguments: ["pngsuite/basn0g01.png", "pngsuite/basi6a16.png", "pngsuite/PngSuite.png", "pngsuite/xhdn0g08.png"])
    func realPNG(path: String) throws {
        #expect(ContentSniffer.sniff(prefix: try head(path, 32)) == .png, "\(path)")
    }

    /// PngSuite's mangled signatures (bit reset, 'Q', lower case, CR/LF conversion) are not PNG.
    @Test(.sharedData("testsuites/pngsuite"), arguments: ["xs1n0g01.png", "xs2n0g01.png", "xs4n0g01.png", "xs7n0g01.png", "xcrn0g04.png"])
    func brokenPNGSignature(file: String) throws {
        let prefix = try head("pngsuite/\(file)", 32)
        #expect(ContentSniffer.sniff(prefix: prefix) != .png, "\(file)")
        #expect(ContentSniffer.verdict(prefix: prefix, contentType: "image/png")
            == .rejected(reason: "Content-Type image/png but the bytes are not a known image format"))
    }

    @Test(.sharedData("testsuites/jpeg"), arguments: ["libjpeg-turbo/testorig.jpg", "pillow/hopper.jpg", "pillow/pil_sample_cmyk.jpg"])
    func realJPEG(path: String) throws {
        #expect(ContentSniffer.sniff(prefix: try head("jpeg/\(path)", 32)) == .jpeg, "\(path)")
    }

    /// jpeg-decoder's `jpg-size-6x6.jpg` is PNG data under a `.jpg` name: the bytes win, with a note.
    @Test(.sharedData("testsuites/jpeg")) func pngNamedJPEG() throws {
        let prefix = try head("jpeg/jpeg-decoder/reftest/mozilla/jpg-size-6x6.jpg")
        #expect(ContentSniffer.verdict(prefix: prefix, contentType: "image/jpeg")
            == .image(.png, note: "Content-Type image/jpeg but the bytes are PNG"))
    }

    @Test func emptyInput() {
        #expect(ContentSniffer.sniff(prefix: [UInt8]()) == .unknown)
        #expect(ContentSniffer.verdict(prefix: [UInt8](), contentType: "image/png") == .rejected(reason: "empty response instead of an image"))
    }

    @Test(.sharedData("testsuites/jpeg")) func emptySuiteFile() throws {
        #expect(ContentSniffer.sniff(prefix: try head("jpeg/jpeg-decoder/crashtest/empty.jpg")) == .unknown)
    }

    @Test func builtHeaders() {
        #expect(ContentSniffer.sniff(prefix: bytes("GIF89a") + [1, 0, 1, 0, 0x80, 0, 0]) == .gif)
        #expect(ContentSniffer.sniff(prefix: bytes("GIF87a") + [1, 0]) == .gif)
        #expect(ContentSniffer.sniff(prefix: bytes("GIF88a") + [1, 0]) != .gif)
        #expect(ContentSniffer.sniff(prefix: bytes("RIFF") + [0x24, 0, 0, 0] + bytes("WEBPVP8 ")) == .webp)
        #expect(ContentSniffer.sniff(prefix: bytes("RIFF") + [0x24, 0, 0, 0] + bytes("WAVEfmt ")) == .unknown)
        #expect(ContentSniffer.sniff(prefix: [0, 0, 0, 0x1C] + bytes("ftypavif") + [0, 0, 0, 0] + bytes("avifmif1miaf")) == .avif)
        #expect(ContentSniffer.sniff(prefix: [0, 0, 0, 0x20] + bytes("ftypmif1") + [0, 0, 0, 0] + bytes("mif1avifmiafMA1B")) == .avif)
        #expect(ContentSniffer.sniff(prefix: [0, 0, 0, 0x18] + bytes("ftypisom") + [0, 0, 2, 0] + bytes("isomiso2")) == .unknown, "MP4 is not AVIF")
        #expect(ContentSniffer.sniff(prefix: [0, 0, 0, 0x18] + bytes("ftypheic") + [0, 0, 0, 0] + bytes("mif1heic")) == .heic)
        #expect(ContentSniffer.sniff(prefix: [0, 0, 0, 0x14] + bytes("ftypmif1") + [0, 0, 0, 0] + bytes("mif1")) == .heic, "HEIF's own brand")
        #expect(ContentSniffer.sniff(prefix: [0, 0, 0, 0x14] + bytes("ftypqt  ") + [0, 0, 2, 0] + bytes("qt  ")) == .unknown, "QuickTime is no HEIF")
        #expect(ContentSniffer.sniff(prefix: [0xFF, 0x0A, 0x43, 0x40]) == .jxl)
        #expect(ContentSniffer.sniff(prefix: [0, 0, 0, 0x0C] + bytes("JXL ") + [0x0D, 0x0A, 0x87, 0x0A, 0, 0, 0, 0x14] + bytes("ftypjxl ")) == .jxl)
        #expect(ContentSniffer.sniff(prefix: [0, 0, 0, 0x0C] + bytes("JXL ") + [0x0D, 0x0A, 0x87, 0x0B]) == .unknown)
        #expect(ContentSniffer.sniff(prefix: bytes("BM") + [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0]) == .bmp)
        #expect(ContentSniffer.sniff(prefix: bytes("BMW drivers wanted")) == .text)
        #expect(ContentSniffer.sniff(prefix: [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0]) == .tiff)
        #expect(ContentSniffer.sniff(prefix: [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8]) == .tiff)
        #expect(ContentSniffer.sniff(prefix: [0, 0, 1, 0, 1, 0, 16, 16]) == .ico)
        #expect(ContentSniffer.sniff(prefix: [0, 1, 2, 3, 0xFE, 0xFF]) == .unknown)
    }

    @Test func svg() {
        let cases = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
            "\u{FEFF}\n  <?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg width=\"10\">",
            "<?xml version=\"1.0\"?>\n<!-- Generator: Adobe Illustrator 24 -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<SVG version=\"1.1\">",
            "<!-- icon -->\n<svg>",
        ]
        for text in cases {
            #expect(ContentSniffer.sniff(prefix: bytes(text)) == .svg, "\(text)")
        }
        #expect(ContentSniffer.verdict(prefix: bytes(cases[0]), contentType: "text/plain; charset=utf-8") == .image(.svg))
        #expect(ContentSniffer.sniff(prefix: bytes("<?xml version=\"1.0\"?><rss version=\"2.0\">")) == .text)
        #expect(ContentSniffer.sniff(prefix: bytes("<svgfoo>")) != .svg)
    }

    @Test func html() {
        let pages = [
            "<!DOCTYPE html><html><head><title>403 Forbidden</title>",
            "\u{FEFF}  <HTML lang=en>", "\n<head>\n", "<body class=x>", "<script>location='/login'</script>",
            "<p>Hotlinking not allowed</p>", "<div id=err>", "<title>Error</title>", "<!-- cloudflare -->\n<html>",
            "<!-- just a comment -->", "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">",
        ]
        for page in pages {
            #expect(ContentSniffer.sniff(prefix: bytes(page)) == .html, "\(page)")
            #expect(ContentSniffer.verdict(prefix: bytes(page), contentType: "image/jpeg") == .rejected(reason: "HTML page instead of an image"))
        }
        #expect(ContentSniffer.sniff(prefix: bytes("<pre>x")) == .text, "a tag name must end at a terminator")
    }

    @Test func text() {
        #expect(ContentSniffer.sniff(prefix: bytes("{\"error\":\"not found\"}")) == .text)
        #expect(ContentSniffer.sniff(prefix: bytes("Caf\u{e9} \u{1F600}")) == .text)
        // A prefix that cuts a multi-byte character in half is still text.
        #expect(ContentSniffer.sniff(prefix: bytes("ab\u{1F600}").dropLast(2)) == .text)
        #expect(ContentSniffer.sniff(prefix: bytes("ab\0cd")) == .unknown)
        #expect(ContentSniffer.sniff(prefix: [0x61, 0xFF, 0x62]) == .unknown)
        #expect(ContentSniffer.verdict(prefix: bytes("Not Found"), contentType: "image/png") == .rejected(reason: "text instead of an image"))
    }

    @Test(.sharedData("testsuites/jpeg")) func bytesWinOverContentType() throws {
        let jpeg = try head("jpeg/pillow/hopper.jpg")
        #expect(ContentSniffer.verdict(prefix: jpeg, contentType: "image/jpeg") == .image(.jpeg))
        #expect(ContentSniffer.verdict(prefix: jpeg, contentType: nil) == .image(.jpeg))
        #expect(ContentSniffer.verdict(prefix: jpeg, contentType: "application/octet-stream") == .image(.jpeg))
        #expect(ContentSniffer.verdict(prefix: jpeg, contentType: "image/png") == .image(.jpeg, note: "Content-Type image/png but the bytes are JPEG"))
        #expect(ContentSniffer.verdict(prefix: jpeg, contentType: "Text/HTML; charset=UTF-8") == .image(.jpeg, note: "Content-Type text/html but the bytes are JPEG"))
        #expect(ContentSniffer.verdict(prefix: [0, 1, 2, 3], contentType: "application/octet-stream") == .rejected(reason: "unrecognised data instead of an image"))
    }

    @Test func extensionsAndImageFlag() {
        let expected: [MediaKind: String] = [.jpeg: "jpg", .png: "png", .gif: "gif", .webp: "webp", .avif: "avif", .heic: "heic", .jxl: "jxl", .svg: "svg",
                                             .bmp: "bmp", .tiff: "tif", .ico: "ico", .html: "bin", .text: "bin", .unknown: "bin"]
        for kind in MediaKind.allCases {
            #expect(kind.fileExtension == expected[kind])
            #expect(kind.isImage == !(kind == .html || kind == .text || kind == .unknown))
        }
    }

    /// JPEG XL (bare and in its container), HEIC and AVIF as their real encoders write them,
    /// from a PNG of the fixture CDN; each is an image of its kind, whatever the Content-Type.
    @Test(.enabled(if: TestRequirement.isStrict || RealEncoder.missing([.jpegXL, .heif]) == nil,
                   Comment(rawValue: RealEncoder.missing([.jpegXL, .heif]) ?? "encoders installed")))
    func realJPEGXLHEICAndAVIF() throws {
        let folder = try TestPaths.makeTemporaryFolder("sniff-encoders")
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = TestPaths.repositoryRoot.appendingPathComponent("Examples/fixtures/images/a08b980cce52873c0c775308275738170c64b306.png").path
        let made: [(encoder: RealEncoder, arguments: [String], file: String, kind: MediaKind)] = [
            (.jpegXL, [png, "bare.jxl", "--quiet"], "bare.jxl", .jxl),
            (.jpegXL, [png, "boxed.jxl", "--container=1", "--quiet"], "boxed.jxl", .jxl),
            (.heif, [png, "-o", "photo.heic"], "photo.heic", .heic),
            (.heif, ["-A", png, "-o", "photo.avif"], "photo.avif", .avif),
        ]
        for item in made {
            try item.encoder.run(item.arguments, in: folder)
            let prefix = Array(try Data(contentsOf: folder.appendingPathComponent(item.file)).prefix(ContentSniffer.preferredPrefixLength))
            #expect(ContentSniffer.sniff(prefix: prefix) == item.kind, "\(item.file): \(prefix.prefix(16))")
            #expect(ContentSniffer.verdict(prefix: prefix, contentType: "application/octet-stream") == .image(item.kind), "\(item.file)")
        }
    }
}
