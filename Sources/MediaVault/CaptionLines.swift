import ArchiveStore

/// `caption` and `search`: one place an image appeared.
struct CaptionLine: OutputLine {
    static let types = ["caption"]
    static let about = "caption and search: one place an image appeared (url, post, title and caption are null for an archived object no post shows; sha256 is null for a search hit that was never archived). Optional: date, post_url, alt, earlier (caption URL: the objects that URL showed before), distance (caption --similar: bits of 64 that differ)."
    /// The object.
    @Always var sha256: Digest?
    /// The image URL.
    @Always var url: String?
    /// The post.
    @Always var post: String?
    /// The post's title.
    @Always var title: String?
    /// The caption there.
    @Always var caption: String?
    /// The post's date.
    var date: String?
    /// The post's URL.
    var postURL: String?
    /// The alt text there.
    var alt: String?
    /// Objects the queried URL showed before (oldest first).
    var earlier: [Digest]?
    /// Perceptual distance to the query (`--similar`).
    var distance: Int?

    /// The line of one appearance of an object.
    init(_ hit: CaptionHit, earlier: [String]?, distance: Int?) {
        sha256 = Digest(hit.sha256)
        url = hit.url
        post = hit.post
        title = hit.title
        caption = hit.caption
        date = hit.date
        postURL = hit.postUrl
        alt = hit.alt
        self.earlier = earlier?.map(Digest.init)
        self.distance = distance
    }

    /// The line of an archived object no post shows.
    init(unshown sha256: String, earlier: [String]?, distance: Int?) {
        self.sha256 = Digest(sha256)
        self.earlier = earlier?.map(Digest.init)
        self.distance = distance
    }

    /// The line of a search hit.
    init(_ hit: SearchHit) {
        sha256 = hit.sha256.map(Digest.init)
        url = hit.url
        post = hit.post
        title = hit.title
        caption = hit.caption
        date = hit.date
        postURL = hit.postUrl
        alt = hit.alt
    }

    static var sample: CaptionLine {
        var line = CaptionLine(unshown: String(repeating: "ab", count: 32), earlier: [String(repeating: "cd", count: 32)], distance: 3)
        line.url = "https://cdn.example/a.jpg"
        line.post = "posts/hello.md"
        line.title = "Hello"
        line.caption = "A harbour at dawn"
        line.date = "2024-05-01"
        line.postURL = "https://blog.example/hello/"
        line.alt = "harbour"
        return line
    }
}

/// `caption`'s last line.
struct CaptionSummary: OutputLine {
    static let types = ["summary"]
    static let about = "caption's summary: caption lines printed (found), objects found, earlier captures of the URL."
    /// `caption` lines printed.
    var found: Int
    /// Objects found.
    var objects: Int
    /// Objects the URL showed before.
    var earlier: Int

    static var sample: CaptionSummary { CaptionSummary(found: 3, objects: 2, earlier: 1) }
}

/// `search`'s last line.
struct SearchSummary: OutputLine {
    static let types = ["summary"]
    static let about = "search's summary: hits printed and the --limit they were cut to."
    /// Hits printed.
    var found: Int
    /// `--limit`.
    var limit: Int

    static var sample: SearchSummary { SearchSummary(found: 7, limit: 100) }
}
