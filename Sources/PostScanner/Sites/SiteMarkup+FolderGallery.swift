import Foundation

extension SiteMarkup {
    /// True for a shortcode that shows several pictures (`gallery`, `load-gallery`, `album`, ...).
    static func isGalleryShortcode(_ name: String) -> Bool {
        ["gallery", "album", "photos", "carousel", "slider"].contains { name.contains($0) }
    }

    /// A gallery of the files a folder holds (see `SiteGallery`), one figure per file, captioned
    /// by the title front matter gives the page resource (`resources: [{src, title}]`, where
    /// `:counter` counts the files that entry matched).
    mutating func folderGallery(_ references: [String]) -> String {
        let titles = resourceTitles()
        var counters: [Int: Int] = [:]
        var html = ""
        for reference in references {
            var caption: String? = nil
            if let index = titles.firstIndex(where: { SitePaths.globMatches($0.src, reference) }) {
                counters[index, default: 0] += 1
                caption = titles[index].title.replacingOccurrences(of: ":counter", with: String(counters[index]!))
            }
            html += "<figure><img src=\"\(HTMLEscaping.escape(reference))\" alt=\"\" \(MarkdownBody.markdownMarker)=\"1\">"
            if let caption, !caption.isEmpty { html += "<figcaption>\(HTMLEscaping.escape(caption))</figcaption>" }
            html += "</figure>"
        }
        listedFolder = true
        return html
    }

    /// The `src` and `title` of each front-matter `resources` entry that has both, in order.
    private func resourceTitles() -> [(src: String, title: String)] {
        frontMatterMappings("resources").compactMap { entry in entry["src"].flatMap { src in entry["title"].map { (src, $0) } } }
    }
}
