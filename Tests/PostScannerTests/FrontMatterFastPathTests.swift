import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// The simple front matter reader must give exactly what Yams gives, or step aside (nil).
@Suite struct FrontMatterFastPathTests {
    /// The YAML block of a post (between the fences), or nil when it has none.
    private func yamlBlock(_ text: String) -> Substring? {
        let trimmed = text.drop { $0.isWhitespace }
        guard trimmed.hasPrefix("---\n") else { return nil }
        let block = trimmed.dropFirst(4)
        guard let end = block.range(of: "\n---") else { return nil }
        return block[..<block.index(after: end.lowerBound)]
    }

    @Test(.sharedData("corpus/posts")) func everyCorpusPostReadsTheSameAsWithYams() throws {
        let folder = try SharedData.url("corpus/posts")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        var fast = 0, compared = 0
        for file in files {
            guard let block = yamlBlock(try String(contentsOf: file, encoding: .utf8)) else { continue }
            compared += 1
            let reference = try FrontMatter.yamsFields(String(block), input: file.lastPathComponent)
            if let simple = FrontMatter.simpleFields(block) {
                fast += 1
                #expect(simple == reference, "\(file.lastPathComponent)")
            }
            #expect(try FrontMatter.yaml(block, input: file.lastPathComponent) == reference)
        }
        print("front matter fast path: \(fast) of \(compared) corpus posts")
        #expect(compared > 80)
        #expect(fast * 10 >= compared * 9, "the fast path should cover the common shape")
    }

    /// Hand-made shapes at the edges: each is either read identically or left to Yams.
    static let shapes = [
        "title: plain text\ndate: 2021-03-23 13:35:00\n",
        "title: 'it''s quoted'\ncover: \"https://a.example/x.jpg\"\n",
        "tags:\n - a\n - b\ntitle: x\n",
        "tags:\n- a\n- 'b'\n",
        "empty:\ntitle: x\n",
        "title: a # comment\n",
        "title: a: b\n",
        "title: 'unterminated\n",
        "title: \"esc\\\"aped\"\n",
        "title: x\ntitle: y\n",
        "Title: X\ntitle: y\n",
        "cover:\n  image: a.jpg\n",
        "title: folded\n  continued\n",
        "list:\n - a\n   - b\n",
        "list:\n - a\n  - b\n",
        "title: [a, b]\n",
        "title: &anchor x\nother: *anchor\n",
        "title: |\n  block\n",
        "title: x\n\n# comment\nurl: https://a.example/p?q=1#frag\n",
        "title: null\nflag: true\nn: 012\n",
        "title:\ttab\n",
        "title: \u{85}nel\n",
        "title: ~\n",
        "- a\n- b\n",
        "just a scalar\n",
        "",
        "key:value\n",
        "title: 中文标题：副标题\n",
        "title: 'x' trailing\n",
        "list:\n - \n",
        "title:  two  spaces  \n",
    ]

    @Test(arguments: shapes)
    func edgeShapesMatchYamsOrFallBack(_ yaml: String) {
        let reference = try? FrontMatter.yamsFields(yaml, input: "t.md")
        if let simple = FrontMatter.simpleFields(yaml[...]) {
            #expect(simple == reference, "\(yaml.debugDescription)")
        }
    }
}
