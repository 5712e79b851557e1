import Foundation

/// Which build of mediavault is running: the GNU build ID the linker writes into the executable
/// (a hash of its code, different for every change). Things remembered from what this build's
/// code decided, such as the scan memo's parsed posts, are trusted only by the same build, so an
/// upgrade with better scanning rules parses unchanged posts again, once.
enum BuildIdentity {
    /// The running executable's build ID in hex, or nil where it has none (then only the memo's
    /// layout guards it, as before).
    static let current: String? = buildID(ofExecutableAt: "/proc/self/exe")

    /// The `NT_GNU_BUILD_ID` note of a 64-bit little-endian ELF file, read from its program headers.
    static func buildID(ofExecutableAt path: String) -> String? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        func read(_ offset: UInt64, _ count: Int) -> [UInt8]? {
            guard (try? file.seek(toOffset: offset)) != nil, let data = try? file.read(upToCount: count), data.count == count else { return nil }
            return [UInt8](data)
        }
        func integer(_ bytes: [UInt8], _ at: Int, _ size: Int) -> UInt64 {
            (0..<size).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        // ELF magic, 64-bit class, little-endian data.
        guard let header = read(0, 64), header[0..<4] == [0x7F, 0x45, 0x4C, 0x46], header[4] == 2, header[5] == 1 else { return nil }
        let tableOffset = integer(header, 0x20, 8), entrySize = Int(integer(header, 0x36, 2)), entries = Int(integer(header, 0x38, 2))
        guard entrySize >= 56, entries < 256, let table = read(tableOffset, entrySize * entries) else { return nil }
        for entry in 0..<entries where integer(table, entry * entrySize, 4) == 4 {  // PT_NOTE
            let offset = integer(table, entry * entrySize + 8, 8), size = Int(integer(table, entry * entrySize + 32, 8))
            guard size < 1 << 16, let notes = read(offset, size) else { continue }
            var at = 0
            while at + 12 <= notes.count {
                let nameSize = Int(integer(notes, at, 4)), descSize = Int(integer(notes, at + 4, 4)), type = integer(notes, at + 8, 4)
                let name = at + 12, desc = name + (nameSize + 3) & ~3
                guard desc + descSize <= notes.count else { break }
                if type == 3, nameSize == 4, notes[name..<name + 3] == [0x47, 0x4E, 0x55] {  // NT_GNU_BUILD_ID, "GNU"
                    return notes[desc..<desc + descSize].map { String(format: "%02x", $0) }.joined()
                }
                at = desc + (descSize + 3) & ~3
            }
        }
        return nil
    }
}
