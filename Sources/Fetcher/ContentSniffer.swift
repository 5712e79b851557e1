/// Whether a downloaded body is worth archiving as an image.
public enum SniffVerdict: Sendable, Equatable {
    /// The bytes are an image of this kind; `note` tells when the Content-Type said otherwise.
    case image(MediaKind, note: String? = nil)
    /// The bytes are not an image; `reason` is short and meant for a person.
    case rejected(reason: String)
}

/// Decides what a response holds from its first bytes, the way gallery-dl and WHATWG MIME Sniffing do.
///
/// Rules (kept small on purpose):
/// 1. The bytes decide, never the Content-Type: hosts label WebP as `image/jpeg` and images as
///    `text/html` or `application/octet-stream` all the time, and an image is an image.
/// 2. Image bytes are accepted whatever the Content-Type; a disagreement becomes a `note`.
/// 3. HTML, text, unrecognised or empty bytes are rejected whatever the Content-Type, so an error
///    page or hotlink-protection page served as `200 image/png` never enters the archive.
public enum ContentSniffer {
    /// How many leading bytes `sniff` looks at; enough to find `<svg` after a typical XML prolog.
    public static let preferredPrefixLength = 1024

    /// The kind of data that starts with `prefix` (32 bytes suffice for binary formats, SVG may need more).
    public static func sniff(prefix: some Collection<UInt8>) -> MediaKind {
        let bytes = Array(prefix.prefix(preferredPrefixLength))
        return binaryKind(bytes) ?? markupKind(bytes) ?? (isText(bytes) ? .text : .unknown)
    }

    /// Accepts the bytes as an image or rejects them with a reason, given the response's Content-Type.
    public static func verdict(prefix: some Collection<UInt8>, contentType: String?) -> SniffVerdict {
        let kind = sniff(prefix: prefix)
        let announced = contentType.flatMap(MediaKind.init(contentType:))
        if kind.isImage {
            guard let contentType, let announced, announced != kind else { return .image(kind) }
            return .image(kind, note: "Content-Type \(essence(contentType)) but the bytes are \(kind.displayName)")
        }
        switch kind {
        case .html: return .rejected(reason: "HTML page instead of an image")
        case .text: return .rejected(reason: "text instead of an image")
        default:
            if prefix.isEmpty { return .rejected(reason: "empty response instead of an image") }
            if let announced, announced.isImage {
                return .rejected(reason: "Content-Type \(essence(contentType!)) but the bytes are not a known image format")
            }
            return .rejected(reason: "unrecognised data instead of an image")
        }
    }

    private static func essence(_ contentType: String) -> String {
        String(contentType.split(separator: ";", maxSplits: 1).first ?? "").lowercased()
            .filter { $0 != " " && $0 != "\t" }
    }

    /// Magic numbers (WHATWG MIME Sniffing §6.1 "image type pattern" table, plus TIFF, AVIF, HEIF and JPEG XL).
    private static func binaryKind(_ b: [UInt8]) -> MediaKind? {
        func starts(_ pattern: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + pattern.count && Array(b[offset..<offset + pattern.count]) == pattern
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts([0x00, 0x00, 0x01, 0x00]) { return .ico }
        if let kind = isoMediaImage(b) { return kind }
        // JPEG XL (ISO/IEC 18181-2): the codestream's signature, or the container's first box.
        if starts([0xFF, 0x0A]) || starts([0, 0, 0, 0x0C] + Array("JXL ".utf8) + [0x0D, 0x0A, 0x87, 0x0A]) { return .jxl }
        // "BM" alone also starts English text ("BMW ..."), so the BMP header's reserved
        // bytes 6-9, which are zero in every real file, must be zero too when present.
        if starts(Array("BM".utf8)) && (b.count < 10 || b[6..<10].allSatisfy { $0 == 0 }) { return .bmp }
        return nil
    }

    /// The HEIF brands of still images and sequences (ISO/IEC 23008-12 Annex B): `mif1`/`msf1`
    /// are HEIF's own, the others name HEVC-coded HEIF (HEIC).
    private static let heifBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1"]

    /// An image in an ISO-BMFF file (ISO/IEC 14496-12 §4.3: `size ftyp major minor compatible...`):
    /// AVIF when a brand is `avif`/`avis` (AV1-ISOBMFF §8; an AVIF also lists `mif1`), else HEIF
    /// when a brand is HEIF's; nil for other ISO-BMFF files (MP4 video) and non-BMFF bytes.
    private static func isoMediaImage(_ b: [UInt8]) -> MediaKind? {
        guard b.count >= 12, Array(b[4..<8]) == Array("ftyp".utf8) else { return nil }
        let boxSize = Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3])
        let end = min(max(boxSize, 12), b.count)
        // Brands are the major brand (offset 8) and the compatible brands (from offset 16).
        let offsets = [8] + Array(stride(from: 16, to: end - 3, by: 4))
        let brands = Set(offsets.map { String(decoding: b[$0..<$0 + 4], as: UTF8.self) })
        if brands.contains("avif") || brands.contains("avis") { return .avif }
        return brands.isDisjoint(with: heifBrands) ? nil : .heic
    }

    /// True for UTF-8 (a character cut off by the prefix end is allowed) with no NUL or binary control bytes.
    private static func isText(_ b: [UInt8]) -> Bool {
        guard !b.isEmpty else { return false }
        if b.contains(where: { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains($0) || $0 == 0x7F }) { return false }
        // Drop up to 3 trailing bytes of an incomplete sequence before validating.
        var end = b.count
        if let lead = b.suffix(3).lastIndex(where: { (0xC2...0xF4).contains($0) }),
           b[(lead + 1)...].allSatisfy({ (0x80...0xBF).contains($0) }) {
            let needed = b[lead] >= 0xF0 ? 4 : b[lead] >= 0xE0 ? 3 : 2
            if b.count - lead < needed { end = lead }
        }
        return String(validating: b[..<end], as: UTF8.self) != nil
    }
}
