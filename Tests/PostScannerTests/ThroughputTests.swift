import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// One very large post (the corpus bodies joined, about MEDIAVAULT_BIG_POST_MB megabytes): prints the time,
/// to show that nothing in the scanner is quadratic in the size of one post.
@Suite struct BigPostTests {
    @Test(.sharedData("corpus/posts"), .enabled(if: ProcessInfo.processInfo.environment["MEDIAVAULT_BIG_POST_MB"] != nil))
    func bigPostScansInLinearTime() throws {
        let megabytes = Int(ProcessInfo.processInfo.environment["MEDIAVAULT_BIG_POST_MB"] ?? "5") ?? 5
        let folder = try SharedData.url("corpus/posts")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "md" }
        var bodies = ""
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            if let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 5)..<text.endIndex) { bodies += text[end.upperBound...] }
        }
        var post = "---\ntitle: big\n---\n<div>\n"
        while post.utf8.count < megabytes << 20 { post += bodies }
        post += "</div>\n"
        let start = ContinuousClock.now
        let scanned = try PostScanner().scan(data: Data(post.utf8), displayPath: "big.md", baseFolder: nil)
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        print("big post: \(post.utf8.count) bytes, \(scanned.first?.images.count ?? 0) images in \(String(format: "%.2f", seconds)) s")
        #expect(scanned.count == 1)
    }
}
