/// What a response body holds, as decided from its first bytes by `ContentSniffer`.
public enum MediaKind: String, Sendable, CaseIterable {
    /// JPEG/JFIF/EXIF (`FF D8 FF`).
    case jpeg
    /// PNG (8-byte signature; APNG too).
    case png
    /// GIF87a / GIF89a.
    case gif
    /// WebP (`RIFF....WEBP`).
    case webp
    /// AVIF (ISO-BMFF `ftyp` box with an `avif`/`avis` brand).
    case avif
    /// HEIF/HEIC, iPhones' photos (ISO-BMFF `ftyp` box with a HEIF brand and no AVIF one).
    case heic
    /// JPEG XL (a bare codestream `FF 0A`, or its ISO-BMFF container `JXL `).
    case jxl
    /// SVG (XML text whose root element is `<svg`).
    case svg
    /// Windows bitmap (`BM`).
    case bmp
    /// TIFF, either byte order.
    case tiff
    /// Windows icon (`00 00 01 00`).
    case ico
    /// An HTML page: a login wall, an error page, a hotlink-protection page.
    case html
    /// Other printable UTF-8 text (JSON errors, plain-text messages, feeds).
    case text
    /// Binary data of no recognised kind, or nothing at all.
    case unknown

    /// The archive's object file extension (ARCHITECTURE.md "Archive layout").
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .gif: "gif"
        case .webp: "webp"
        case .avif: "avif"
        case .heic: "heic"
        case .jxl: "jxl"
        case .svg: "svg"
        case .bmp: "bmp"
        case .tiff: "tif"
        case .ico: "ico"
        case .html, .text, .unknown: "bin"
        }
    }

    /// True for the kinds that are kept as images.
    public var isImage: Bool {
        switch self {
        case .html, .text, .unknown: false
        default: true
        }
    }

    /// A short name for messages, e.g. "JPEG".
    public var displayName: String {
        switch self {
        case .html: "HTML"
        case .text: "text"
        case .unknown: "unrecognised data"
        default: rawValue.uppercased()
        }
    }

    /// The image kind a Content-Type announces (media type essence, parameters ignored); nil if none.
    public init?(contentType: String) {
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        switch essence.trimmingSpaces().lowercased() {
        case "image/jpeg", "image/jpg", "image/pjpeg": self = .jpeg
        case "image/png", "image/apng", "image/x-png": self = .png
        case "image/gif": self = .gif
        case "image/webp": self = .webp
        case "image/avif": self = .avif
        case "image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence": self = .heic
        case "image/jxl": self = .jxl
        case "image/svg+xml": self = .svg
        case "image/bmp", "image/x-bmp", "image/x-ms-bmp": self = .bmp
        case "image/tiff": self = .tiff
        case "image/x-icon", "image/vnd.microsoft.icon": self = .ico
        case "text/html", "application/xhtml+xml": self = .html
        default: return nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (HTTP whitespace).
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
