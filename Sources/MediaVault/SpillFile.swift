import Foundation

/// Length-prefixed texts appended to a temporary file, for what a run must be able to look up
/// but rarely does (the planned images' journal, the URL that first answered each digest): the
/// run's memory then holds an offset, not the text. The file is made when the first
/// `flushSize` bytes are written out and unlinked at once, so nothing is left behind whatever
/// ends the run. Should it be impossible to make or write, the texts stay in memory: the run
/// then costs about what it did before, and nothing is lost.
///
/// Not thread-safe: one task at a time, or under its owner's lock.
final class SpillFile {
    private var fd: Int32 = -1
    /// Whether the file was given up (or could not be made): later texts stay in memory.
    private(set) var inMemory = false
    /// Bytes in the file; the ones after them are in `buffer`.
    private var written = 0
    private var buffer: [UInt8] = []
    private let folder: String
    /// A text's length when it is none (nil).
    private static let none = UInt32.max
    /// Bytes buffered before a write.
    static let flushSize = 256 << 10
    /// Bytes read at once by `text(at:)`.
    private static let shortRead = 512
    /// Bytes read at a time by `scan`.
    static let readSize = 1 << 20

    /// A spill file that will be in `folder`, by default the temporary folder (`TMPDIR`).
    init(folder: String = FileManager.default.temporaryDirectory.path) { self.folder = folder }

    deinit { if fd >= 0 { close(fd) } }

    /// Where the next text goes.
    var end: Int { written + buffer.count }

    /// Appends one text (or none) and returns its offset.
    @discardableResult
    func append(_ text: String?) -> Int {
        let offset = end
        let length = text.map { UInt32($0.utf8.count) } ?? Self.none
        withUnsafeBytes(of: length.littleEndian) { buffer.append(contentsOf: $0) }
        if let text { buffer.append(contentsOf: text.utf8) }
        if buffer.count >= Self.flushSize { flush() }
        return offset
    }

    /// The text at `offset` and the offset of the next one; nil when it cannot be read.
    func text(at offset: Int) -> (text: String?, next: Int)? {
        // One read for a short text (a URL, a digest): its length and, usually, all of it.
        guard let head = bytes(at: offset, count: min(Self.shortRead, end - offset)), head.count >= 4 else { return nil }
        let length = Self.length(head[0..<4])
        if length == Self.none { return (nil, offset + 4) }
        let size = Int(length)
        if 4 + size <= head.count { return (String(decoding: head[4..<4 + size], as: UTF8.self), offset + 4 + size) }
        guard let body = bytes(at: offset + 4, count: size) else { return nil }
        return (String(decoding: body, as: UTF8.self), offset + 4 + size)
    }

    /// Reads every text in order, `readSize` bytes at a time; `each` gets the text and its
    /// offset. A read error ends the scan early.
    func scan(_ each: (String?, Int) -> Void) {
        var pending: [UInt8] = []
        var base = 0  // the offset of pending[0]
        func take() {
            var at = 0
            while at + 4 <= pending.count {
                let length = Self.length(pending[at..<at + 4])
                let size = length == Self.none ? 0 : Int(length)
                guard at + 4 + size <= pending.count else { break }
                each(length == Self.none ? nil : String(decoding: pending[at + 4..<at + 4 + size], as: UTF8.self), base + at)
                at += 4 + size
            }
            pending.removeFirst(at)
            base += at
        }
        var chunk = [UInt8](repeating: 0, count: Self.readSize)
        var offset = 0
        while offset < written {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, min($0.count, written - offset), off_t(offset)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
            pending.append(contentsOf: chunk[0..<n])
            take()
        }
        pending.append(contentsOf: buffer)
        take()
    }

    /// Appends the texts of one record (a fixed number of fields for its kind) and returns the
    /// record's offset, for `record(at:width:)`.
    @discardableResult
    func append(record fields: [String?]) -> Int {
        let offset = end
        for field in fields { append(field) }
        return offset
    }

    /// The `width` texts of the record at `offset`; nil when they cannot be read.
    func record(at offset: Int, width: Int) -> [String?]? {
        var fields: [String?] = []
        var at = offset
        for _ in 0..<width {
            guard let (text, next) = text(at: at) else { return nil }
            fields.append(text)
            at = next
        }
        return fields
    }

    /// Reads every record of `width` texts in order (as `scan` reads texts).
    func scanRecords(width: Int, _ each: ([String?]) -> Void) {
        var fields: [String?] = []
        scan { text, _ in
            fields.append(text)
            guard fields.count == width else { return }
            each(fields)
            fields.removeAll(keepingCapacity: true)
        }
    }

    /// The little-endian length prefix in `bytes` (four of them), as `append` writes it.
    private static func length(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// `count` bytes at `offset`, from the file or the buffer.
    private func bytes(at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, offset + count <= end else { return nil }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count, offset + done < written {
            let want = min(count - done, written - offset - done)
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, want, off_t(offset + done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        if done < count {
            let from = offset + done - written
            out.replaceSubrange(done..<count, with: buffer[from..<from + count - done])
        }
        return out
    }

    /// Writes the buffer out; on a failure the file is given up and later texts stay in memory.
    private func flush() {
        guard !inMemory, !buffer.isEmpty else { return }
        if fd < 0 {
            // Unlinked as soon as it is open; not inherited by child processes.
            var template = Array((folder + "/mediavault-spill-XXXXXX").utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { inMemory = true; return }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        }
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(written + done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { inMemory = true; break }  // what was written stays readable
            done += n
        }
        buffer.removeFirst(done)
        written += done
    }
}
