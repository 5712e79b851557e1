import CGumbo
import Foundation

/// The full-size file a post links its picture to: `<a href="photo.jpg"><img src="photo-thumb.jpg"></a>`,
/// as WordPress ("Link to: Media File"), Hexo's fancybox, Discourse's lightbox, forums and
/// Flickr embeds write it. The picture shown is what the post shows and is fetched; this is
/// the larger copy a click opens, which `mirror --originals` asks for first and `caption` finds.
enum LinkedFullSize {
    /// Inline elements that may stand between the link and the picture (`<a><span><img>`).
    private static let wrappers = TagSet(["picture", "span", "strong", "b", "em", "i", "div"])

    /// The `href` (as written, entity-decoded) of the link around `img` when the link holds only
    /// that picture and names an image file; nil otherwise (a link to a page, a link with text,
    /// a link around several pictures).
    static func href(around img: HTMLNode) -> String? {
        var node = img
        for _ in 0..<3 {
            guard let parent = node.parent else { return nil }
            if parent.isElement(GUMBO_TAG_A) { return imageHref(of: parent) }
            guard wrappers.contains(parent) else { return nil }
            node = parent
        }
        return nil
    }

    /// The link's target when it is an image file and the link shows one picture and no text.
    private static func imageHref(of anchor: HTMLNode) -> String? {
        guard let href = anchor.attribute("href")?.trimmedWhitespace(), names(imageFile: href), wrapsOnePicture(anchor) else { return nil }
        return href
    }

    /// True when the link shows one picture (its `<noscript>` copy aside) and no text.
    private static func wrapsOnePicture(_ anchor: HTMLNode) -> Bool {
        var pictures = 0
        var text = false
        // A lazy picture's `<noscript>` copy is the same picture, not a second one.
        _ = anchor.first(where: { node in
            if ImageCollector.isPicture(node) { pictures += 1 } else if node.hasVisibleText { text = true }
            return false
        }, descend: { !$0.isElement(GUMBO_TAG_NOSCRIPT) })
        return pictures == 1 && !text
    }

    /// True when the URL's last path segment ends in an image extension. A colon in it is a wiki
    /// page about the file (`/wiki/File:Harbour.jpg`), not the file.
    private static func names(imageFile url: String) -> Bool {
        let name = ImageURL.fileName(of: url)
        return !name.contains(":") && SitePaths.isImageName(String(name))
    }
}
