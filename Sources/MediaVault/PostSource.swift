import Fetcher
import Foundation
import PostScanner

/// A scanned post and where it came from.
public struct SourcedPost: Sendable {
    /// The post.
    public var post: ScannedPost
    /// What identifies it across runs: absolute file path (+ `#N` for feed items) or feed URL + item.
    public var source: String
    /// The input (file or folder) it was found under, and its path relative to that input.
    public var input: String
    /// Path relative to `input` (used by `--rewrite-to`).
    public var relativePath: String
    /// For a post read from disk: the folder the user named (a file input's own folder); nil for feeds.
    public var inputRoot: String? = nil
    /// Whether the document came from this machine or over the network.
    public var origin: DocumentOrigin = .localFile
    /// True when the post comes from the memo of an unchanged file (its rows are already in the catalog).
    public var remembered = false
}

/// Turns the inputs a user names (files, folders, feed URLs) into scanned posts, reporting
/// each input that cannot be read and going on with the others.
public struct PostSource: Sendable {
    private let scanner: PostScanner
    private let loop: TransferLoop?
    /// The run's cookies: a feed or article page behind a login gets its host's, as images do.
    private let cookies: CookieJar

    /// `loop` fetches feed URLs; without one, URL inputs are reported as errors. Files and
    /// fetched feeds larger than `maxPostBytes` are refused. `cookies` go with each URL fetched.
    /// `siteURL` is the address exports came from (`--site-url`, see `PostScanner.siteURL`).
    public init(loop: TransferLoop?, maxPostBytes: Int = PostScanner.defaultMaxDocumentBytes, siteURL: String? = nil, cookies: CookieJar = CookieJar()) {
        self.loop = loop
        self.cookies = cookies
        scanner = PostScanner(maxDocumentBytes: maxPostBytes, siteURL: siteURL)
    }

    /// Scans every input in order; `onPosts` gets each file's posts, `onError` each failure.
    /// With a `memo`, a file whose size and modification time are unchanged since it was last
    /// parsed is not opened: its remembered posts are handed on instead. `onPosts` may wait
    /// (the fetchers being far behind): the next file is read when it returns.
    func scan(_ inputs: [String], memo: ScanMemo? = nil, onPosts: ([SourcedPost]) async throws -> Void,
              onError: (ScanError) -> Void) async rethrows {
        var files: [String] = []
        for input in inputs {
            if input.hasPrefix("http://") || input.hasPrefix("https://") {
                try await scanFeed(url: input, onPosts: onPosts, onError: onError)
            } else {
                files.append(input)
            }
        }
        // Files are scanned as the walk finds them: nothing grows with the number of posts.
        var steps = InputWalker.Steps(files)
        while let step = steps.next() {
            guard case .found(let item) = step else {
                if case .failed(let error) = step { onError(error) }
                continue
            }
            // Stamped before the read: a change made while the file is read gives it a new stamp.
            let stamp = memo == nil ? nil : FileStamp(path: item.path)
            let settings = memo == nil ? nil : scanner.settingsStamp(forPost: item.path)
            // A file over today's size limit is parsed, so that it is refused as it would be without a memo.
            if let memo, let stamp, stamp.size <= scanner.maxDocumentBytes,
               let posts = memo.remembered(path: item.path, displayPath: item.displayPath, stamp: stamp, settings: settings) {
                try await onPosts(sourced(posts, from: item, remembered: true))
                continue
            }
            let posts: [ScannedPost]
            do throws(ScanError) { posts = try scanner.scan(filePath: item.path, displayPath: item.displayPath) } catch {
                onError(error)
                continue
            }
            if let memo, let stamp { memo.remember(path: item.path, displayPath: item.displayPath, stamp: stamp, settings: settings, posts: posts) }
            try await onPosts(sourced(posts, from: item, remembered: false))
        }
    }

    /// The posts of one file with their identities across runs.
    private func sourced(_ posts: [ScannedPost], from item: InputWalker.Item, remembered: Bool) -> [SourcedPost] {
        let absolute = item.path
        return posts.enumerated().map { index, post in
            let isItem = post.path != item.displayPath  // a feed or export item: `path#N`
            var sourced = SourcedPost(post: post, source: isItem ? Self.itemIdentity(post, container: absolute, index: index) : absolute,
                                      input: item.displayPath, relativePath: item.relativePath, inputRoot: item.inputRoot)
            sourced.remembered = remembered
            return sourced
        }
    }

    /// What identifies a feed or export item across runs: its link, else its guid (qualified by
    /// the feed, as guids are only unique within one), else its 1-based position, as displayed.
    static func itemIdentity(_ post: ScannedPost, container: String, index: Int) -> String {
        if let link = post.url, !link.isEmpty { return link }
        if let guid = post.guid, !guid.isEmpty { return "\(container)#guid=\(guid)" }
        return "\(container)#\(index + 1)"
    }

    private func scanFeed(url: String, onPosts: ([SourcedPost]) async throws -> Void,
                          onError: (ScanError) -> Void) async rethrows {
        guard let loop else {
            onError(ScanError(input: url, reason: "feed URLs need the network; this command does not fetch"))
            return
        }
        guard let posts = await fetchFeed(url: url, loop: loop, onError: onError) else { return }
        // Outside the fetch's error handling: what the receiver throws (a stop, a catalog
        // failure) ends the scan instead of being reported as this feed's failure.
        try await onPosts(posts.enumerated().map { index, post in
            SourcedPost(post: post, source: Self.itemIdentity(post, container: url, index: index), input: url,
                        relativePath: "item-\(index).html", origin: .network)
        })
    }

    /// The posts of the feed at `url`, or nil after reporting why it cannot be read.
    private func fetchFeed(url: String, loop: TransferLoop, onError: (ScanError) -> Void) async -> [ScannedPost]? {
        let body = MemorySink(limit: scanner.maxDocumentBytes)
        do {
            let headers = cookies.header(for: url).map { [$0] } ?? []
            let response = try await loop.perform(TransferRequest(url: url, headers: headers), sink: body)
            guard (200..<300).contains(response.status) else {
                onError(ScanError(input: url, reason: "HTTP \(response.status) fetching the feed; check the URL"))
                return nil
            }
            return try scanner.scan(data: body.data, displayPath: url, baseFolder: nil, sourceURL: response.url)
        } catch let error as ScanError {
            onError(error)
        } catch let error as TransferError where body.refusedBytes > 0 {
            _ = error  // the sink refused the body: say why in the words used for files
            onError(scanner.tooLarge(body.refusedBytes, input: url, atLeast: true))
        } catch {
            onError(ScanError(input: url, reason: "cannot fetch the feed: \(error)"))
        }
        return nil
    }
}

/// Collects a small response body in memory (feeds), refusing more than `limit` bytes.
final class MemorySink: BodySink, @unchecked Sendable {
    // @unchecked: written only on the transfer thread, read after the transfer completed.
    private(set) var data = Data()
    private let limit: Int
    init(limit: Int) { self.limit = limit }
    /// When the body was refused: how many bytes had arrived by then (more than `limit`).
    private(set) var refusedBytes = 0
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard data.count + bytes.count <= limit else {
            refusedBytes = data.count + bytes.count
            throw LimitError()
        }
        data.append(contentsOf: bytes)
    }
    /// More bytes arrived than the limit allows.
    struct LimitError: Error, CustomStringConvertible {
        var description: String { "larger than the size limit for one post or feed" }
    }
}
