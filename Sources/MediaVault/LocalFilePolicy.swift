import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PostScanner

/// Which local files the images of a local post may be archived from: a reference its site
/// resolves to no file is reported (`missing-file`, with the path tried and the rule), and a file
/// outside the post's site root, or outside the input folder when the post is in no site, is
/// refused (`outside-root`) unless `--allow-outside-root`: a post must not be able to pull
/// `/home/…/secret.png` or `../../other-project/x.png` into an archive that may be shared.
struct LocalFilePolicy: Sendable {
    /// `--allow-outside-root`.
    var allowOutsideRoot: Bool

    /// Why an image may not be archived.
    struct Refusal {
        /// `missing-file` or `outside-root`.
        var reason: String
        /// The path concerned, and what to do.
        var message: String
        /// The file URL the refusal is about.
        var url: String

        /// The `failed` line of the contract.
        func record(_ image: ImageRef, post: ScannedPost) -> ImageLine {
            var line = ImageLine(.failed, url: url, post: post.path, reason: reason)
            line.message = message
            line.rule = image.rule
            return line
        }
    }

    /// The refusal for one image of a post read from `inputRoot` (nil for feed posts), or nil.
    func refusal(_ image: ImageRef, post: ScannedPost, inputRoot: String?) -> Refusal? {
        // Only file: URLs are local (checked before parsing: most images are http(s), and a
        // Foundation URL parse per image showed in a mirror's profile).
        guard let url = image.url, url.utf8.starts(with: "file:".utf8), let file = URL(string: url), file.isFileURL else { return nil }
        let path = file.standardizedFileURL.path
        // `/uploads/a.jpg` in a post of no known site is on the web site it was published at, not at this machine's root.
        // (It is refused as outside the input folder below, present or not, with that advice.)
        let rootRelative = post.siteRoot == nil && image.src.hasPrefix("/") && !image.src.hasPrefix("//")
        if image.missingFile, !rootRelative {
            return Refusal(reason: "missing-file", message: "\(image.src): no file at \(path) (rule: \(image.rule ?? "relative to the post")); fix the reference or add the file", url: url)
        }
        guard !allowOutsideRoot, let root = post.siteRoot ?? inputRoot, !image.isPlaceholder else { return nil }
        let realRoot = Self.resolvingSymlinks(root)
        // Symbolic links are followed: a link inside the root may point anywhere.
        let real = Self.resolvingSymlinks(path)
        guard !Self.isInside(real, realRoot) else { return nil }
        let what = post.siteRoot != nil ? "the site root" : "the input folder"
        let advice = rootRelative
            ? "a root-relative path in a post of no known site: pass --site-url https://the.site to fetch it from the site it was published at, or --allow-outside-root to archive this machine's file"
            : "pass --allow-outside-root to archive it"
        return Refusal(reason: "outside-root", message: "\(image.src): \(real) is outside \(what) \(realRoot); \(advice)", url: url)
    }

    /// The path with every symbolic link resolved: `realpath(3)` when the file exists (a re-run
    /// checks every local image of every post, and Foundation's resolution, component by
    /// component through URLs, was half of such a re-run's CPU), else Foundation's.
    static func resolvingSymlinks(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    private static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }
}
