import Foundation
import PostScanner

/// The signal that stopped a run early (`interrupted` in a summary).
public enum StopSignal: String, SchemaEnum, Sendable {
    /// Ctrl-C.
    case SIGINT
    /// `kill`, a service manager, a CI timeout.
    case SIGTERM

    /// The signal named by its number, nil for any other.
    public init?(number: Int32?) {
        switch number {
        case Foundation.SIGINT: self = .SIGINT
        case Foundation.SIGTERM: self = .SIGTERM
        default: return nil
        }
    }
}

/// `scan` (and `mirror --dry-run`'s scan): one post.
public struct PostLine: OutputLine {
    public static let types = ["post"]
    public static let about = "scan: one post; site_root and generator (hexo, hugo, jekyll, pelican, mkdocs, gatsby) are null for a post in no static site."
    /// The post file (or feed entry) as named.
    public var path: String
    /// Its title.
    @Always public var title: String?
    /// Its date, as written.
    @Always public var date: String?
    /// Its URL, which relative images resolve against.
    @Always public var url: String?
    /// The cover image URL.
    @Always public var cover: String?
    /// Whether the cover is a placeholder service's picture.
    public var coverPlaceholder: Bool
    /// The root of the static site the post belongs to.
    @Always public var siteRoot: String?
    /// The site's generator.
    @Always public var generator: String?

    /// The line of a scanned post.
    public init(_ post: ScannedPost) {
        path = post.path
        title = post.title
        date = post.date
        url = post.url
        cover = post.cover
        coverPlaceholder = post.coverIsPlaceholder
        siteRoot = post.siteRoot
        generator = post.generator
    }

    public static var sample: PostLine {
        var post = ScannedPost(path: "site/source/_posts/hello.md", title: "Hello", date: "2024-05-01", url: "https://blog.example/2024/hello/",
                               cover: "https://blog.example/cover.jpg", coverIsPlaceholder: false, images: [])
        post.siteRoot = "site"
        post.generator = "hexo"
        return PostLine(post)
    }
}

/// `scan`: one image of a post.
public struct ImageEntryLine: OutputLine {
    public static let types = ["image"]
    public static let about = "scan: one image of a post; url is what mirror fetches (null: unresolved), src as written; rule: the site rule that chose a local file (null otherwise), missing_file: that file does not exist (url is the path tried); in_body: false for a picture the post only declares (a front-matter cover not shown in the body, a feed's attachment); fallback: the picture as the page shows it, which mirror fetches when url (an original, a larger size) fails; linked: the full-size image file the post links the picture to, which mirror --originals asks for first."
    /// The post that shows it.
    public var post: String
    /// Its position in the post (0 first).
    public var index: Int
    /// The URL mirror fetches; null when it cannot be resolved.
    @Always public var url: String?
    /// The reference as written.
    public var src: String
    /// Other sizes offered (srcset, picture sources).
    public var variants: [String]
    /// The URL a proxy URL wraps (`https://proxy/?http://img.host/a.jpg`).
    @Always public var innerURL: String?
    /// Its caption.
    @Always public var caption: String?
    /// Its alt text.
    @Always public var alt: String?
    /// Its referrerpolicy attribute.
    @Always public var referrerpolicy: String?
    /// Whether it is the post's cover.
    public var cover: Bool
    /// Whether it is a placeholder service's picture.
    public var placeholder: Bool
    /// Whether the post's body shows it (false: only declared, as a front-matter cover, a feed's
    /// attachment or the cover a theme finds by file name).
    public var inBody: Bool
    /// The site rule that chose a local file.
    @Always public var rule: String?
    /// Whether that local file is missing.
    public var missingFile: Bool
    /// The picture as the page shows it, fetched instead when `url` fails (left out when `url` is that picture).
    public var fallback: String?
    /// The full-size image file the post links the picture to, when it is another URL (left out otherwise).
    public var linked: String?

    /// The line of one image of `post`.
    public init(_ image: ImageRef, post: String) {
        self.post = post
        index = image.index
        url = image.url
        src = image.src
        variants = image.variants
        innerURL = image.innerURL
        caption = image.caption
        alt = image.alt
        referrerpolicy = image.referrerPolicy
        cover = image.isCover
        placeholder = image.isPlaceholder
        inBody = image.occurrences > 0
        rule = image.rule
        missingFile = image.missingFile
        fallback = image.fallback
        linked = image.linked
    }

    public static var sample: ImageEntryLine {
        var image = ImageRef(index: 0, url: "https://blog.example/images/a.jpg", src: "/images/a.jpg", variants: ["/images/a-2x.jpg"],
                             caption: "A harbour at dawn", alt: "harbour",
                             referrerPolicy: "no-referrer", isCover: true, isPlaceholder: false)
        image.rule = "hexo-asset-folder"
        image.linked = "https://blog.example/images/a-full.jpg"
        return ImageEntryLine(image, post: "site/source/_posts/hello.md")
    }
}

/// `scan`'s last line.
public struct ScanSummary: OutputLine {
    public static let types = ["summary"]
    public static let about = "scan's summary: posts and images listed, inputs that could not be read, warnings (a warning may mean a missed image); interrupted: the signal that stopped the scan early."
    /// Posts listed.
    public var posts: Int
    /// Images listed.
    public var images: Int
    /// Inputs that could not be read.
    public var failedInputs: Int
    /// Warnings given.
    public var warnings: Int
    /// The signal that stopped the scan before all inputs were read.
    @Always public var interrupted: StopSignal?

    public static var sample: ScanSummary { ScanSummary(posts: 12, images: 40, failedInputs: 1, warnings: 2, interrupted: .SIGINT) }
}

extension OutputSink {
    /// What the scan noticed about `post` (front matter read line by line, a tag never closed), one `warning:` line each.
    func diagnoseWarnings(of post: ScannedPost) {
        for warning in post.warnings { diagnose("warning: \(post.path): \(warning)") }
    }
}
