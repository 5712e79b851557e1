#if canImport(Glibc)
import Glibc
#endif

/// Hands gumbo one placeholder character for each run of plain text, and puts the text back when
/// a text node is read.
///
/// Why: gumbo's tokenizer emits, and its tree builder appends, one character at a time, so text
/// (about 70% of a typical post) costs most of the parse. A run of text that the tokenizer reads
/// in its data state, containing no `<`, `&`, `-`, CR or NUL, changes no tokenizer state and is
/// only appended to a text node; whether it has non-whitespace is all the tree builder asks. Such a
/// run (its core from the first to the last non-whitespace byte, when 8 bytes or longer) becomes
/// one private-use character (U+F0000 + its number); gumbo then builds the same tree in about half
/// the time. `HTMLTextElisionTests` compares both trees on the corpus and every html5lib tokenizer
/// input, and the fuzzer compares them on everything it generates.
///
/// Markup is followed exactly where it matters (tag attributes with quoted `>`, comments,
/// bogus comments, and the raw-text elements `script`, `style`, `textarea`, `title`, ... whose content
/// is left alone); where in doubt, text is left as it is, which is always safe. Documents that
/// already contain code points from U+C0000 up (UTF-8 lead bytes F3/F4, or numeric references from
/// there up) are not elided; after `<frameset>`, `<plaintext>`, `<svg>`, `<math>` or `<select>`,
/// where the tree builder changes what the tokenizer does, nothing more is.
struct HTMLTextElision: Sendable {
    /// The text gumbo parses: the original with runs replaced.
    let parsed: [UInt8]
    /// The original byte ranges of the runs, by number (start, end).
    let runs: [(start: Int32, end: Int32)]
    /// The original text (the runs are read back from it).
    let original: [UInt8]

    /// How many runs were elided.
    var runCount: Int { runs.count }

    /// Shortest run core worth replacing: the placeholder itself takes 4 bytes.
    static let minimumRun = 8
    /// How many runs the two private-use planes can number (65,534 code points each).
    static let maximumRuns = 2 * 65_534

    /// Elides the runs of `bytes`; returns nil when nothing was elided (parse the original).
    init?(_ bytes: [UInt8]) {
        let scanned: (out: [UInt8], runs: [(start: Int32, end: Int32)])? = bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer where byte == 0xF3 || byte == 0xF4 { return nil }
            if Self.hasHighPlaneReference(buffer) { return nil }
            var scanner = Scanner(buffer)
            scanner.run()
            return (scanner.out, scanner.runs)
        }
        guard let scanned, !scanned.runs.isEmpty else { return nil }
        parsed = scanned.out
        runs = scanned.runs
        original = bytes
    }

    /// True when a numeric character reference (`&#983040;`, `&#xF0000;`) stands for a code
    /// point from U+C0000 up: the parser would put into a text node what looks like a placeholder.
    /// Also for values beyond Unicode: gumbo 0.10 mis-parses references from 0x80000000 up (it
    /// drops or reorders the characters after them, found by the fuzzer), so the bytes that
    /// follow must stay exactly as written.
    static func hasHighPlaneReference(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 2 < bytes.count {
            guard let found = memchr(bytes.baseAddress! + index, Int32(UInt8(ascii: "&")), bytes.count - index) else { return false }
            index = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            guard index < bytes.count, bytes[index] == UInt8(ascii: "#") else { continue }
            var digits = index + 1
            var radix: UInt64 = 10
            if digits < bytes.count, bytes[digits] | 0x20 == UInt8(ascii: "x") { radix = 16; digits += 1 }
            var value: UInt64 = 0
            while digits < bytes.count, let digit = Self.digit(bytes[digits], radix: radix) {
                value = min(value * radix + digit, 0x1_0000_0000)  // capped: larger is U+FFFD anyway
                digits += 1
            }
            if value >= 0xC0000 { return true }
        }
        return false
    }

    private static func digit(_ byte: UInt8, radix: UInt64) -> UInt64? {
        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { return UInt64(byte - UInt8(ascii: "0")) }
        let lower = byte | 0x20
        if radix == 16 && lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return UInt64(lower - UInt8(ascii: "a") + 10) }
        return nil
    }

    /// True when the NUL-terminated gumbo text may hold placeholders (a lead byte F3 or F4).
    static func mayHavePlaceholders(_ text: UnsafePointer<CChar>) -> Bool {
        var pointer = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
        while pointer.pointee != 0 {
            if pointer.pointee >= 0xF3 && pointer.pointee <= 0xF4 { return true }
            pointer += 1
        }
        return false
    }

    /// The text of a gumbo text node with every placeholder replaced by its run.
    func expand(_ text: UnsafePointer<CChar>) -> String {
        let length = strlen(text)
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: length)
        var out: [UInt8] = []
        out.reserveCapacity(length * 4)
        var index = 0
        while index < length {
            let byte = bytes[index]
            if (byte == 0xF3 || byte == 0xF4), index + 3 < length {
                var scalar = UInt32(byte & 0x07) << 18
                scalar |= UInt32(bytes[index + 1] & 0x3F) << 12
                scalar |= UInt32(bytes[index + 2] & 0x3F) << 6
                scalar |= UInt32(bytes[index + 3] & 0x3F)
                let number = scalar >= 0x100000 ? Int(scalar - 0x100000) + 65_534 : Int(scalar) - 0xF0000
                if number >= 0, number < runs.count {
                    let run = runs[number]
                    out.append(contentsOf: original[Int(run.start)..<Int(run.end)])
                    index += 4
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The placeholder of run `number`, in UTF-8.
    static func placeholder(_ number: Int) -> (UInt8, UInt8, UInt8, UInt8) {
        let scalar = number < 65_534 ? UInt32(0xF0000 + number) : UInt32(0x100000 + number - 65_534)
        return (UInt8(0xF0 | (scalar >> 18)), UInt8(0x80 | ((scalar >> 12) & 0x3F)),
                UInt8(0x80 | ((scalar >> 6) & 0x3F)), UInt8(0x80 | (scalar & 0x3F)))
    }
}

extension HTMLTextElision {
    /// One pass over the bytes: text segments between markup are elided, markup is copied.
    fileprivate struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var out: [UInt8] = []
        var runs: [(start: Int32, end: Int32)] = []
        /// Bytes before this index are in `out` already.
        var copied = 0
        /// Set after one of `stopNames`: nothing more is elided.
        var stopped = false

        /// Elements whose content the tokenizer reads as raw text (never elided, skipped whole).
        /// Not `noscript`: gumbo parses with scripting off, so its content is markup.
        static let rawTextNames = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"].map { Array($0.utf8) }
        /// Elements after which nothing is elided. Where the tree builder changes what the
        /// tokenizer does, the rest of the document is parsed as it is rather than following it:
        /// in SVG and MathML (foreign content) `<style>` and `<title>` are not raw text and
        /// `<![CDATA[` is a section of its own; in a `<select>` every raw-text tag but `<script>`
        /// is ignored. (The fuzzer's tree comparison holds the elision to gumbo's parse.)
        static let stopNames = ["plaintext", "frameset", "svg", "math", "select"].map { Array($0.utf8) }

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            out.reserveCapacity(bytes.count)
        }

        mutating func run() {
            let count = bytes.count
            var index = 0
            while index < count {
                let lessThan = find(UInt8(ascii: "<"), from: index) ?? count
                if !stopped { elideSegment(index, lessThan) }
                if lessThan == count || stopped { break }
                index = markupEnd(lessThan)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        }

        /// The index of the first `byte` at or after `start` (memchr), or nil.
        private func find(_ byte: UInt8, from start: Int) -> Int? {
            guard start < bytes.count, let base = bytes.baseAddress,
                  let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }

        /// Splits a text segment at the bytes that may change the tokenizer's state and elides
        /// each piece. A character reference (`&amp;`, `&#x4e2d;`, `&amp` without `;`) has no
        /// whitespace in it, so the text after a `&` is left alone up to the next whitespace.
        private mutating func elideSegment(_ start: Int, _ end: Int) {
            var pieceStart = start
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "&") {
                    elidePiece(pieceStart, index)
                    while index < end, !Self.isHTMLSpace(bytes[index]) { index += 1 }
                    pieceStart = index
                    continue
                }
                let replaced = Self.replacedCharacterLength(bytes, at: index)
                if byte == UInt8(ascii: "-") || replaced > 0 {
                    elidePiece(pieceStart, index)
                    index += max(replaced, 1)
                    pieceStart = index
                    continue
                }
                index += 1
            }
            elidePiece(pieceStart, end)
        }

        /// The length of a character at `index` that the parser does not keep as it is (NUL, CR,
        /// and what gumbo replaces with U+FFFD: controls other than tab, LF and FF, U+007F-U+009F,
        /// U+FDD0-U+FDEF, and U+xFFFE/U+xFFFF), else 0. Such characters end a run.
        static func replacedCharacterLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
            let byte = bytes[index]
            if byte < 0x20 { return byte == 0x09 || byte == 0x0A || byte == 0x0C ? 0 : 1 }
            if byte < 0x7F { return 0 }
            if byte == 0x7F { return 1 }
            let count = bytes.count
            let second = index + 1 < count ? bytes[index + 1] : 0
            let third = index + 2 < count ? bytes[index + 2] : 0
            let fourth = index + 3 < count ? bytes[index + 3] : 0
            switch byte {
            case 0xC2 where second < 0xA0: return 2  // U+0080-U+009F
            case 0xEF where second == 0xB7 && third >= 0x90 && third <= 0xAF: return 3  // U+FDD0-U+FDEF
            case 0xEF where second == 0xBF && third >= 0xBE: return 3  // U+FFFE, U+FFFF
            case 0xF0...0xF4 where second & 0x0F == 0x0F && third == 0xBF && fourth >= 0xBE: return 4  // U+1FFFE ...
            default: return 0
            }
        }

        private mutating func elidePiece(_ start: Int, _ end: Int) {
            var first = start
            while first < end, Self.isHTMLSpace(bytes[first]) { first += 1 }
            var last = end
            while last > first, Self.isHTMLSpace(bytes[last - 1]) { last -= 1 }
            guard last - first >= HTMLTextElision.minimumRun, runs.count < HTMLTextElision.maximumRuns else { return }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<first]))
            let marker = HTMLTextElision.placeholder(runs.count)
            out.append(marker.0); out.append(marker.1); out.append(marker.2); out.append(marker.3)
            runs.append((Int32(first), Int32(last)))
            copied = last
        }

        static func isHTMLSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
        }

        private static func isASCIILetter(_ byte: UInt8) -> Bool {
            let lower = byte | 0x20
            return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
        }

        /// The index after the markup that starts with the `<` at `start` (the tokenizer's view);
        /// for a `<` that starts no markup, the index after it. Raw-text elements are skipped whole.
        private mutating func markupEnd(_ start: Int) -> Int {
            let count = bytes.count
            let next = start + 1
            guard next < count else { return count }
            let byte = bytes[next]
            if byte == UInt8(ascii: "!") {
                if matches(next + 1, Array("--".utf8)) { return commentEnd(from: next + 3) }
                // `<![CDATA[` too: outside foreign content (where eliding stopped) it is a bogus comment.
                return bogusCommentEnd(from: next + 1)
            }
            if byte == UInt8(ascii: "?") { return bogusCommentEnd(from: next + 1) }
            if byte == UInt8(ascii: "/") {
                guard next + 1 < count else { return count }
                if bytes[next + 1] == UInt8(ascii: ">") { return next + 2 }
                if !Self.isASCIILetter(bytes[next + 1]) { return bogusCommentEnd(from: next + 1) }
                return tagEnd(nameStart: next + 1).end
            }
            guard Self.isASCIILetter(byte) else { return next }  // a lone `<` is text
            let (nameEnd, end) = tagEnd(nameStart: next)
            guard end < count else { return count }
            if let name = Self.rawTextNames.first(where: { nameIs($0, next, nameEnd) }) { return rawTextEnd(name, from: end) }
            if Self.stopNames.contains(where: { nameIs($0, next, nameEnd) }) { stopped = true }
            return end
        }

        /// True when the tag name between `start` and `end` is `name` in any case.
        private func nameIs(_ name: [UInt8], _ start: Int, _ end: Int) -> Bool {
            end - start == name.count && matches(start, name, ignoringCase: true)
        }

        /// After `<!--`: the end of `-->` or `--!>`, or of an abruptly closed empty comment,
        /// `<!-->` and `<!--->` (HTML §13.2.5.43–44): those end at once, even if a `-->` follows.
        private func commentEnd(from start: Int) -> Int {
            let count = bytes.count
            if start < count, bytes[start] == UInt8(ascii: ">") { return start + 1 }
            if start + 1 < count, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: ">") { return start + 2 }
            var index = start
            while index + 2 < count {
                if bytes[index] == UInt8(ascii: "-") && bytes[index + 1] == UInt8(ascii: "-") {
                    if bytes[index + 2] == UInt8(ascii: ">") { return index + 3 }
                    if bytes[index + 2] == UInt8(ascii: "!"), index + 3 < count, bytes[index + 3] == UInt8(ascii: ">") { return index + 4 }
                }
                index += 1
            }
            return count
        }

        private func bogusCommentEnd(from start: Int) -> Int {
            find(UInt8(ascii: ">"), from: start).map { $0 + 1 } ?? bytes.count
        }

        /// The end of a start or end tag: where its name ends, and the index after its `>`,
        /// following the tokenizer's attribute states (a quoted value may hold `>`).
        private func tagEnd(nameStart: Int) -> (nameEnd: Int, end: Int) {
            let count = bytes.count
            var index = nameStart
            while index < count, !Self.isHTMLSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">") {
                index += 1
            }
            let nameEnd = index
            enum State { case beforeName, name, afterName, beforeValue, quoted(UInt8), unquoted }
            var state = State.beforeName
            while index < count {
                let byte = bytes[index]
                switch state {
                case .beforeName:
                    if byte == UInt8(ascii: ">") { return (nameEnd, index + 1) }
                    if !Self.isHTMLSpace(byte) && byte != UInt8(ascii: "/") { state = .name }
                case .name:
                    if byte == UInt8(ascii: ">") { return (nameEnd, index + 1) }
                    if Self.isHTMLSpace(byte) { state = .afterName } else if byte == UInt8(ascii: "/") { state = .beforeName } else if byte == UInt8(ascii: "=") { state = .beforeValue }
                case .afterName:
                    if byte == UInt8(ascii: ">") { return (nameEnd, index + 1) }
                    if byte == UInt8(ascii: "=") { state = .beforeValue } else if byte == UInt8(ascii: "/") { state = .beforeName } else if !Self.isHTMLSpace(byte) { state = .name }
                case .beforeValue:
                    if byte == UInt8(ascii: ">") { return (nameEnd, index + 1) }
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { state = .quoted(byte) } else if !Self.isHTMLSpace(byte) { state = .unquoted }
                case .quoted(let quote):
                    // The closing quote is found with memchr: attribute values can be long (data: URIs).
                    guard let close = find(quote, from: index) else { return (nameEnd, count) }
                    index = close
                    state = .beforeName
                case .unquoted:
                    if byte == UInt8(ascii: ">") { return (nameEnd, index + 1) }
                    if Self.isHTMLSpace(byte) { state = .beforeName }
                }
                index += 1
            }
            return (nameEnd, count)
        }

        /// After the start tag of a raw-text element: the index after its end tag (`</name`
        /// followed by whitespace, `/` or `>`, in any case), or the end of the text.
        private func rawTextEnd(_ name: [UInt8], from start: Int) -> Int {
            let count = bytes.count
            var index = start
            while let lessThan = find(UInt8(ascii: "<"), from: index) {
                let nameStart = lessThan + 2
                let after = nameStart + name.count
                if after < count, bytes[lessThan + 1] == UInt8(ascii: "/"), matches(nameStart, name, ignoringCase: true),
                   Self.isHTMLSpace(bytes[after]) || bytes[after] == UInt8(ascii: "/") || bytes[after] == UInt8(ascii: ">") {
                    return tagEnd(nameStart: nameStart).end
                }
                index = lessThan + 1
            }
            return count
        }

        /// True when `needle` is written at `start`; exactly (`<!--` and `<![CDATA[` are
        /// case-sensitive), or ignoring ASCII case for tag names (given in lower case).
        private func matches(_ start: Int, _ needle: [UInt8], ignoringCase: Bool = false) -> Bool {
            guard start + needle.count <= bytes.count else { return false }
            for (offset, expected) in needle.enumerated() {
                let byte = bytes[start + offset]
                if byte != expected && !(ignoringCase && Self.isASCIILetter(byte) && byte | 0x20 == expected) { return false }
            }
            return true
        }
    }
}
