import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Hostile and odd inputs from the shared third-party suites: every one yields posts or a
/// `ScanError` naming the input, never a crash.
@Suite struct RobustnessTests {
    @Test(.sharedData("testsuites/html5lib-tokenizer")) func html5libTokenizerInputsScanAsHTMLMarkdownAndImageMarkup() throws {
        let folder = try SharedData.url("testsuites/html5lib-tokenizer")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "test" }
        let scanner = PostScanner()
        var inputs = 0
        for file in files {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
            for test in json?["tests"] as? [[String: Any]] ?? [] {
                guard let input = test["input"] as? String else { continue }
                inputs += 1
                for (text, name) in [(input, "t.html"), (input, "t.md"), ("<p><img src=\"\(input)\" alt=\"\(input)\">\(input)</p>", "i.html")] {
                    do {
                        let posts = try scanner.scan(data: Data(text.utf8), displayPath: name, baseFolder: folder)
                        #expect(posts.count == 1)
                    } catch {
                        #expect(error.input == name)
                    }
                }
            }
        }
        #expect(inputs > 1000)
    }

    @Test(.sharedData("testsuites")) func binaryFilesAreRejectedWithTheirName() throws {
        let root = try SharedData.url("testsuites")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return }
        var rejected = 0
        for case let file as URL in walker where ["png", "jpg", "jpeg"].contains(file.pathExtension.lowercased()) {
            do {
                _ = try PostScanner().scan(fileAt: file, displayPath: file.lastPathComponent)
            } catch {
                #expect(error.input == file.lastPathComponent)
                rejected += 1
            }
        }
        #expect(rejected > 10)
    }
}
