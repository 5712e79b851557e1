/// `verify`: a problem found; `verify --repair`: one repaired (`repaired`) or left (`problem`).
struct ProblemLine: OutputLine {
    static let types = ["problem", "repaired"]
    static let about = "verify: a problem found (kind missing, corrupt or catalog: damage, exit 4; orphan, thumbnail, tmp: notices); verify --repair: one repaired, or a problem left."
    /// `problem` or `repaired`.
    var type: String
    /// `missing`, `corrupt`, `orphan`, `thumbnail`, `catalog`, `tmp`.
    var kind: String
    /// The object concerned, when known (an orphan's file name need not be a digest).
    @Always var sha256: String?
    /// The file concerned, relative to the archive.
    @Always var path: String?
    /// What is wrong, or what was done, for a person.
    var detail: String

    /// The fields; `type` is the line's type.
    enum CodingKeys: String, CodingKey { case kind, sha256, path, detail }

    /// The line of a problem, found (`problem`) or fixed (`repaired`).
    init(_ problem: Verifier.Problem, repaired: Bool = false) {
        type = repaired ? "repaired" : "problem"
        kind = problem.kind
        sha256 = problem.sha256
        path = problem.path
        detail = problem.detail
    }

    static var sample: ProblemLine {
        ProblemLine(Verifier.Problem(kind: "corrupt", sha256: String(repeating: "ab", count: 32), path: "objects/ab/abab.jpg",
                                     detail: "hash differs: the file changed on disk"))
    }
}

/// `verify`'s last line.
struct VerifySummary: OutputLine {
    static let types = ["summary"]
    static let about = "verify's summary: objects in the catalog, bytes and objects re-hashed, objects not re-hashed this run (subset, time box), problems and damage among them, the repair command (null when nothing to repair); interrupted: the signal that stopped it early."
    /// Object rows in the catalog.
    var objects: Int
    /// Bytes re-hashed.
    var hashedBytes: Int64
    /// Problems found.
    var problems: Int
    /// Problems that are damage.
    var damage: Int
    /// The command that repairs them.
    @Always var repair: String?
    /// Objects re-hashed and intact.
    var hashed: Int
    /// Objects not re-hashed in this run.
    var notHashed: Int
    /// The signal that stopped the check early.
    @Always var interrupted: StopSignal?

    static var sample: VerifySummary {
        VerifySummary(objects: 120, hashedBytes: 52_428_800, problems: 2, damage: 1, repair: "mediavault verify --repair --archive Archive",
                      hashed: 80, notHashed: 40, interrupted: .SIGINT)
    }
}

/// `verify --repair`'s last line.
struct RepairSummary: OutputLine {
    static let types = ["summary"]
    static let about = "verify --repair's summary: objects, problems repaired and left, damage left, thumbnails made that had failed (a codec library then missing), perceptual hashes computed; interrupted: the signal that stopped it early."
    /// Object rows in the catalog.
    var objects: Int
    /// Problems fixed.
    var repaired: Int
    /// Problems left.
    var unfixed: Int
    /// Problems left that are damage.
    var damage: Int
    /// Thumbnails made for objects whose thumbnail had failed.
    var thumbnails: Int
    /// Perceptual hashes computed for objects that had none.
    var perceptualHashes: Int
    /// The signal that stopped the repair early.
    @Always var interrupted: StopSignal?

    static var sample: RepairSummary { RepairSummary(objects: 120, repaired: 3, unfixed: 1, damage: 1, thumbnails: 2, perceptualHashes: 12, interrupted: nil) }
}
