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

    /// Walking one folder at a time gives the order of sorting every relative path at once:
    /// `a-b.md` (`-` sorts before `/`) comes before the files inside folder `a`.
    @Test func folderByFolderOrderIsPathOrder() throws {
        let root = try TestPaths.makeTemporaryFolder("walker-order")
        defer { try? FileManager.default.removeItem(at: root) }
        let names = ["a/x.md", "a-b.md", "a.md", "ab/y.md", "a/z/w.md", "b.md", "a/z.md"]
        for name in names {
            let file = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: file)
        }
        let walked = InputWalker.expand([root.path]).items.map(\.relativePath)
        #expect(walked == names.sorted())
        #expect(walked.count == names.count)
    }
}
