import Foundation
import PostScanner

/// `mediavault scan`: lists every post and image found in the inputs, touching nothing else.
public struct ScanJob: Sendable {
    /// Posts and feeds larger than this are refused (`--max-post-size`).
    public var maxPostBytes: Int

    /// Creates the job.
    public init(maxPostBytes: Int = PostScanner.defaultMaxDocumentBytes) { self.maxPostBytes = maxPostBytes }

    /// Scans the inputs, emitting `post` and `image` records and a summary; returns the exit status
    /// (0, or 3 when some input could not be scanned or warned of a possibly missed image).
    public func run(inputs: [String], output: some OutputSink) async -> Int32 {
        var posts = 0, images = 0, failed = 0, warnings = 0
        await PostSource(loop: nil, maxPostBytes: maxPostBytes).scan(inputs, onPosts: { sourced in
            for item in sourced {
                posts += 1
                images += item.post.images.count
                for warning in item.post.warnings { output.diagnose("warning: \(item.post.path): \(warning)") }
                warnings += item.post.warnings.count
                output.emit(Self.postRecord(item.post))
                for image in item.post.images { output.emit(Self.imageRecord(image, post: item.post.path)) }
            }
        }, onError: { error in
            failed += 1
            output.diagnose("error: \(error)")
        })
        output.emit(ScanSummary(posts: posts, images: images, failedInputs: failed, warnings: warnings, interrupted: nil))
        // A warning may mean a missed image, so the run is not a clean success either.
        return failed + warnings > 0 ? ExitStatus.partialFailure : ExitStatus.success
    }

    /// The `post` line of the contract.
    public static func postRecord(_ post: ScannedPost) -> OutputRecord { OutputRecord(PostLine(post)) }

    /// The `image` line of the contract.
    public static func imageRecord(_ image: ImageRef, post: String) -> OutputRecord { OutputRecord(ImageEntryLine(image, post: post)) }
}
