import Foundation
import Testing
@testable import PostScanner

/// Obsidian vaults: wiki embeds (`![[name.png]]`) and Markdown images resolved as Obsidian does.
@Suite struct ObsidianVaultTests {
    static let note = """
    ---
    title: Note
    ---
    ![[diagram.png]]
    ![[Pasted image 20240101.png|400]]
    ![[Diagram.PNG|A diagram]]
    ![[only-here.png]]
    ![](attachments/chart.png)
    ![[Other note]] embeds a note; [[Link]] links one.

    ```
    ![[in-code.png]]
    ```
    """

    @Test func embedsAreFoundBesideTheNoteInTheAttachmentFolderThenAnywhere() throws {
        let tree = try SiteTree("obsidian", [
            ".obsidian/app.json": "{\"attachmentFolderPath\": \"attachments\"}",
            "notes/note.md": Self.note, "notes/beside.md": "![[beside.png]]\n", "notes/beside.png": "",
            "attachments/diagram.png": "", "attachments/Pasted image 20240101.png": "", "attachments/chart.png": "",
            "deep/er/only-here.png": "", "other/deeper/still/only-here.png": "", ".trash/old.md": "![[x.png]]\n",
        ])
        defer { tree.remove() }
        let scanned = try tree.scan("notes/note.md")
        #expect(scanned.generator == "obsidian")
        #expect(scanned.images.map { SiteTree.file($0) } == [
            tree.path + "/attachments/diagram.png", tree.path + "/attachments/Pasted image 20240101.png",
            tree.path + "/attachments/diagram.png", tree.path + "/deep/er/only-here.png", tree.path + "/attachments/chart.png",
        ])
        try #require(scanned.images.count == 5)
        #expect(scanned.images[1].caption == nil)  // `|400` is a size, not a caption
        #expect(scanned.images[2].caption == "A diagram")
        #expect(scanned.images[3].rule == "obsidian: the vault's file of that name (deep/er/only-here.png)")  // the shortest path
        #expect(SiteTree.file(try tree.scan("notes/beside.md").images.first) == tree.path + "/notes/beside.png")
        #expect(tree.walk() == ["notes/beside.md", "notes/note.md"])
    }

    @Test func attachmentsBesideTheNoteAndEmbedsOutsideAVault() throws {
        let vault = try SiteTree("obsidian-local", [
            ".obsidian/app.json": "{\"attachmentFolderPath\": \"./assets\"}",
            "notes/note.md": "![[shot.png]]\n", "notes/assets/shot.png": "",
        ])
        defer { vault.remove() }
        #expect(SiteTree.file(try vault.scan("notes/note.md").images.first) == vault.path + "/notes/assets/shot.png")
        // Without a vault (Quartz content, Foam) an embed is a name relative to the note.
        let plain = try SiteTree("wiki-plain", ["note.md": "Text\n\n![[a b.png|A sketch]]\n\nmore ![](c.png)\n", "a b.png": "", "c.png": ""])
        defer { plain.remove() }
        let images = try plain.scan("note.md").images
        #expect(images.map { SiteTree.file($0) } == [plain.path + "/a b.png", plain.path + "/c.png"])
        #expect(images.first?.caption == "A sketch")
    }
}
