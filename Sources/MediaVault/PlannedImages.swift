import ArchiveStore
import Fetcher
import Foundation

/// The distinct image URLs one run has planned, kept small: 16 bytes per URL in memory (to hand
/// each over once) and its `ImageWork` on disk (for the end-of-run steps, which need a few of
/// them by URL: the placeholder repair and the uncatalogued report).
///
/// A URL is known by the first 128 bits of its SHA-256. Two distinct URLs of one run share
/// them with a probability of about n²/2¹²⁹ (1.5 × 10⁻²¹ for a billion URLs), and because
/// SHA-256 resists collisions, a post cannot be crafted to name a URL that hides another one
/// (that would take about 2⁶⁴ hashes). Were it ever to happen, the second URL would not be
/// fetched in this run; nothing else would be harmed.
///
/// Used by one task at a time: the scan while it plans, then the job at the end of the run.
final class PlannedImages {
    private let hasher = SHA256Hasher()
    private var known: Set<URLFingerprint> = []
    private let journal: PlanJournal

    /// An empty plan; `journal` is where the `ImageWork`s go (a test may give one that cannot write).
    init(journal: PlanJournal = PlanJournal()) { self.journal = journal }

    /// How many distinct URLs were planned.
    var count: Int { known.count }

    /// Whether `url` was planned in this run.
    func contains(_ url: String) -> Bool { known.contains(fingerprint(url)) }

    /// Notes `url` as planned; false when it already was (the caller then drops the occurrence).
    func insert(_ url: String) -> Bool { known.insert(fingerprint(url)).inserted }

    /// Writes down what fetching `item` takes (its URL was just inserted), for `lookup`.
    func remember(_ item: ImageWork) { journal.append(item) }

    /// The planned images among `urls`, by URL (a URL this run did not plan is absent). Reads
    /// the journal once: meant for the few URLs of a repair or a report, not per image.
    func lookup(_ urls: some Sequence<String>) -> [String: ImageWork] {
        let wanted = Set(urls.filter(contains))
        guard !wanted.isEmpty else { return [:] }
        return journal.read(wanted)
    }

    private func fingerprint(_ url: String) -> URLFingerprint {
        var url = url
        let (high, low) = url.withUTF8 { hasher.prefix128(of: UnsafeRawBufferPointer($0)) }
        return URLFingerprint(high: high, low: low)
    }
}

/// The first 128 bits of a URL's SHA-256 (see `PlannedImages` for why they suffice).
struct URLFingerprint: Hashable {
    let high: UInt64
    let low: UInt64
}

/// The `ImageWork` of every planned URL, appended to a temporary file (opened when the first
/// `flushSize` bytes of records are written out, and unlinked at once: nothing is left behind,
/// whatever ends the run) and read back only when the end of the run needs some of them.
/// Should the file be impossible to open or write, the records stay in memory: the run then
/// costs about what it did before, and nothing is lost.
final class PlanJournal {
    private var fd: Int32 = -1
    /// Whether the file was given up (or could not be made): records stay in memory.
    private(set) var inMemory = false
    private var written = 0
    private var buffer: [UInt8] = []
    private let folder: String
    /// Bytes buffered before a write.
    static let flushSize = 256 << 10
    /// Bytes read at a time when looking records up.
    static let readSize = 1 << 20

    /// A journal whose file will be in `folder`, by default the temporary folder (`TMPDIR`).
    init(folder: String = FileManager.default.temporaryDirectory.path) { self.folder = folder }

    deinit { if fd >= 0 { close(fd) } }

    /// Adds one record: the URL, the page (or none), the policy and the first post.
    func append(_ item: ImageWork) {
        Self.put(item.url, into: &buffer)
        if let page = item.page { Self.put(page, into: &buffer) } else { Self.putLength(UInt32.max, into: &buffer) }
        Self.put(item.policy.rawValue, into: &buffer)
        Self.put(item.posts.first ?? "", into: &buffer)
        if buffer.count >= Self.flushSize { flush() }
    }

    /// The records whose URL is in `urls` (the first of each URL).
    func read(_ urls: Set<String>) -> [String: ImageWork] {
        flush()
        var found: [String: ImageWork] = [:]
        var reader = RecordReader()
        if written > 0 {
            var chunk = [UInt8](repeating: 0, count: Self.readSize)
            var offset = 0
            while offset < written {
                let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, min($0.count, written - offset), off_t(offset)) }
                if n < 0, errno == EINTR { continue }
                // A read error ends the look-up early: a URL not found is then fetched by the next
                // run (as an earlier run's URL is), and an uncatalogued one is reported without its post.
                guard n > 0 else { break }
                offset += n
                reader.feed(chunk[0..<n]) { item in if urls.contains(item.url), found[item.url] == nil { found[item.url] = item } }
            }
        }
        reader.feed(buffer[...]) { item in if urls.contains(item.url), found[item.url] == nil { found[item.url] = item } }
        return found
    }

    /// Writes the buffer out; on a failure the file is given up and later records stay in memory.
    private func flush() {
        guard !inMemory, !buffer.isEmpty else { return }
        if fd < 0 {
            // Unlinked as soon as it is open; not inherited by child processes.
            var template = Array((folder + "/mediavault-plan-XXXXXX").utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { inMemory = true; return }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        }
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(written + done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                // What was written stays readable; the rest (this buffer included) stays here.
                buffer.removeFirst(done)
                written += done
                inMemory = true
                return
            }
            done += n
        }
        written += done
        buffer.removeAll(keepingCapacity: true)
    }

    private static func put(_ text: String, into buffer: inout [UInt8]) {
        putLength(UInt32(text.utf8.count), into: &buffer)
        buffer.append(contentsOf: text.utf8)
    }

    private static func putLength(_ length: UInt32, into buffer: inout [UInt8]) {
        withUnsafeBytes(of: length.littleEndian) { buffer.append(contentsOf: $0) }
    }
}

/// Decodes journal records from bytes fed in pieces (a record may straddle two pieces).
private struct RecordReader {
    private var pending: [UInt8] = []

    /// Calls `each` for every record the bytes so far complete.
    mutating func feed(_ bytes: ArraySlice<UInt8>, _ each: (ImageWork) -> Void) {
        pending.append(contentsOf: bytes)
        var at = 0
        while let (item, next) = Self.record(in: pending, at: at) {
            each(item)
            at = next
        }
        pending.removeFirst(at)
    }

    /// The record at `at` and where the next begins; nil when the bytes end first.
    private static func record(in bytes: [UInt8], at start: Int) -> (ImageWork, Int)? {
        var at = start
        func field() -> String?? {
            guard at + 4 <= bytes.count else { return nil }
            let length = bytes[at..<at + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            at += 4
            if length == UInt32.max { return .some(nil) }
            guard at + Int(length) <= bytes.count else { return nil }
            defer { at += Int(length) }
            return .some(String(decoding: bytes[at..<at + Int(length)], as: UTF8.self))
        }
        guard let url = field(), let page = field(), let policy = field(), let post = field() else { return nil }
        let item = ImageWork(url: url ?? "", page: page, policy: policy.flatMap(ReferrerPolicy.init(rawValue:)) ?? .defaultPolicy,
                             posts: [post ?? ""])
        return (item, at)
    }
}
