import CImageCodec
import Foundation

/// Swift face of the CImageCodec C target: every call checks the C status and turns it into an
/// `ImageError` carrying the library's message. Internal; `Thumbnailer` is the public API.
enum ImageCodec {
    /// An encoded thumbnail handed back from C.
    struct EncodedThumbnail {
        /// The encoded file.
        var bytes: Data
        /// True for PNG (transparency kept), false for JPEG.
        var isPNG: Bool
        /// Thumbnail width in pixels.
        var width: Int
        /// Thumbnail height in pixels.
        var height: Int
        /// What the decoder learned about the source.
        var info: ImageInfo
        /// The perceptual hash's 32x32 grey grid from the same decode, when asked for and hashable.
        var grey: [UInt8]?
    }

    /// Decoded pixels, RGBA8 row-major.
    struct RGBAImage {
        /// Width in pixels.
        var width: Int
        /// Height in pixels.
        var height: Int
        /// `width * height * 4` bytes.
        var pixels: [UInt8]
        /// What the decoder learned about the source.
        var info: ImageInfo
    }

    /// The format the magic bytes announce.
    static func sniff(_ data: Data) -> mv_format {
        data.withUnsafeBytes { raw in mv_sniff(raw.bindMemory(to: UInt8.self).baseAddress, raw.count) }
    }

    /// Header-only read.
    static func probe(_ data: some ContiguousBytes, maxPixels: Int, name: String) throws(ImageError) -> ImageInfo {
        var info = mv_info()
        var message = [CChar](repeating: 0, count: Int(MV_MESSAGE_SIZE))
        let status = data.withUnsafeBytes { raw in
            mv_probe(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, UInt64(max(0, maxPixels)), &info, &message)
        }
        try check(status, message, name)
        return ImageInfo(info)
    }

    /// Decode, downscale, orient and encode in one C call.
    /// With `grey`, the perceptual hash's grid is made from the same decoded rows (one decode).
    static func thumbnail(_ data: Data, maxEdge: Int, jpegQuality: Int, maxPixels: Int, name: String, grey wantsGrey: Bool = false)
        throws(ImageError) -> EncodedThumbnail
    {
        var info = mv_info()
        var thumbnail = mv_thumbnail()
        var message = [CChar](repeating: 0, count: Int(MV_MESSAGE_SIZE))
        var grey = [UInt8](repeating: 0, count: wantsGrey ? Int(MV_GREY_EDGE * MV_GREY_EDGE) : 0)
        var hasGrey: Int32 = 0
        let status = data.withUnsafeBytes { raw in
            grey.withUnsafeMutableBufferPointer { greyBuffer in
                mv_make_thumbnail_and_grey32(
                    raw.bindMemory(to: UInt8.self).baseAddress, raw.count, Int32(clamping: maxEdge),
                    Int32(clamping: jpegQuality), UInt64(max(0, maxPixels)), &thumbnail,
                    wantsGrey ? greyBuffer.baseAddress : nil, &hasGrey, &info, &message)
            }
        }
        try check(status, message, name)
        defer { mv_buffer_free(&thumbnail.bytes) }
        return EncodedThumbnail(
            bytes: Data(bytes: thumbnail.bytes.data, count: thumbnail.bytes.size),
            isPNG: thumbnail.format == MV_FORMAT_PNG,
            width: Int(thumbnail.width), height: Int(thumbnail.height), info: ImageInfo(info, warning: message),
            grey: hasGrey == 1 ? grey : nil)
    }

    /// Full-size decode to RGBA8 (tests, perceptual hashes).
    static func decodeRGBA(_ data: Data, maxPixels: Int = 100_000_000, applyOrientation: Bool = true,
                           name: String = "image") throws(ImageError) -> RGBAImage
    {
        var info = mv_info()
        var buffer = mv_buffer()
        var width: Int32 = 0
        var height: Int32 = 0
        var message = [CChar](repeating: 0, count: Int(MV_MESSAGE_SIZE))
        let status = data.withUnsafeBytes { raw in
            mv_decode_rgba(
                raw.bindMemory(to: UInt8.self).baseAddress, raw.count, UInt64(max(0, maxPixels)),
                applyOrientation ? 1 : 0, &buffer, &width, &height, &info, &message)
        }
        try check(status, message, name)
        defer { mv_buffer_free(&buffer) }
        let pixels = [UInt8](UnsafeBufferPointer(start: buffer.data, count: buffer.size))
        return RGBAImage(width: Int(width), height: Int(height), pixels: pixels, info: ImageInfo(info, warning: message))
    }

    /// Encodes RGBA8 pixels as JPEG (alpha dropped) or PNG.
    static func encode(rgba: [UInt8], width: Int, height: Int, png: Bool, jpegQuality: Int = 90)
        throws(ImageError) -> Data
    {
        precondition(rgba.count == width * height * 4, "RGBA buffer does not match \(width)x\(height)")
        var buffer = mv_buffer()
        var message = [CChar](repeating: 0, count: Int(MV_MESSAGE_SIZE))
        let status = mv_encode_rgba(
            rgba, Int32(width), Int32(height), png ? MV_FORMAT_PNG : MV_FORMAT_JPEG,
            Int32(clamping: jpegQuality), &buffer, &message)
        try check(status, message, "encoder")
        defer { mv_buffer_free(&buffer) }
        return Data(bytes: buffer.data, count: buffer.size)
    }

    /// The message buffer as text, nil when empty.
    static func text(_ message: [CChar]) -> String? {
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? nil : text
    }

    /// Turns a C status into a thrown `ImageError` naming the input.
    private static func check(_ status: mv_status, _ message: [CChar], _ name: String) throws(ImageError) {
        if status == MV_OK { return }
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let kind: ImageError.Kind
        switch status {
        case MV_UNSUPPORTED: kind = .unsupported
        case MV_TOO_LARGE: kind = .tooLarge
        case MV_NO_MEMORY: kind = .tooLarge  // the image did not fit in memory
        default: kind = .corrupt
        }
        throw ImageError(kind, "\(name): \(text)")
    }
}

extension ImageInfo {
    /// Copies the C header info (oriented size, alpha, warnings).
    init(_ info: mv_info) {
        self.init(
            width: Int(info.width), height: Int(info.height), hasAlpha: info.has_alpha != 0,
            truncated: info.truncated != 0, warnings: Int(info.warnings))
    }

    /// The same, with the library's warning left in the message buffer of a successful decode
    /// (libjpeg's error manager writes `warning: …` there and goes on).
    init(_ info: mv_info, warning message: [CChar]) {
        self.init(info)
        warning = ImageCodec.text(message).map { $0.hasPrefix("warning: ") ? String($0.dropFirst(9)) : $0 }
    }
}
