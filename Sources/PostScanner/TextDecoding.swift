import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns a document's bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, or the
/// charset the document declares (`<meta charset>`, `http-equiv`, `<?xml encoding?>`).
enum TextDecoding {
    /// Decodes `data` (valid UTF-8 first, then the declared charset), throwing a `ScanError` naming `input` when the bytes are not text.
    static func decode(_ data: Data, input: String) throws(ScanError) -> String {
        if data.isEmpty { return "" }
        if let text = plainUTF8(data) { return text }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try utf8(bytes[3...], input: input)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            if let text = String(data: data, encoding: .utf16) { return text }
            throw ScanError(input: input, reason: "invalid UTF-16 text; re-save the file as UTF-8")
        }
        // NUL bytes never occur in text posts: treat them as a binary file early, before
        // a legacy decoder happily turns them into garbage.
        if bytes.prefix(8192).contains(0) {
            throw ScanError(input: input, reason: "binary data, not a text post or feed; remove it from the input")
        }
        // Valid UTF-8 wins over a declaration: multi-byte legacy text is almost never valid UTF-8
        // by accident, while re-saved pages often keep a stale `charset=gb2312`.
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let declared = declaredCharset(bytes), !["utf-8", "utf8", "us-ascii", "ascii"].contains(declared) {
            return try legacy(bytes, charset: declared, input: input)
        }
        return try utf8(bytes[...], input: input)
    }

    /// The common case without copying the bytes first: no BOM, no NUL in the first 8 KB, valid UTF-8.
    private static func plainUTF8(_ data: Data) -> String? {
        data.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let first = bytes.first, first != 0xEF, first != 0xFF, first != 0xFE,
                  memchr(raw.baseAddress!, 0, min(bytes.count, 8192)) == nil else { return nil }
            return String(validating: bytes, as: UTF8.self)
        }
    }

    private static func utf8(_ bytes: ArraySlice<UInt8>, input: String) throws(ScanError) -> String {
        // `String(validating:)` rejects bad sequences instead of silently repairing them.
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw ScanError(input: input, reason: "text is not valid UTF-8 and declares no other charset; convert it to UTF-8 or add <meta charset>")
    }

    /// The charset named in the first 2 KB (`charset=` in a meta tag or `encoding=` in the XML
    /// declaration), lower-cased; ASCII-only scanning is safe because all candidates are ASCII-compatible.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).lowercased()
        for key in ["charset=", "encoding="] {
            var search = head.startIndex
            while let range = head.range(of: key, range: search..<head.endIndex) {
                search = range.upperBound
                let rest = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                if !name.isEmpty { return String(name) }
            }
        }
        return nil
    }

    /// The decoder browsers use for a legacy label (the WHATWG Encoding Standard): a page declaring
    /// `shift_jis` is read as Windows-31J (NEC's circled digits), `euc-kr` as CP949, `tis-620` as
    /// windows-874 (smart quotes), `iso-8859-1` as windows-1252, `gb2312` as GB18030 (its superset),
    /// `big5` with the Hong Kong additions. Strict decoders refused whole files over one character.
    static let browserDecoders: [String: String] = [
        "shift_jis": "CP932", "sjis": "CP932", "shift-jis": "CP932", "ms_kanji": "CP932", "x-sjis": "CP932", "csshiftjis": "CP932",
        "windows-31j": "CP932", "ms932": "CP932",
        "euc-kr": "CP949", "ks_c_5601-1987": "CP949", "korean": "CP949", "csksc56011987": "CP949", "windows-949": "CP949", "ksc5601": "CP949",
        "tis-620": "CP874", "iso-8859-11": "CP874", "windows-874": "CP874",
        "iso-8859-1": "CP1252", "latin1": "CP1252", "l1": "CP1252", "iso8859-1": "CP1252", "us-ascii": "CP1252", "ascii": "CP1252", "cp819": "CP1252",
        "iso-8859-9": "CP1254", "latin5": "CP1254",
        "gb2312": "GB18030", "gbk": "GB18030", "x-gbk": "GB18030", "gb_2312-80": "GB18030", "chinese": "GB18030", "csgb2312": "GB18030",
        "big5": "BIG5-HKSCS", "cn-big5": "BIG5-HKSCS", "x-x-big5": "BIG5-HKSCS", "csbig5": "BIG5-HKSCS",
    ]

    /// Converts from a legacy charset with iconv (glibc knows GBK, GB18030, Big5, Shift_JIS...).
    private static func legacy(_ bytes: [UInt8], charset: String, input: String) throws(ScanError) -> String {
        let name = browserDecoders[charset] ?? charset.uppercased()
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) {
            throw ScanError(input: input, reason: "declares charset \(charset), which this system cannot decode; convert the file to UTF-8")
        }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var inputBytes = bytes
        let produced: Int? = inputBytes.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return result == -1 ? nil : outBuf.count - outLeft
            }
        }
        guard let produced, let text = String(validating: output[..<produced], as: UTF8.self) else {
            throw ScanError(input: input, reason: "bytes are not valid \(charset) as declared; fix the charset declaration or convert to UTF-8")
        }
        return text
    }
}
