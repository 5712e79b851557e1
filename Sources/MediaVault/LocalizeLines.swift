/// `localize`: an image reference left remote.
struct LocalizeRemoteLine: OutputLine {
    static let types = ["remote"]
    static let about = "localize: an image reference of a post left remote, and why (not archived, no rule for it)."
    /// The post, relative to the site.
    var post: String
    /// The image URL.
    var url: String
    /// Why it stays remote.
    var reason: String

    static var sample: LocalizeRemoteLine { LocalizeRemoteLine(post: "source/_posts/hello.md", url: "https://cdn.example/gone.jpg", reason: "not archived") }
}

/// `localize --dry-run`: the change to one post.
struct LocalizeDiffLine: OutputLine {
    static let types = ["diff"]
    static let about = "localize --dry-run: the change to one post, as a unified diff."
    /// The post, relative to the site.
    var post: String
    /// The unified diff.
    var diff: String

    static var sample: LocalizeDiffLine {
        LocalizeDiffLine(post: "source/_posts/hello.md", diff: "--- a/source/_posts/hello.md\n+++ b/source/_posts/hello.md\n@@ -1 +1 @@\n-![](https://cdn.example/a.jpg)\n+![](a.jpg)\n")
    }
}

/// `localize`: an image file placed in the site (`placed`), or that would be (`place`, dry run).
struct LocalizeFileLine: OutputLine {
    static let types = ["place", "placed"]
    static let about = "localize: an archived image copied into the site where the generator's rule puts it (placed), or that would be (place, with --dry-run)."
    /// `place` or `placed`.
    var type: String
    /// The file in the site.
    var path: String
    /// The object it holds.
    var sha256: Digest
    /// The generator rule that chose the place.
    var rule: String

    /// The fields; `type` is the line's type.
    enum CodingKeys: String, CodingKey { case path, sha256, rule }

    static var sample: LocalizeFileLine {
        LocalizeFileLine(type: "placed", path: "site/source/_posts/hello/a.jpg", sha256: Digest(String(repeating: "ab", count: 32)), rule: "hexo-asset-folder")
    }
}

/// `localize`: one post written (`localized`) or put back (`restored`, `--undo`).
struct LocalizePostLine: OutputLine {
    static let types = ["localized", "restored"]
    static let about = "localize: one post written with local references (localized), or put back as it was (restored, with --undo)."
    /// `localized` or `restored`.
    var type: String
    /// The post, relative to the site.
    var post: String
    /// References changed.
    var references: Int

    /// The fields; `type` is the line's type.
    enum CodingKeys: String, CodingKey { case post, references }

    static var sample: LocalizePostLine { LocalizePostLine(type: "localized", post: "source/_posts/hello.md", references: 2) }
}

/// How `localize` ran.
enum LocalizeMode: String, SchemaEnum, Sendable {
    /// Posts written.
    case localize
    /// Nothing written.
    case dryRun = "dry-run"
    /// Originals put back.
    case undo
}

/// `localize`'s last line.
struct LocalizeSummary: OutputLine {
    static let types = ["summary"]
    static let about = "localize's summary: posts changed, references, files placed, references left remote, posts refused (changed since the plan, or not writable); interrupted: the signal that stopped it between posts."
    /// How it ran.
    var mode: LocalizeMode
    /// Posts changed.
    var posts: Int
    /// References changed.
    var references: Int
    /// Files placed.
    var files: Int
    /// References left remote.
    var remote: Int
    /// Posts not written.
    var refused: Int
    /// The signal that stopped it early.
    @Always var interrupted: StopSignal?

    static var sample: LocalizeSummary { LocalizeSummary(mode: .localize, posts: 5, references: 12, files: 9, remote: 1, refused: 0, interrupted: nil) }
}
