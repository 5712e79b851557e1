import Foundation
import PostScanner

/// `mediavault scan`: lists every post and image found in the inputs, touching nothing else.
public struct ScanJob: Sendable {
    /// Posts and feeds larger than this are refused (`--max-post-size`).
    public var maxPostBytes: Int
    /// The address exports came from (`--site-url`), or nil.
    public var siteURL: String?
    /// When made (SIGINT/SIGTERM), no further input file is read; the summary says so.
    public var stop: StopRequest?

    /// Creates the job.
    public init(maxPostBytes: Int = PostScanner.defaultMaxDocumentBytes, siteURL: String? = nil, stop: StopRequest? = nil) {
        self.maxPostBytes = maxPostBytes
        self.siteURL = siteURL
        self.stop = stop
    }

    /// Scans the inputs, emitting `post` and `image` records and a summary; returns the exit status
    /// (0, or 3 when some input could not be scanned or warned of a possibly missed image; 130/143 when stopped).
    public func run(inputs: [String], output: some OutputSink) async -> Int32 {
        stop?.observe()
        var posts = 0, images = 0, failed = 0, warnings = 0
        do {
            try await PostSource(loop: nil, maxPostBytes: maxPostBytes, siteURL: siteURL).scan(inputs, onPosts: { sourced in
                for item in sourced {
                    posts += 1
                    images += item.post.images.count
                    output.diagnoseWarnings(of: item.post)
                    warnings += item.post.warnings.count
                    output.emit(PostLine(item.post))
                    for image in item.post.images { output.emit(ImageEntryLine(image, post: item.post.path)) }
                }
                // Between files: the one just read is printed whole.
                if stop?.shouldStop() == true { throw Stopped() }
            }, onError: { error in
                failed += 1
                output.diagnose("error: \(error)")
            })
        } catch {
            precondition(error is Stopped, "scan reports bad inputs through onError; only a stop ends it early")
        }
        output.emit(ScanSummary(posts: posts, images: images, failedInputs: failed, warnings: warnings, interrupted: stop?.stopSignal))
        if let stop, let signal = stop.stopSignal, let status = stop.exitStatus {
            output.diagnose("stopped by \(signal.rawValue): \(posts) post(s) and \(images) image(s) listed; the inputs after the last post listed were not read")
            return status
        }
        // A warning may mean a missed image, so the run is not a clean success either.
        return failed + warnings > 0 ? ExitStatus.partialFailure : ExitStatus.success
    }

    /// The `post` line of the contract.
    public static func postRecord(_ post: ScannedPost) -> OutputRecord { OutputRecord(PostLine(post)) }

    /// The `image` line of the contract.
    public static func imageRecord(_ image: ImageRef, post: String) -> OutputRecord { OutputRecord(ImageEntryLine(image, post: post)) }
}
