import ArchiveStore
import Foundation

extension ObjectStorage {
    /// Runs `body` with a local file holding the bytes at `relativePath` (a hard link into the
    /// temp folder for a local archive, a GET for a remote one), removed afterwards; the
    /// decoders (thumbnails, perceptual hashes) read files, not streams.
    func withLocalCopy<T>(of relativePath: String, _ body: (URL) throws -> T) throws -> T {
        let copy = tmpFolder.appendingPathComponent(TemporaryName.next(suffix: "." + (relativePath as NSString).pathExtension))
        try materialize(relativePath: relativePath, at: copy)
        defer { unlink(copy.path) }
        return try body(copy)
    }
}
