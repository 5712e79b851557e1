import CGumbo
import Foundation

/// The part of a whole web page that is the article, as readers (Safari's Reader, Readability)
/// find it: images outside it are the site's chrome (logo, avatar, the sidebar's recent posts,
/// share buttons, QR codes), not the post's pictures.
enum ArticleScope {
    /// Class names themes and platforms give the article's body.
    static let contentClasses: Set<String> = [
        "post-content", "entry-content", "article-content", "post-body", "article-body", "article-entry", "markdown-body",
        "post__content", "post-entry", "post_content", "entry_content", "article__content", "article__body", "post-text",
        "single-content", "blog-post-content", "story-body", "rich_media_content", "e-content",
    ]
    /// Element ids that name the article's body (Butterfly's `#article-container`, WeChat's `#js_content`, CSDN's `#content_views`).
    static let contentIDs: Set<String> = ["article-container", "post-content", "article-content", "article_content", "js_content",
                                          "content_views", "postbody", "post-body", "articlebody"]

    /// The article's containers in `root` (outermost ones, in document order), or nil when the
    /// page names none that holds a picture: then the whole page is read.
    static func containers(in root: HTMLNode) -> [HTMLNode]? {
        var tiers: [[HTMLNode]] = [[], [], [], []]
        root.walk { node in
            guard node.isElement else { return }
            if node.attribute("itemprop")?.lowercased() == "articlebody" { tiers[0].append(node) }
            if let id = node.attribute("id")?.lowercased(), contentIDs.contains(id) {
                tiers[1].append(node)
            } else if let classes = node.attribute("class"), classes.lowercased().split(separator: " ").contains(where: { contentClasses.contains(String($0)) }) {
                tiers[1].append(node)
            }
            if node.isElement(GUMBO_TAG_ARTICLE) { tiers[2].append(node) }
            if node.isElement(GUMBO_TAG_MAIN) { tiers[3].append(node) }
        }
        for tier in tiers where !tier.isEmpty {
            // A body inside an `<article>` is read with the article's header: themes put the
            // post's cover picture there (WordPress's post thumbnail, Hexo's `post-cover`).
            var widened: [HTMLNode] = []
            for node in tier {
                let scope = article(around: node) ?? node
                if !widened.contains(scope) { widened.append(scope) }
            }
            let outermost = widened.filter { node in !widened.contains { $0 != node && node.isInside($0) } }
            if outermost.contains(where: { $0.first(where: ImageCollector.isPicture) != nil }) { return outermost }
        }
        return nil
    }

    /// The nearest `<article>` holding `node` (itself included), or nil.
    private static func article(around node: HTMLNode) -> HTMLNode? {
        var current: HTMLNode? = node
        while let element = current {
            if element.isElement(GUMBO_TAG_ARTICLE) { return element }
            current = element.parent
        }
        return nil
    }
}
