import Foundation

/// One post found in an input: its metadata and the images it shows, in document order.
public struct ScannedPost: Sendable, Equatable {
    /// Where the post came from: a file path as given (relative to the working directory
    /// when the input was relative), or `feed-path#N` / the item link for feed items.
    public var path: String
    /// The post's title from front matter, `<title>`, or the feed item; nil when there is none.
    public var title: String?
    /// The post's date exactly as written (front matter `date`, feed `pubDate`/`updated`).
    public var date: String?
    /// The post's own URL when known (front matter `link`/`permalink`/`url`, feed item link,
    /// canonical link); the referrer source for its images.
    public var url: String?
    /// The front-matter cover URL as written (`headimg`, `thumbnail`, `cover`, `image`, `banner`).
    public var cover: String?
    /// True when the cover is a known placeholder service (picsum.photos and the like).
    public var coverIsPlaceholder: Bool
    /// The document-wide policy from `<meta name="referrer">`, if any.
    public var metaReferrerPolicy: String?
    /// Every distinct image of the post, in document order (a cover that is not in the
    /// body comes last, marked `isCover`).
    public var images: [ImageRef]
    /// The identifier a feed or export gives the item (RSS `guid`, Atom `id`, JSON Feed `id`,
    /// WXR `guid`); nil for a post file. With the link, what identifies the item across runs.
    public var guid: String?
    /// Problems that did not stop the scan but may have hidden an image (a tag left open at the end).
    public var warnings: [String] = []
    /// The root of the static site the post belongs to (absolute), or nil when it is in none.
    public var siteRoot: String?
    /// The site's generator (`hexo`, `hugo`, `jekyll`, `pelican`, `mkdocs`), or nil.
    public var generator: String?
    /// The folder the theme puts before every image path of the post (Chirpy's `media_subpath`), or nil.
    public var mediaSubpath: String?
    /// True when the post shows the files of a folder (a gallery of a directory or of its page
    /// bundle): its images change without the post file changing, so a memo must not keep it.
    public var listsFolders = false

    /// Creates a post; scanners fill in what they find.
    public init(path: String, title: String? = nil, date: String? = nil, url: String? = nil,
                cover: String? = nil, coverIsPlaceholder: Bool = false,
                metaReferrerPolicy: String? = nil, images: [ImageRef] = []) {
        self.path = path
        self.title = title
        self.date = date
        self.url = url
        self.cover = cover
        self.coverIsPlaceholder = coverIsPlaceholder
        self.metaReferrerPolicy = metaReferrerPolicy
        self.images = images
    }
}

/// One image of a post: where to fetch it, how it was written, and what it shows.
public struct ImageRef: Sendable, Equatable, Hashable {
    /// Position among the post's distinct images, from 0.
    public var index: Int
    /// The URL to fetch: the best candidate, entity-decoded and resolved to absolute form;
    /// a `file://` URL for a local image; nil when it could not be resolved.
    public var url: String?
    /// The URL exactly as written in the document (`src`, or the front-matter value).
    public var src: String
    /// Other candidates for the same image (srcset, data-original, lazyload, ...), resolved.
    public var variants: [String]
    /// The URL wrapped by a proxy URL (`https://proxy/?http://img.host/a.jpg`), or nil.
    public var innerURL: String?
    /// The visible caption, whitespace-normalised, or nil.
    public var caption: String?
    /// The `alt` text as written (entity-decoded), or nil when absent.
    public var alt: String?
    /// The image's own `referrerpolicy` attribute, lower-cased, or nil.
    public var referrerPolicy: String?
    /// True when this image is also the post's front-matter cover.
    public var isCover: Bool
    /// True when the URL is a known placeholder service rather than a real picture.
    public var isPlaceholder: Bool
    /// How many times the image occurs in the body (a repeated URL is one image); 0 for a
    /// front-matter cover that the body does not show.
    public var occurrences: Int
    /// For a reference resolved by the post's site: the generator rule that chose the file.
    public var rule: String? = nil
    /// True when the site's rule names a local file that does not exist (`url` is the path tried).
    public var missingFile: Bool = false
    /// The picture as the page shows it, when `url` is another one (an original, a larger size):
    /// fetched instead when `url` fails.
    public var fallback: String? = nil
    /// The full-size image file the post links the picture to (`<a href="a.jpg"><img src="a-thumb.jpg">`),
    /// when it is another URL: what `--originals` asks for first.
    public var linked: String? = nil

    /// The original `--originals` asks for first: the full size the post links to, else the
    /// source a proxy wraps (`innerURL`: Photon, Cloudinary, Substack; the host's original of
    /// it when it has one), else the host's original (`OriginalImageURL`) of `url`; nil when
    /// there is none.
    public var original: String? {
        linked ?? innerURL.map { OriginalImageURL.original(of: $0) ?? $0 } ?? url.flatMap(OriginalImageURL.original)
    }

    /// Every other URL of the picture, as the catalog keeps them for look-ups: the variants, then
    /// the fallback (a relative `src` resolved), the linked full size and the host's original
    /// (`OriginalImageURL`) when they are not among them.
    public var otherURLs: [String] {
        var urls = variants
        for other in [fallback, linked, url.flatMap(OriginalImageURL.original)] {
            if let other, other != url, !urls.contains(other) { urls.append(other) }
        }
        return urls
    }

    /// Creates an image reference.
    public init(index: Int, url: String?, src: String, variants: [String] = [], innerURL: String? = nil,
                caption: String? = nil, alt: String? = nil, referrerPolicy: String? = nil,
                isCover: Bool = false, isPlaceholder: Bool = false, occurrences: Int = 1) {
        self.index = index
        self.url = url
        self.src = src
        self.variants = variants
        self.innerURL = innerURL
        self.caption = caption
        self.alt = alt
        self.referrerPolicy = referrerPolicy
        self.isCover = isCover
        self.isPlaceholder = isPlaceholder
        self.occurrences = occurrences
    }
}

/// Why an input could not be scanned; the message names the input and what to do.
public struct ScanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input that failed (a path or URL).
    public var input: String
    /// What went wrong and what to do about it.
    public var reason: String
    /// Creates a scan error.
    public init(input: String, reason: String) {
        self.input = input
        self.reason = reason
    }
    /// `input: reason`, ready for stderr.
    public var description: String { "\(input): \(reason)" }
}
