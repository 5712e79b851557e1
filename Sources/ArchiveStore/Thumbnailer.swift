import Foundation
import CImageCodec

/// What a decoder learned about an image from its header (and, for JPEG, its warnings).
public struct ImageInfo: Sendable, Equatable {
    /// Width in pixels, after EXIF orientation is applied.
    public var width: Int
    /// Height in pixels, after EXIF orientation is applied.
    public var height: Int
    /// True when the image has an alpha channel or transparency.
    public var hasAlpha: Bool
    /// True when the data ended early (libjpeg only warns; the picture may be partly grey).
    public var truncated: Bool
    /// Number of warnings the codec library emitted while decoding (0 after a header-only probe).
    public var warnings: Int
    /// The codec library's last warning, in its own words (libjpeg's "Premature end of JPEG file").
    public var warning: String? = nil
    /// Creates image info.
    public init(width: Int, height: Int, hasAlpha: Bool = false, truncated: Bool = false, warnings: Int = 0) {
        self.width = width
        self.height = height
        self.hasAlpha = hasAlpha
        self.truncated = truncated
        self.warnings = warnings
    }
}

/// A thumbnail written next to the archive's objects.
public struct Thumbnail: Sendable, Equatable {
    /// The thumbnail file (`.jpg` for opaque images, `.png` when transparency is kept).
    public var file: URL
    /// Thumbnail width in pixels.
    public var width: Int
    /// Thumbnail height in pixels.
    public var height: Int
    /// What the decoder learned about the source image.
    public var source: ImageInfo
    /// The source's perceptual hash from the same decode, when asked for (the hashed formats: JPEG, PNG, HEIC, AVIF, JPEG XL).
    public var perceptualHash: PerceptualHash? = nil
}

/// Why an image could not be probed or thumbnailed.
public struct ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure.
    public enum Kind: String, Sendable { case unsupported, corrupt, tooLarge, io }
    /// The class of failure.
    public var kind: Kind
    /// The codec's own message, copied out of C.
    public var message: String
    /// Creates an image error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    /// `kind: message`.
    public var description: String { "\(kind.rawValue): \(message)" }
}

/// Makes thumbnails with libjpeg (DCT-scaled decoding), libpng, giflib, libwebp, libheif and libjxl.
public struct Thumbnailer: Sendable {
    /// The catalog's `media_type`s the C codec decodes (`mv_sniff`'s formats), as an SQL list.
    public static let decodedMediaTypesSQL = "('jpeg', 'png', 'gif', 'webp', 'heic', 'avif', 'jxl')"

    /// Longest edge of a thumbnail in pixels.
    public var maxEdge: Int
    /// JPEG quality of opaque thumbnails.
    public var jpegQuality: Int
    /// Images declaring more pixels than this are refused before any pixel memory is allocated.
    public var maxPixels: Int
    /// fsync each thumbnail before renaming it into place (the archive does; a one-off
    /// `mediavault thumbnail` run has no catalog row to keep consistent and skips it).
    public var syncsFiles = true

    /// Creates a thumbnailer with the archive's defaults (320 px, quality 85, 100 megapixels).
    public init(maxEdge: Int = 320, jpegQuality: Int = 85, maxPixels: Int = 100_000_000) {
        self.maxEdge = maxEdge
        self.jpegQuality = jpegQuality
        self.maxPixels = maxPixels
    }

    /// Reads the image's size and kind from its header without decoding pixels.
    public func probe(fileAt source: URL) throws(ImageError) -> ImageInfo {
        // Headers sit at the start, so the first 64 KiB answer for nearly every file; a header
        // cut by that window fails to parse (the codecs stop at the end of data) and the whole
        // file is probed, as before. Mapping every file cost more than the probe (perf: page
        // faults, and a TLB shootdown on every core for each unmap).
        let head = try Self.head(of: source, upTo: Self.probeWindow)
        return try probe(head: head.bytes, isWhole: head.isWhole, fileAt: source)
    }

    /// Reads the image's size and kind from its first bytes, already in memory (a download's
    /// `PendingObject.head`); only when the header lies beyond them is the file at `source` read.
    public func probe(head: some ContiguousBytes, isWhole: Bool, fileAt source: URL) throws(ImageError) -> ImageInfo {
        do {
            return try ImageCodec.probe(head, maxPixels: maxPixels, name: source.path)
        } catch where !isWhole {
            return try ImageCodec.probe(Self.contents(of: source), maxPixels: maxPixels, name: source.path)
        }
    }

    /// How much of a file a header probe reads first.
    public static let probeWindow = 64 << 10

    /// Writes a thumbnail of `source` to `destinationWithoutExtension` + `.jpg` or `.png`
    /// (atomically: a temp file in `temporaryFolder`, else beside the destination, renamed into
    /// place) and returns it. The archive passes its `tmp/`, so a crash leaves garbage only there.
    /// With `hashing`, the perceptual hash is computed from the same decoded rows: a photo is
    /// decoded once for both (the decode is most of the cost of either).
    public func makeThumbnail(of source: URL, to destinationWithoutExtension: URL, temporaryFolder: URL? = nil,
                              hashing: Bool = false) throws(ImageError) -> Thumbnail
    {
        let data = try Self.contents(of: source)
        let encoded = try ImageCodec.thumbnail(
            data, maxEdge: maxEdge, jpegQuality: jpegQuality, maxPixels: maxPixels, name: source.path, grey: hashing)
        let file = try Self.writeAtomically(
            encoded.bytes, to: destinationWithoutExtension, fileExtension: encoded.isPNG ? "png" : "jpg",
            temporaryFolder: temporaryFolder, sync: syncsFiles)
        return Thumbnail(file: file, width: encoded.width, height: encoded.height, source: encoded.info,
                         perceptualHash: encoded.grey.map { PerceptualHash(grey: $0.map(Double.init)) })
    }
}
