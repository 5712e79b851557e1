import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Thumbnailer {
    /// Maps the source once (no copy) so a decode reads it straight from the page cache: mapped
    /// pages fault in sixteen at a time, where reading into fresh memory faulted every page and
    /// copied it (perf of `Scripts/bench remote`: the kernel's share grew when 110 KB sources were read).
    static func contents(of source: URL) throws(ImageError) -> Data {
        do {
            return try Data(contentsOf: source, options: .alwaysMapped)
        } catch {
            throw ImageError(.io, "\(source.path): cannot read the image (\(SystemError.describe(error))); check that the file exists and is readable")
        }
    }

    /// The first `limit` bytes of the source, and whether that is the whole file.
    static func head(of source: URL, upTo limit: Int) throws(ImageError) -> (bytes: Data, isWhole: Bool) {
        let fd = open(source.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ImageError(.io, "\(source.path): cannot open the image (\(SystemError.describe(errno: errno))); check that the file exists and is readable")
        }
        defer { close(fd) }
        var bytes = Data(count: limit + 1)  // one byte more tells whether the file goes on
        var filled = 0
        let ok = bytes.withUnsafeMutableBytes { raw -> Bool in
            while filled < raw.count {
                let n = read(fd, raw.baseAddress! + filled, raw.count - filled)
                if n == 0 { return true }
                if n < 0 { if errno == EINTR { continue }; return false }
                filled += n
            }
            return true
        }
        guard ok else {
            throw ImageError(.io, "\(source.path): cannot read the image (\(SystemError.describe(errno: errno))); check that the file is readable")
        }
        bytes.count = min(filled, limit)
        return (bytes, filled <= limit)
    }

    /// Writes `bytes` to a temp file (in `temporaryFolder`, which must be on the same file
    /// system, else beside the destination), fsyncs it and renames it to
    /// `destinationWithoutExtension.<ext>`, so readers never see a partial thumbnail.
    static func writeAtomically(_ bytes: Data, to destinationWithoutExtension: URL, fileExtension: String,
                                temporaryFolder: URL? = nil, sync: Bool = true) throws(ImageError) -> URL
    {
        let base = destinationWithoutExtension.path
        let final = URL(fileURLWithPath: base + "." + fileExtension)
        let tempBase = temporaryFolder.map { $0.appendingPathComponent(destinationWithoutExtension.lastPathComponent).path } ?? base
        let temp = tempBase + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        do {
            try FileManager.default.createDirectory(
                at: destinationWithoutExtension.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw ImageError(.io, "\(base): cannot create the thumbnail folder (\(SystemError.describe(error)))")
        }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ImageError(.io, "\(temp): cannot create (\(String(cString: strerror(errno))))") }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "write failed (\(String(cString: strerror(errno))))"
                    return
                }
                offset += written
            }
        }
        if failure == nil, sync, fsync(fd) != 0 { failure = "fsync failed (\(String(cString: strerror(errno))))" }
        if close(fd) != 0, failure == nil { failure = "close failed (\(String(cString: strerror(errno))))" }
        if failure == nil, rename(temp, final.path) != 0 {
            failure = "rename to \(final.path) failed (\(String(cString: strerror(errno))))"
        }
        if let failure {
            unlink(temp)
            throw ImageError(.io, "\(temp): \(failure)")
        }
        return final
    }
}
