import ArchiveStore

/// `gallery`: the gallery written.
struct GalleryLine: OutputLine {
    static let types = ["gallery"]
    static let about = "gallery: the static gallery written (its index.html), with its pages and images; copied: the objects were copied (or hard-linked) in rather than referenced."
    /// Its index.html.
    var path: String
    /// Pages written.
    var pages: Int
    /// Images shown.
    var images: Int
    /// Whether the objects were copied in.
    var copied: Bool

    static var sample: GalleryLine { GalleryLine(path: "gallery/index.html", pages: 3, images: 250, copied: false) }
}

/// `gallery`'s last line.
struct GallerySummary: OutputLine {
    static let types = ["summary"]
    static let about = "gallery's summary: images and pages written; interrupted: the signal that stopped it early (the pages written so far are complete)."
    /// Images shown.
    var images: Int
    /// Pages written.
    var pages: Int
    /// The signal that stopped it early.
    @Always var interrupted: StopSignal?

    static var sample: GallerySummary { GallerySummary(images: 250, pages: 3, interrupted: nil) }
}

/// `export --bagit`: the bag written.
struct BagLine: OutputLine {
    static let types = ["bag"]
    static let about = "export --bagit: the BagIt bag written, with its objects, files and bytes; missing: catalogued objects that had no file (not in the bag)."
    /// The bag folder.
    var path: String
    /// Objects in the bag.
    var objects: Int
    /// Files in the bag's payload.
    var files: Int
    /// Payload bytes.
    var bytes: Int64
    /// Objects left out because their file is missing.
    var missing: [String]

    static var sample: BagLine { BagLine(path: "bag", objects: 120, files: 243, bytes: 52_428_800, missing: []) }
}

/// `export`'s last line.
struct ExportSummary: OutputLine {
    static let types = ["summary"]
    static let about = "export's summary: objects, files and bytes in the bag, objects missing; interrupted: the signal that stopped it (the unfinished bag is removed)."
    /// Objects in the bag.
    var objects: Int
    /// Files in the payload.
    var files: Int
    /// Payload bytes.
    var bytes: Int64
    /// Objects left out.
    var missing: Int
    /// The signal that stopped it early.
    @Always var interrupted: StopSignal?

    static var sample: ExportSummary { ExportSummary(objects: 120, files: 243, bytes: 52_428_800, missing: 0, interrupted: nil) }
}

/// What `forget` names.
enum ForgetKind: String, SchemaEnum, Sendable {
    /// A post path or URL.
    case post
    /// An image URL.
    case url
    /// An object digest.
    case sha256
}

/// `forget`: the tombstone recorded.
struct ForgottenLine: OutputLine {
    static let types = ["forgotten"]
    static let about = "forget: the tombstone recorded (or, with dry_run, that would be) and the catalog rows it drops."
    /// What was forgotten.
    var kind: ForgetKind
    /// The post, URL or digest.
    var value: String
    /// Posts dropped.
    var posts: [String]
    /// URLs dropped.
    var urls: [String]
    /// Whether nothing was written.
    var dryRun: Bool

    /// The line of a tombstone and the rows it drops.
    init(_ target: ForgetTarget, posts: [String], urls: [String], dryRun: Bool) {
        switch target {
        case .post: kind = .post
        case .url: kind = .url
        case .object: kind = .sha256
        }
        value = target.value
        self.posts = posts
        self.urls = urls
        self.dryRun = dryRun
    }

    static var sample: ForgottenLine {
        ForgottenLine(.url("https://cdn.example/a.jpg"), posts: [], urls: ["https://cdn.example/a.jpg"], dryRun: true)
    }
}

/// `forget`'s last line.
struct ForgetSummary: OutputLine {
    static let types = ["summary"]
    static let about = "forget's summary: posts and URL mappings dropped (or that would be, with dry_run)."
    /// Posts dropped.
    var posts: Int
    /// URL mappings dropped.
    var urls: Int
    /// Whether nothing was written.
    var dryRun: Bool

    static var sample: ForgetSummary { ForgetSummary(posts: 0, urls: 1, dryRun: true) }
}

/// What `prune` removes.
enum PrunedKind: String, SchemaEnum, Sendable {
    /// An object file.
    case object
    /// Its thumbnail.
    case thumbnail
}

/// `prune`: one file nothing references.
struct PrunedLine: OutputLine {
    static let types = ["pruned"]
    static let about = "prune: one file nothing references; moved to quarantine/ unless dry_run."
    /// Object or thumbnail.
    var kind: PrunedKind
    /// The object.
    var sha256: Digest
    /// The file, relative to the archive.
    var path: String
    /// Its size.
    var bytes: Int64
    /// Whether it was left in place.
    var dryRun: Bool

    static var sample: PrunedLine {
        PrunedLine(kind: .object, sha256: Digest(String(repeating: "ab", count: 32)), path: "objects/ab/abab.jpg", bytes: 48213, dryRun: true)
    }
}

/// `prune`'s last line.
struct PruneSummary: OutputLine {
    static let types = ["summary"]
    static let about = "prune's summary: objects and thumbnails (to be) moved to quarantine/ and their bytes; interrupted: the signal that stopped it early (what was moved is listed above)."
    /// Objects.
    var objects: Int
    /// Thumbnails.
    var thumbnails: Int
    /// Their bytes.
    var bytes: Int64
    /// Whether nothing was moved.
    var dryRun: Bool
    /// The signal that stopped it early.
    @Always var interrupted: StopSignal?

    static var sample: PruneSummary { PruneSummary(objects: 4, thumbnails: 4, bytes: 1_048_576, dryRun: false, interrupted: nil) }
}
