import CGumbo

/// Images that are not pictures: tracking pixels, feed beacons, feed "flare" buttons and ads,
/// and images hidden from the reader (`display:none` video posters). Such an `<img>` is
/// no image of the post.
enum TrackingPixel {
    /// Hosts that only serve beacons, counters and feed ads.
    static let beaconHosts: Set<String> = [
        "feedads.g.doubleclick.net", "stats.wordpress.com", "pixel.wp.com", "pixel.quantserve.com",
        "b.scorecardresearch.com", "sb.scorecardresearch.com", "www.google-analytics.com", "ssl.google-analytics.com",
        "pi.feedsportal.com", "da.feedsportal.com", "c.statcounter.com", "feeds.feedblitz.com",
        "feedproxy.google.com", "www.facebook.com", "rss.buysellads.com", "ad.doubleclick.net",
        "ads.pheedo.com", "tracking.feedpress.it",
    ]
    /// Ad servers of feed services: an item linking there is an ad, not a post.
    static let adHosts: Set<String> = ["ads.pheedo.com", "feedads.g.doubleclick.net", "ad.doubleclick.net", "rss.buysellads.com"]
    /// Path markers of beacons on shared hosts: FeedBurner `~r` (read pixel), `~f`/`~ff` (flare
    /// buttons), WordPress.com feed comment counters, Medium's `_/stat` pixel.
    static let beaconPathMarkers = ["/~r/", "/~f/", "/~ff/", "/~a/", "/1.0/comments/", "/1.0/gocomments/", "/_/stat", "/__utm.gif"]

    /// True when the `<img>` is a beacon, an ad, a share button, hidden, or a page's blurred stand-in: not an image of the post.
    static func isNotAPicture(_ img: HTMLNode, url: String) -> Bool {
        if isOnePixel(img) { return true }
        if isHidden(img) { return true }
        if let anchor = img.parent, anchor.isElement(GUMBO_TAG_A), let href = anchor.attribute("href"), isShareLink(href) { return true }
        // A Ghost bookmark card shows the linked site's favicon beside its title, in the card's
        // `div.kg-bookmark-metadata`: that site's icon (pictures not in a `div` are not read for it).
        if let classes = img.attribute("class") {
            if img.parent?.isElement(GUMBO_TAG_DIV) == true, classes.containsBytes("kg-bookmark-icon") { return true }
            // A saved Medium page's blurred stand-in (`freeze/max/30/…?q=20`, or an embed's poster)
            // shown until its `progressiveMedia-image` (and the `<noscript>` copy) loads.
            if classes.containsBytes("progressiveMedia-thumbnail") { return true }
            // WordPress draws emoji as 1em pictures of its own, Windows Live Writer its emoticons
            // (`wlEmoticon-smile`): characters of the text, not pictures of the post.
            if classes.containsBytes("wp-smiley") || classes.containsBytes("wlEmoticon") { return true }
        }
        if url.containsBytes("medium.com/freeze/") { return true }  // the same stand-in, its class lost in a conversion to Markdown
        if url.containsBytes("s.w.org/images/core/emoji/") { return true }  // WordPress's emoji, its class lost
        return isBeaconURL(url) || isTrackerURL(url) || isShareButtonURL(url) || isAvatarURL(url)
    }

    /// True for a link that shares the post on a social site (`facebook.com/sharer.php?u=…`,
    /// `twitter.com/intent/tweet`, the older `twitter.com/home?status=…`, AddToAny, Feedsportal's
    /// share links): the image inside is its button.
    static func isShareLink(_ href: String) -> Bool {
        guard href.containsBytes("share") || href.containsBytes("intent/tweet") || href.containsBytes("add_to") || href.containsBytes("submit")
              || href.containsBytes("?status=") else { return false }
        return shareLinkMarkers.contains { href.containsBytes($0) }
    }

    /// Paths of the share endpoints of social sites and share services.
    static let shareLinkMarkers = ["/sharer.php", "/sharer/sharer", "twitter.com/share", "twitter.com/intent/tweet", "twitter.com/home?status=", "x.com/intent/tweet",
                                   "linkedin.com/shareArticle", "linkedin.com/cws/share", "plus.google.com/share", "addtoany.com/add_to/",
                                   "addtoany.com/share", "pinterest.com/pin/create", "reddit.com/submit", "share.feedsportal.com/share",
                                   "service.weibo.com/share", "tumblr.com/share", "digg.com/submit", "stumbleupon.com/submit"]

    /// True for a share service's button picture (AddToAny's buttons, Feedsportal's and Pheedo's social icons).
    static func isShareButtonURL(_ url: String) -> Bool {
        guard url.containsBytes("addtoany.com/") || url.containsBytes("feedsportal.com/") || url.containsBytes("pheedo.com/") else { return false }
        return url.containsBytes("static.addtoany.com/buttons/") || url.containsBytes("feedsportal.com/social/") || url.containsBytes("images.pheedo.com/images/mm/")
    }

    /// True for a web analytics image tracker: Matomo's and Piwik's (`matomo.php`, `piwik.php`,
    /// or any `?idsite=` request), which carry the page's address, not a picture.
    static func isTrackerURL(_ url: String) -> Bool {
        // Bytes first: nearly every picture's URL has neither.
        guard url.containsBytes("idsite=") || url.containsBytes(".php?"), let question = url.utf8.firstIndex(of: UInt8(ascii: "?")) else { return false }
        let path = url[..<question]
        if path.hasSuffix("/piwik.php") || path.hasSuffix("/matomo.php") { return true }
        let query = url[url.index(after: question)...]
        return query.hasPrefix("idsite=") || query.containsBytes("&idsite=")
    }

    /// True for a person's picture beside the post, not of it: Gravatar's `…gravatar.com/avatar/<hash>`,
    /// which WordPress.com and Jetpack feeds attach to every item as the author's `media:content`,
    /// and GitHub's `avatars.githubusercontent.com` (its release, commit and activity feeds give
    /// every entry its author's as `media:thumbnail`, and the activity feed's bodies show them).
    static func isAvatarURL(_ url: String) -> Bool {
        guard url.containsBytes("gravatar.com/avatar/") || url.containsBytes("githubusercontent.com/"),
              let host = ImageURL.host(of: url) else { return false }
        if host.hasPrefix("avatars"), host.hasSuffix(".githubusercontent.com") { return true }
        return url.containsBytes("gravatar.com/avatar/") && (host == "gravatar.com" || host.hasSuffix(".gravatar.com"))
    }

    /// True when the picture, or a block up to `hiddenBlockDepth` levels above it, is hidden with
    /// `display:none` (a video's poster; WeChat's `js_profile_qrcode` profile card with the
    /// account's avatar, which no reader sees).
    static func isHidden(_ img: HTMLNode) -> Bool {
        var current: HTMLNode? = img
        var depth = 0
        while let element = current, depth <= hiddenBlockDepth {
            if let style = element.attribute("style"), style.containsBytes("none"), CaptionFinder.styleValue(style, "display") == "none" { return true }
            current = element.parent
            depth += 1
        }
        return false
    }

    /// How many ancestors are looked at for a hidden block.
    static let hiddenBlockDepth = 4

    /// Badges a posting tool appended to every post: Blogger's "Posted by Picasa" (`pbp.gif`) and
    /// "Posted by Hello" (`pbh.gif`), 2004–2007.
    static let postingBadges: Set<String> = ["photos1.blogger.com/pbp.gif", "photos1.blogger.com/pbh.gif"]

    /// True for a URL on a beacon host or with a beacon path on a feed host, or a posting tool's badge.
    static func isBeaconURL(_ url: String) -> Bool {
        guard let host = ImageURL.host(of: url) else { return false }
        if beaconHosts.contains(host) { return true }
        if host == "photos1.blogger.com", postingBadges.contains(host + "/" + ImageURL.fileName(of: url)) { return true }
        let feedHost = host.hasPrefix("feeds.") || host.hasSuffix("feedburner.com") || host.hasSuffix("medium.com")
        return feedHost && beaconPathMarkers.contains { url.contains($0) }
    }

    /// True when the element declares a size of at most 1×1 pixel (`width=1 height=1`, `1px`).
    static func isOnePixel(_ img: HTMLNode) -> Bool {
        guard let width = dimension(img, "width"), let height = dimension(img, "height") else { return false }
        return width <= 1 && height <= 1
    }

    /// A pixel dimension from the attribute or the inline style; nil when not given in pixels.
    private static func dimension(_ img: HTMLNode, _ name: String) -> Double? {
        var raw = img.attribute(name)
        if raw == nil, let style = img.attribute("style"), style.containsBytes(name) { raw = CaptionFinder.styleValue(style, name) }
        guard var value = raw?.trimmedWhitespace().lowercased(), !value.isEmpty else { return nil }
        if value.hasSuffix("px") { value.removeLast(2) }
        return Double(value)
    }
}
