import Foundation
import Testing
@testable import PostScanner
import TestSupport

@Suite struct InputWalkerTests {
    @Test func walksFoldersRecursivelyInPathOrderAndSkipsHiddenAndOtherFiles() throws {
        let root = try TestPaths.makeTemporaryFolder("walker")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("b/c"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for name in ["b/c/z.md", "a.html", "b/feed.xml", "notes.txt", ".git/x.md", "b/.hidden.md"] {
            try Data("x".utf8).write(to: root.appendingPathComponent(name))
        }
        let (items, errors) = InputWalker.expand([root.path, root.appendingPathComponent("notes.txt").path, "/no/such/place"])
        #expect(items.map(\.relativePath) == ["a.html", "b/c/z.md", "b/feed.xml", "notes.txt"])
        #expect(items[1].displayPath == root.path + "/b/c/z.md")
        #expect(errors.count == 1)
        #expect(errors.first?.input == "/no/such/place")
    }
}
