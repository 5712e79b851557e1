import Foundation

extension Thumbnailer {
    /// Decodes an image completely (a thumbnail, typically) and throws when it cannot be read,
    /// is not a JPEG/PNG, or ends early; `verify` uses it to find thumbnails that need rebuilding.
    public func checkDecodable(fileAt file: URL) throws(ImageError) {
        let data = try Self.contents(of: file)
        let image = try ImageCodec.decodeRGBA(data, maxPixels: maxPixels, applyOrientation: false, name: file.path)
        if image.info.truncated { throw ImageError(.corrupt, "\(file.path): the image data ends early") }
    }
}
