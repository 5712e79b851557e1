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
    ]
    /// Path markers of beacons on shared hosts: FeedBurner `~r` (read pixel), `~f`/`~ff` (flare
    /// buttons), WordPress.com feed comment counters, Medium's `_/stat` pixel.
    static let beaconPathMarkers = ["/~r/", "/~f/", "/~ff/", "/~a/", "/1.0/comments/", "/1.0/gocomments/", "/_/stat", "/__utm.gif"]

    /// True when the `<img>` is a beacon, an ad or hidden: not an image of the post.
    static func isNotAPicture(_ img: HTMLNode, url: String) -> Bool {
        if isOnePixel(img) { return true }
        if let style = img.attribute("style"), style.containsBytes("none"), CaptionFinder.styleValue(style, "display") == "none" { return true }
        return isBeaconURL(url)
    }

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
