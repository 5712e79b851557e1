/// `mirror --rewrite-to`: one post written with local image paths.
struct RewrittenLine: OutputLine {
    static let types = ["rewritten"]
    static let about = "mirror --rewrite-to: one post copied with its archived images made local; failed: its images not archived (kept remote), unrewritten: archived images no reference was found for."
    /// The post as read.
    var post: String
    /// The copy written.
    var path: String
    /// References made local.
    var images: Int
    /// Image URLs kept remote because they are not archived.
    var failed: [String]
    /// Archived image URLs no rewritable reference was found for.
    var unrewritten: [String]

    static var sample: RewrittenLine {
        RewrittenLine(post: "posts/hello.md", path: "offline/posts/hello.md", images: 3,
                      failed: ["https://cdn.example/gone.jpg"], unrewritten: ["https://cdn.example/in-a-script.jpg"])
    }
}

/// `mirror`'s last line.
struct MirrorSummary: OutputLine {
    static let types = ["summary"]
    static let about = "mirror's summary: images fetched, skipped and failed, inputs that failed, reasons (\"reason=N\" for the failures), interrupted (the signal that stopped the run, else null), not_started (images the stop kept from starting) and, only when some were lost, history_not_recorded (fetch-history writes the catalog refused, each said on stderr with the URL and the catalog's error)."
    /// Images stored now.
    var fetched: Int
    /// Images not fetched (archived, unchanged, forgotten, filtered).
    var skipped: Int
    /// Images not archived.
    var failed: Int
    /// Inputs that could not be read or written.
    var failedInputs: Int
    /// `reason=N` for each failure reason, sorted.
    var reasons: [String]
    /// The signal that stopped the run early.
    @Always var interrupted: StopSignal?
    /// Images not started because of the stop.
    var notStarted: Int
    /// Fetch-history writes the catalog refused (left out when none).
    var historyNotRecorded: Int?

    static var sample: MirrorSummary {
        MirrorSummary(fetched: 10, skipped: 4, failed: 2, failedInputs: 0, reasons: ["http=1", "timeout=1"], interrupted: .SIGTERM, notStarted: 7, historyNotRecorded: 1)
    }
}
